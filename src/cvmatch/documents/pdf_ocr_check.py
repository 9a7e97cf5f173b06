"""Whether invisible text over a scanned image is an honest OCR layer.

A searchable scan draws the page as an image and lays its OCR text over it in invisible render
mode. The same trick hides keywords: invisible text the image does not show. So invisible text
counts as visible only where it agrees with what tesseract reads on the rendered page: each line
of the layer is kept when at least :data:`MIN_LINE_AGREEMENT` of its words (of three letters or
more) are among the words OCR finds on the page; other lines are hidden. Without tesseract the
layer cannot be checked and is hidden (the reader flags it).
"""

import logging
import re
from collections.abc import Sequence

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

PageWords = frozenset[str]


def page_words(page: pdfium.PdfPage, languages: str) -> PageWords | None:
    """Words tesseract reads on the rendered ``page`` (lowercase); None without tesseract.

    The caller holds pdfium's lock (rendering is a pdfium call).
    """
    if not ocr.tesseract_available():
        return None
    import pytesseract  # noqa: PLC0415 (lazy: it imports pandas, 0.7 s at every start-up)

    width, height = page.get_size()
    scale = min(CHECK_DPI / 72, (MAX_CHECK_PIXELS / max(width * height, 1.0)) ** 0.5)
    image = page.render(scale=scale, grayscale=True).to_pil()
    try:
        found = pytesseract.image_to_string(
            image, lang=ocr.available_languages(languages), timeout=ocr.PAGE_TIMEOUT_S
        )
    except (RuntimeError, OSError, OcrUnavailableError) as error:
        logger.warning("cannot check the OCR layer of a scanned page (%s); hiding it", error)
        return None
    return frozenset(word.lower() for word in _WORD.findall(found))


def agreeing_lines(chars: Sequence[PdfChar], seen: PageWords) -> list[bool]:
    """For each character of an invisible layer, whether its line agrees with ``seen``."""
    verdicts = [False] * len(chars)
    for line in _lines(chars):
        words = [w.lower() for w in _WORD.findall("".join(chars[i].text for i in line))]
        agree = not words or sum(w in seen for w in words) >= MIN_LINE_AGREEMENT * len(words)
        for i in line:
            verdicts[i] = agree
    return verdicts


def _lines(chars: Sequence[PdfChar]) -> list[list[int]]:
    """Indices of ``chars`` grouped into lines (same baseline within a point, stream order)."""
    lines: list[list[int]] = []
    for i, char in enumerate(chars):
        if lines and abs(chars[lines[-1][-1]].baseline - char.baseline) < 1.0:
            lines[-1].append(i)
        else:
            lines.append([i])
    return lines
