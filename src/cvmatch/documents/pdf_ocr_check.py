"""Whether invisible text over a scanned image is an honest OCR layer.

A searchable scan draws the page as an image and lays its OCR text over it in invisible render
mode. The same trick hides keywords: invisible text the image does not show. So invisible text
counts as visible only where it agrees with what tesseract reads *in the same place* on the
rendered page: each line of the layer is kept when at least :data:`MIN_LINE_AGREEMENT` of its
words (of three letters or more) are among the words OCR finds inside that line's box (an honest
layer lies on the words it transcribes); other lines are hidden. Matching by place, not by page,
keeps a stuffed line from passing on words that happen to appear elsewhere on the page. Without
tesseract the layer cannot be checked and is hidden (the reader flags it).
"""

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium

from cvmatch.documents import ocr
from cvmatch.documents.pdf_chars import PdfChar
from cvmatch.errors import OcrUnavailableError

logger = logging.getLogger(__name__)

CHECK_DPI = 200
"""Rendering resolution for the check (tesseract reads body text well at 200 dpi)."""
MAX_CHECK_PIXELS = 16_000_000
"""Ceiling on the rendered page; huge pages render coarser."""
MIN_LINE_AGREEMENT = 0.5
"""Share of a layer line's words OCR must also read on the page for the line to count."""
_WORD = re.compile(r"\w{3,}")
_SLACK_PT = 2.0
"""How far (points) an OCR word's centre may lie outside a layer line's box and still count."""


@dataclass(frozen=True)
class OcrWord:
    """A word tesseract read, lowercase, with its box centre in PDF points (y grows upwards)."""

    text: str
    x: float
    y: float


PageWords = tuple[OcrWord, ...]


def page_words(page: pdfium.PdfPage, languages: str) -> PageWords | None:
    """Words tesseract reads on the rendered ``page``, placed in PDF points; None without tesseract.

    The caller holds pdfium's lock (rendering is a pdfium call).
    """
    if not ocr.tesseract_available():
        return None
    import pytesseract  # noqa: PLC0415 (lazy: it imports pandas, 0.7 s at every start-up)

    width, height = page.get_size()
    scale = min(CHECK_DPI / 72, (MAX_CHECK_PIXELS / max(width * height, 1.0)) ** 0.5)
    image = page.render(scale=scale, grayscale=True).to_pil()
    try:
        found = pytesseract.image_to_data(
            image,
            lang=ocr.available_languages(languages),
            timeout=ocr.PAGE_TIMEOUT_S,
            output_type=pytesseract.Output.DICT,
        )
    except (RuntimeError, OSError, OcrUnavailableError) as error:
        logger.warning("cannot check the OCR layer of a scanned page (%s); hiding it", error)
        return None
    words: list[OcrWord] = []
    for text, left, top, w, h in zip(
        found["text"], found["left"], found["top"], found["width"], found["height"], strict=True
    ):
        for word in _WORD.findall(str(text)):
            x = (left + w / 2) / scale
            y = height - (top + h / 2) / scale
            words.append(OcrWord(word.lower(), x, y))
    return tuple(words)


def agreeing_lines(chars: Sequence[PdfChar], seen: PageWords) -> list[bool]:
    """For each character of an invisible layer, whether its line agrees with OCR there."""
    verdicts = [False] * len(chars)
    for line in _lines(chars):
        words = [w.lower() for w in _WORD.findall("".join(chars[i].text for i in line))]
        there = _words_in_box([chars[i] for i in line], seen)
        agree = not words or sum(w in there for w in words) >= MIN_LINE_AGREEMENT * len(words)
        for i in line:
            verdicts[i] = agree
    return verdicts


def _words_in_box(line: Sequence[PdfChar], seen: PageWords) -> set[str]:
    """The OCR words whose centre lies inside the box of ``line`` (with a little slack)."""
    left = min(c.left for c in line) - _SLACK_PT
    right = max(c.right for c in line) + _SLACK_PT
    bottom = min(c.bottom for c in line) - _SLACK_PT
    top = max(c.top for c in line) + _SLACK_PT
    return {w.text for w in seen if left <= w.x <= right and bottom <= w.y <= top}


def _lines(chars: Sequence[PdfChar]) -> list[list[int]]:
    """Indices of ``chars`` grouped into lines (same baseline within a point, stream order)."""
    lines: list[list[int]] = []
    for i, char in enumerate(chars):
        if lines and abs(chars[lines[-1][-1]].baseline - char.baseline) < 1.0:
            lines[-1].append(i)
        else:
            lines.append([i])
    return lines
