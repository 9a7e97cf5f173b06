"""Find the characters of a PDF page that a human reader cannot see.

Hidden text is a known trick to stuff a CV with keywords. A character is hidden when it is drawn
in an invisible render mode, is transparent, tiny or off the page, has (nearly) the colour of the
background under it, or leaves no ink on the rendered page because something covers it. The last
two checks render the page at :data:`RENDER_SCALE` and compare each word with its surroundings.

Invisible text over a scanned image may be the OCR layer of a scan, standing for what the image
shows: its lines are kept (and the reader flags the document as OCR) only where tesseract reads
the same words on the rendered page (:mod:`~cvmatch.documents.pdf_ocr_check`). Without
tesseract, or where OCR disagrees, invisible text is hidden.
"""

import ctypes
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from cvmatch.documents.base import Limits
from cvmatch.documents.contrast import (
    MIN_COLOUR_DISTANCE,
    MIN_CONTRAST_RATIO,
    contrast_ratio,
    invisible_on,
)
from cvmatch.documents.pdf_chars import PdfChar
from cvmatch.documents.pdf_ink import WHITE, InkMap
from cvmatch.documents.pdf_ocr_check import agreeing_lines, page_words

__all__ = [
    "MIN_COLOUR_DISTANCE",
    "MIN_CONTRAST_RATIO",
    "Hidden",
    "PageVisibility",
    "check_page",
    "contrast_ratio",
    "is_scan",
]

# Thresholds (documented in docs and reader.config()):
MIN_FONT_SIZE_PT = 4.0
"""Text smaller than 4 pt is a speck on paper; real footnotes stay above 5 pt."""
MIN_ALPHA = 8
"""Fill opacity (0-255) below which a glyph is transparent."""
MIN_INK = 24
"""A visible word changes at least one rendered pixel by this much (0-255) from the background."""
RENDER_SCALE = 1.0
"""Pixels per point of the page rendering used for the colour checks (72 dpi is enough)."""
MAX_RENDER_PIXELS = 4_000_000
"""Ceiling on that rendering (A4 at 72 dpi is 0.5 M pixels); huge pages render coarser."""
SCAN_IMAGE_SHARE = 0.5
"""Images covering at least this share of the page make it a scan; its invisible text is OCR."""
INVISIBLE_RENDER_MODES = frozenset({3, 7})  # 3 = invisible, 7 = clip only (PDF 1.7, 9.3.6)
_STROKE_ONLY_MODES = frozenset({1, 5})  # outline-only text is seen in its stroke colour
_PAD, _RING = 1, 2  # background ring: _RING pixels wide, _PAD pixels away from the word

Pixels = npt.NDArray[np.uint8]
ToPixel = Callable[[float, float], tuple[int, int]]
Colour = tuple[float, float, float]


class Hidden(StrEnum):
    """Why a character is hidden."""

    INVISIBLE = "invisible render mode"
    TRANSPARENT = "transparent"
    TINY = "tiny"
    OFF_PAGE = "off page"
    LOW_CONTRAST = "same colour as background"
    COVERED = "covered"


@dataclass(frozen=True)
class PageVisibility:
    """``hidden[i]`` is why ``chars[i]`` is hidden, or None when it is visible."""

    hidden: list[Hidden | None]
    ocr_layer: bool
    """Invisible text over a scanned image was kept as visible OCR text (OCR agreed)."""


def check_page(
    page: pdfium.PdfPage, chars: Sequence[PdfChar], languages: str = Limits.ocr_languages
) -> PageVisibility:
    """Classify every character of ``page`` as visible or hidden (caller holds the pdfium lock)."""
    page_box = page.get_cropbox()
    layer = [i for i, c in enumerate(chars) if c.render_mode in INVISIBLE_RENDER_MODES]
    kept: set[int] = set()
    if layer and is_scan(page):
        seen = page_words(page, languages)
        if seen is not None:
            agree = agreeing_lines([chars[i] for i in layer], seen)
            kept = {i for i, ok in zip(layer, agree, strict=True) if ok}
    hidden = [_static_reason(c, page_box, i in kept) for i, c in enumerate(chars)]
    drawn = [
        i
        for i, c in enumerate(chars)
        if hidden[i] is None and c.render_mode not in INVISIBLE_RENDER_MODES
    ]
    if drawn:
        width, height = page.get_size()
        scale = min(RENDER_SCALE, (MAX_RENDER_PIXELS / max(width * height, 1.0)) ** 0.5)
        bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=False)
        pixels: Pixels = bitmap.to_numpy()[:, :, :3]
        to_pixel = _page_to_pixel(bitmap.get_posconv(page))
        words = list(_words(chars, drawn))
        paper = _paper(page, scale, pixels.shape[:2])
        reasons = _raster_reasons(
            [[chars[i] for i in word] for word in words], pixels, to_pixel, paper
        )
        for word, reason in zip(words, reasons, strict=True):
            for i in word:
                hidden[i] = reason
    _spaces_follow_words(chars, hidden)
    return PageVisibility(hidden=hidden, ocr_layer=bool(kept))


def _page_to_pixel(posconv: pdfium.PdfPosConv) -> ToPixel:
    """``posconv.to_bitmap`` with its output buffers allocated once (it runs twice a word)."""
    x, y = ctypes.c_int(), ctypes.c_int()
    refs = (ctypes.byref(x), ctypes.byref(y))
    page, args = posconv.page.raw, posconv.pos_args

    def to_pixel(page_x: float, page_y: float) -> tuple[int, int]:
        if not pdfium_c.FPDF_PageToDevice(page, *args, page_x, page_y, *refs):
            raise pdfium.PdfiumError("Failed to translate to bitmap coordinates.")
        return x.value, y.value

    return to_pixel


def _spaces_follow_words(chars: Sequence[PdfChar], hidden: list[Hidden | None]) -> None:
    """A space between hidden words is hidden too (it would otherwise split visible words)."""
    previous: Hidden | None = None
    for i, char in enumerate(chars):
        if not char.is_space:
            previous = hidden[i]
        elif hidden[i] is None:
            hidden[i] = previous


def is_scan(page: pdfium.PdfPage) -> bool:
    """Whether images cover at least :data:`SCAN_IMAGE_SHARE` of the page."""
    left, bottom, right, top = page.get_cropbox()
    page_area = max((right - left) * (top - bottom), 1.0)
    covered: float = 0.0
    for image in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3):
        i_left, i_bottom, i_right, i_top = image.get_bounds()
        width = min(i_right, right) - max(i_left, left)
        height = min(i_top, top) - max(i_bottom, bottom)
        covered += max(float(width), 0.0) * max(float(height), 0.0)
    return bool(covered / page_area >= SCAN_IMAGE_SHARE)


def _static_reason(
    char: PdfChar, page_box: tuple[float, float, float, float], ocr_agrees: bool
) -> Hidden | None:
    invisible = char.render_mode in INVISIBLE_RENDER_MODES
    if invisible and not ocr_agrees:
        return Hidden.INVISIBLE
    if char.size < MIN_FONT_SIZE_PT:
        return Hidden.TINY
    x, y = char.center
    left, bottom, right, top = page_box
    if not (left <= x <= right and bottom <= y <= top):
        return Hidden.OFF_PAGE
    if not (invisible or char.is_space) and _ink_colour(char)[3] < MIN_ALPHA:
        return Hidden.TRANSPARENT
    return None


def _ink_colour(char: PdfChar) -> tuple[int, int, int, int]:
    return char.stroke if char.render_mode in _STROKE_ONLY_MODES else char.fill


def _words(chars: Sequence[PdfChar], indices: Sequence[int]) -> Iterator[list[int]]:
    """Group consecutive drawn characters into words of one style (spaces join the word before)."""
    word: list[int] = []
    for i in indices:
        char = chars[i]
        if word:
            last = chars[word[-1]]
            same_style = (last.object_id, last.fill, last.render_mode) == (
                char.object_id,
                char.fill,
                char.render_mode,
            )
            contiguous = i == word[-1] + 1 and abs(last.baseline - char.baseline) < 1.0
            if not (same_style and contiguous) or (last.is_space and not char.is_space):
                yield word
                word = []
        word.append(i)
    if word:
        yield word


def _paper(page: pdfium.PdfPage, scale: float, shape: tuple[int, ...]) -> InkMap | None:
    """The page rendered without its text objects: what each word is drawn on.

    The page is changed in memory only (the caller has read its characters already). Text
    inside form XObjects stays; None when the page has no top-level text object.
    """
    texts = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=1))
    if not texts:
        return None
    for text in texts:
        page.remove_obj(text)
    bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=False)
    pixels: Pixels = bitmap.to_numpy()[:, :, :3]
    return InkMap(pixels.copy(), MIN_INK) if pixels.shape[:2] == shape else None


def _raster_reasons(
    words: Sequence[Sequence[PdfChar]],
    pixels: Pixels,
    to_pixel: ToPixel,
    paper: InkMap | None = None,
) -> list[Hidden | None]:
    """Why each word is hidden on the rendered page (same verdicts as one word at a time).

    Words on white paper are decided from pixel counts (:mod:`~cvmatch.documents.pdf_ink`),
    the others from the median colour of their ring and the pixels inside their box. Then a
    word still visible is compared with the ``paper`` right under it (the page without text):
    faint text laid over other text has a busy ring but is no easier to see.
    """
    height, width = pixels.shape[:2]
    inked = [[c for c in word if not c.is_space] for word in words]
    boxes = [_pixel_box(chars, to_pixel, width, height) if chars else None for chars in inked]
    reasons: list[Hidden | None] = [None] * len(words)
    ink = InkMap(pixels, MIN_INK)
    for i, box in enumerate(boxes):
        if box is None:
            continue
        colour = _ink_colour(inked[i][0])[:3]
        white = ink.white_ring(box, _PAD, _PAD + _RING)
        if white:
            reasons[i] = _verdict(colour, WHITE, covered=not ink.has_ink(box))
        elif white is not None:
            background = _background(pixels, box)
            if background is not None:
                covered = _no_ink(pixels, box, background)
                reasons[i] = _verdict(colour, background, covered=covered)
        if reasons[i] is None and paper is not None and invisible_on(colour, paper.under(box)):
            reasons[i] = Hidden.LOW_CONTRAST
    return reasons


def _verdict(colour: Sequence[float], background: Colour, *, covered: bool) -> Hidden | None:
    if invisible_on(colour, background):
        return Hidden.LOW_CONTRAST
    return Hidden.COVERED if covered else None


def _no_ink(pixels: Pixels, box: tuple[int, int, int, int], background: Colour) -> bool:
    """Whether no pixel inside ``box`` differs from ``background`` by :data:`MIN_INK`."""
    x0, y0, x1, y1 = box
    inner = pixels[y0:y1, x0:x1].astype(np.int16)
    return bool(
        inner.size and int(np.abs(inner - np.array(background, dtype=np.int16)).max()) < MIN_INK
    )


def _pixel_box(
    chars: Sequence[PdfChar], to_pixel: ToPixel, width: int, height: int
) -> tuple[int, int, int, int] | None:
    left = min(c.left for c in chars)
    right = max(c.right for c in chars)
    bottom = min(c.bottom for c in chars)
    top = max(c.top for c in chars)
    (xa, ya), (xb, yb) = to_pixel(left, top), to_pixel(right, bottom)
    x0, x1 = max(min(xa, xb), 0), min(max(xa, xb) + 1, width)
    y0, y1 = max(min(ya, yb), 0), min(max(ya, yb) + 1, height)
    return (x0, y0, x1, y1) if x0 < x1 and y0 < y1 else None


def _background(pixels: Pixels, box: tuple[int, int, int, int]) -> Colour | None:
    """Median colour of a ring of pixels around ``box`` (what the word is drawn on)."""
    x0, y0, x1, y1 = box
    near, far = _PAD, _PAD + _RING
    strips = (
        pixels[max(y0 - far, 0) : max(y0 - near, 0), max(x0 - near, 0) : x1 + near],
        pixels[y1 + near : y1 + far, max(x0 - near, 0) : x1 + near],
        pixels[y0:y1, max(x0 - far, 0) : max(x0 - near, 0)],
        pixels[y0:y1, x1 + near : x1 + far],
    )
    ring = np.concatenate([strip.reshape(-1, 3) for strip in strips])
    if ring.size == 0:
        return None
    red, green, blue = (float(v) for v in np.median(ring, axis=0))
    return red, green, blue
