"""Characters of a PDF page as pdfium sees them: text, box, size, colour and render mode.

pdfium is not thread-safe, so every call into it from cvmatch holds :data:`PDFIUM_LOCK`.
"""

import ctypes
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

PDFIUM_LOCK = threading.RLock()
"""Serialises pdfium calls across threads (the library keeps global state)."""

SOFT_HYPHEN = "\u00ad"
# pdfium reports every hyphen that ends a line as U+0002 (U+FFFE in its text ranges), whether
# the PDF wrote "-" or a soft hyphen; it becomes "-" and pdf_layout.dehyphenate decides.
_LINE_END_HYPHEN_CODES = frozenset({0xFFFE, 0x02})
# Compatibility ligatures (fi, fl, ...) are spelled out so that words match.
_LIGATURES = {
    0xFB00: "ff",
    0xFB01: "fi",
    0xFB02: "fl",
    0xFB03: "ffi",
    0xFB04: "ffl",
    0xFB05: "st",
    0xFB06: "st",
}
_INVALID_CODES = frozenset({0x00, 0xFFFD})


@dataclass(frozen=True, slots=True)
class PdfChar:
    """One character: loose box in PDF points (y grows upwards), style and stream position."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    origin: float
    """Horizontal position of the glyph origin (where the pen was; sorts a line)."""
    baseline: float
    size: float
    """Effective font size in points: font size times the scale of the text matrix."""
    fill: tuple[int, int, int, int]
    stroke: tuple[int, int, int, int]
    render_mode: int
    object_id: int
    """Address of the text object; characters drawn by one operator share it."""

    @property
    def is_space(self) -> bool:
        """Whether the character is white space (it separates words, it carries no ink)."""
        return self.text.isspace()

    @property
    def x(self) -> float:
        """Position along the line, for sorting."""
        return self.origin

    @property
    def center(self) -> tuple[float, float]:
        """Centre of the box."""
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


def read_chars(textpage: pdfium.PdfTextPage) -> list[PdfChar]:
    """Return the page's characters in content-stream order.

    Line breaks pdfium infers are skipped: :mod:`cvmatch.documents.pdf_layout` finds lines from
    geometry. The spaces it infers (from kerning gaps) are kept as word separators.
    """
    reader = _CharReader(textpage)
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(textpage)):
        # pdfium's generated spaces mark word gaps seen in the font metrics and are kept;
        # its generated line breaks are dropped (lines come from geometry).
        generated = pdfium_c.FPDFText_IsGenerated(textpage, index) == 1
        if generated and pdfium_c.FPDFText_GetUnicode(textpage, index) != ord(" "):
            continue
        text = _char_text(textpage, index)
        if text is not None:
            chars.append(reader.read(index, text))
    return chars


def _char_text(textpage: pdfium.PdfTextPage, index: int) -> str | None:
    code = pdfium_c.FPDFText_GetUnicode(textpage, index)
    if code in _LINE_END_HYPHEN_CODES:
        return "-"
    if code == ord(SOFT_HYPHEN):
        return SOFT_HYPHEN  # not printable, but it tells dehyphenate to join the word
    if code in _LIGATURES:
        return _LIGATURES[code]
    if code in _INVALID_CODES or code > sys.maxunicode:
        return None
    char = chr(code)
    if char.isspace():
        return " "
    return char if char.isprintable() else None


class _CharReader:
    """Reads character properties through ctypes buffers allocated once per page."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.textpage = textpage
        self.rect = pdfium_c.FS_RECTF()
        self.matrix = pdfium_c.FS_MATRIX()
        self.origin = (ctypes.c_double(), ctypes.c_double())
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.render_modes: dict[int, int] = {}

    def read(self, index: int, text: str) -> PdfChar:
        textpage, rect, matrix = self.textpage, self.rect, self.matrix
        pdfium_c.FPDFText_GetLooseCharBox(textpage, index, rect)
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, *self.origin)
        scale = 1.0
        if pdfium_c.FPDFText_GetMatrix(textpage, index, matrix):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        object_id, mode = self._render_mode(index)
        fill = self._colour(pdfium_c.FPDFText_GetFillColor, index)
        stroke = self._colour(pdfium_c.FPDFText_GetStrokeColor, index) if mode in (1, 5) else fill
        return PdfChar(
            text=text,
            left=rect.left,
            bottom=rect.bottom,
            right=rect.right,
            top=rect.top,
            origin=self.origin[0].value,
            baseline=self.origin[1].value,
            size=pdfium_c.FPDFText_GetFontSize(textpage, index) * scale,
            fill=fill,
            stroke=stroke,
            render_mode=mode,
            object_id=object_id,
        )

    def _render_mode(self, index: int) -> tuple[int, int]:
        text_object = pdfium_c.FPDFText_GetTextObject(self.textpage, index)
        object_id = ctypes.cast(text_object, ctypes.c_void_p).value or 0
        if object_id not in self.render_modes:
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(text_object) if object_id else 0
            self.render_modes[object_id] = max(mode, 0)
        return object_id, self.render_modes[object_id]

    def _colour(self, getter: Callable[..., int], index: int) -> tuple[int, int, int, int]:
        red, green, blue, alpha = self.rgba
        if not getter(self.textpage, index, red, green, blue, alpha):
            return (0, 0, 0, 255)  # pdfium knows no colour (e.g. a pattern): assume ink is visible
        return red.value, green.value, blue.value, alpha.value
