"""Characters of a PDF page as pdfium sees them: text, box, size, colour and render mode.

pdfium is not thread-safe, so every call into it from cvmatch holds :data:`PDFIUM_LOCK`.

Speed: a CV page has a few thousand characters, so the per-character work is kept to the four
properties pdfium stores per character (code, generated flag, loose box, origin) and the text
object. Size, colours and render mode belong to the text object (pdfium reads them from it,
and a drawn character's matrix is the object's text matrix), so they are read once per object.
Characters pdfium generates (word spaces) carry another matrix and are read one by one.
"""

import ctypes
import sys
import threading
from collections.abc import Callable
from typing import NamedTuple

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
_SPACE = ord(" ")
_OPAQUE_BLACK = (0, 0, 0, 255)

Colour = tuple[int, int, int, int]

# FPDFText_GetTextObject typed to return the address as an int: the object's identity, read
# per character without building and casting a ctypes pointer.
_text_object_address = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p).value or 0
)


class PdfChar(NamedTuple):
    """One character: loose box in PDF points (y grows upwards), style and stream position.

    A named tuple, not a dataclass: pages have thousands of characters and a tuple is built
    five times faster.
    """

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
    fill: Colour
    stroke: Colour
    render_mode: int
    object_id: int
    """Address of the text object; characters drawn by one operator share it."""
    is_space: bool
    """Whether the character is white space (it separates words, it carries no ink)."""

    @property
    def x(self) -> float:
        """Position along the line, for sorting."""
        return self.origin

    @property
    def center(self) -> tuple[float, float]:
        """Centre of the box."""
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


class _Style(NamedTuple):
    """What characters of one text object share."""

    size: float
    fill: Colour
    stroke: Colour
    render_mode: int


def read_chars(textpage: pdfium.PdfTextPage) -> list[PdfChar]:
    """Return the page's characters in content-stream order.

    Line breaks pdfium infers are skipped: :mod:`cvmatch.documents.pdf_layout` finds lines from
    geometry. The spaces it infers (from kerning gaps) are kept as word separators.
    """
    reader = _CharReader(textpage)
    handle = textpage.raw
    get_unicode, is_generated = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsGenerated
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(handle)):
        code = get_unicode(handle, index)
        generated = is_generated(handle, index) == 1
        # pdfium's generated spaces mark word gaps seen in the font metrics and are kept;
        # its generated line breaks are dropped (lines come from geometry).
        if generated and code != _SPACE:
            continue
        text = char_text(code)
        if text is not None:
            chars.append(reader.read(index, text, generated=generated))
    return chars


def char_text(code: int) -> str | None:
    """The text of one pdfium character code, or None for codes that carry no text."""
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
        self.handle = textpage.raw
        self.address = ctypes.cast(self.handle, ctypes.c_void_p).value
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.origin_refs = (ctypes.byref(self.x), ctypes.byref(self.y))
        self.matrix = pdfium_c.FS_MATRIX()
        self.rgba = tuple(ctypes.c_uint() for _ in range(4))
        self.styles: dict[int, _Style] = {}

    def read(self, index: int, text: str, *, generated: bool) -> PdfChar:
        handle, rect = self.handle, self.rect
        pdfium_c.FPDFText_GetLooseCharBox(handle, index, self.rect_ref)
        pdfium_c.FPDFText_GetCharOrigin(handle, index, *self.origin_refs)
        object_id = _text_object_address(self.address, index) or 0
        shared = object_id != 0 and not generated
        style = self.styles.get(object_id) if shared else None
        if style is None:
            style = self._style(index, object_id)
            if shared:
                self.styles[object_id] = style
        return PdfChar(
            text,
            rect.left,
            rect.bottom,
            rect.right,
            rect.top,
            self.x.value,
            self.y.value,
            style.size,
            style.fill,
            style.stroke,
            style.render_mode,
            object_id,
            text.isspace(),
        )

    def _style(self, index: int, object_id: int) -> _Style:
        handle, matrix = self.handle, self.matrix
        scale = 1.0
        if pdfium_c.FPDFText_GetMatrix(handle, index, matrix):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        mode = 0
        if object_id:
            text_object = pdfium_c.FPDFText_GetTextObject(handle, index)
            mode = max(pdfium_c.FPDFTextObj_GetTextRenderMode(text_object), 0)
        fill = self._colour(pdfium_c.FPDFText_GetFillColor, index)
        stroke = self._colour(pdfium_c.FPDFText_GetStrokeColor, index) if mode in (1, 5) else fill
        size = pdfium_c.FPDFText_GetFontSize(handle, index) * scale
        return _Style(size, fill, stroke, mode)

    def _colour(self, getter: Callable[..., int], index: int) -> Colour:
        red, green, blue, alpha = self.rgba
        if not getter(self.handle, index, red, green, blue, alpha):
            return _OPAQUE_BLACK  # pdfium knows no colour (e.g. a pattern): assume ink is visible
        return red.value, green.value, blue.value, alpha.value
