"""OCR for scanned PDFs: pdfium renders each page, tesseract (through pytesseract) reads it.

Tesseract is a system program (``scripts/system-deps.sh`` installs it with the English, French,
German and Spanish packs). It is optional: without it a scanned PDF raises
:class:`~cvmatch.errors.OcrUnavailableError` with the command that installs it. The work is
bounded: at most ``limits.max_pages`` pages, :data:`MAX_PAGE_PIXELS` per page and
:data:`PAGE_TIMEOUT_S` seconds of tesseract per page.
"""

import logging
import shutil
from collections import defaultdict
from collections.abc import Iterator, Sequence
from statistics import median
from typing import Any

import pypdfium2 as pdfium
from PIL import Image

from cvmatch.documents.base import Budget, Limits
from cvmatch.documents.pdf_chars import PDFIUM_LOCK
from cvmatch.documents.pdf_columns import fragments_text
from cvmatch.documents.pdf_layout import FRAGMENT_GAP_EM, Fragment
from cvmatch.errors import CorruptDocumentError, OcrUnavailableError

logger = logging.getLogger(__name__)

OCR_DPI = 300
"""Rendering resolution; tesseract is most accurate with text at about 300 dpi."""
MAX_PAGE_PIXELS = 36_000_000
"""Ceiling on one rendered page (A4 at 300 dpi is 8.7 M pixels); larger pages render coarser."""
_LINE_HEIGHT_EM = 0.85  # tesseract's ink box of a line: ~0.7 em (caps) to ~0.95 em (descenders)
PAGE_TIMEOUT_S = 120.0
"""Tesseract is stopped after this many seconds on one page."""
INSTALL_HINT = (
    "install it with `apt-get install tesseract-ocr tesseract-ocr-fra tesseract-ocr-deu "
    "tesseract-ocr-spa` (or run scripts/system-deps.sh as root)"
)


def tesseract_available() -> bool:
    """Whether the tesseract program is on the PATH."""
    import pytesseract  # noqa: PLC0415 (lazy: it imports pandas, 0.7 s at every start-up)

    return shutil.which(pytesseract.pytesseract.tesseract_cmd) is not None


def ocr_pdf(data: bytes, limits: Limits, budget: Budget | None = None) -> str:
    """Return the text tesseract reads on the rendered pages of the PDF in ``data``.

    With a ``budget``, its time and memory are checked before each page.

    Raises:
        DocumentTooLargeError: the budget ran out.
        OcrUnavailableError: tesseract or all requested language packs are missing, tesseract
            failed or timed out, or the scan holds no readable text.
    """
    if not tesseract_available():
        raise OcrUnavailableError(
            f"this PDF is a scan without a text layer and tesseract OCR is not installed; {INSTALL_HINT}"
        )
    languages = available_languages(limits.ocr_languages)
    pages = []
    for number, image in enumerate(_render_pages(data, limits.max_pages), start=1):
        if budget is not None:
            budget.checkpoint()
        pages.append(_read_image(image, languages, number))
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise OcrUnavailableError(
            "this PDF is a scan and OCR found no readable text in it; "
            "send a sharper scan or a PDF exported with its text"
        )
    return text


def available_languages(requested: str) -> str:
    """Return the installed subset of ``requested`` (tesseract codes joined by ``+``)."""
    import pytesseract  # noqa: PLC0415 (lazy: it imports pandas, 0.7 s at every start-up)

    wanted = [code for code in requested.split("+") if code]
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError) as error:
        raise OcrUnavailableError(
            f"cannot list tesseract's languages ({error}); {INSTALL_HINT}"
        ) from error
    usable = [code for code in wanted if code in installed]
    missing = [code for code in wanted if code not in installed]
    if not usable:
        raise OcrUnavailableError(
            f"no tesseract language pack for {requested!r} is installed; {INSTALL_HINT}"
        )
    if missing:
        logger.warning(
            "tesseract language packs missing: %s; OCR uses %s",
            ", ".join(missing),
            "+".join(usable),
        )
    return "+".join(usable)


def _render_pages(data: bytes, max_pages: int) -> Iterator[Image.Image]:
    """Yield page images one at a time (holding pdfium's lock only while rendering)."""
    with PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise CorruptDocumentError(f"cannot open this PDF for OCR ({error})") from error
        count = min(len(pdf), max_pages)
    try:
        for index in range(count):
            with PDFIUM_LOCK:
                image = _render(pdf, index)
            yield image
    finally:
        with PDFIUM_LOCK:
            pdf.close()


def _render(pdf: pdfium.PdfDocument, index: int) -> Image.Image:
    page = pdf[index]
    try:
        width, height = page.get_size()
        scale = min(OCR_DPI / 72, (MAX_PAGE_PIXELS / max(width * height, 1.0)) ** 0.5)
        image: Image.Image = page.render(scale=scale, grayscale=True).to_pil()
        return image
    except pdfium.PdfiumError as error:
        raise CorruptDocumentError(
            f"page {index + 1} of this PDF cannot be rendered ({error})"
        ) from error
    finally:
        page.close()


def _read_image(image: Image.Image, languages: str, number: int) -> str:
    import pytesseract  # noqa: PLC0415 (lazy: it imports pandas, 0.7 s at every start-up)

    try:
        words: dict[str, list[Any]] = pytesseract.image_to_data(
            image, lang=languages, timeout=PAGE_TIMEOUT_S, output_type=pytesseract.Output.DICT
        )
    except pytesseract.TesseractNotFoundError as error:
        raise OcrUnavailableError(f"tesseract OCR is not installed; {INSTALL_HINT}") from error
    except RuntimeError as error:  # TesseractError, and pytesseract's timeout (a RuntimeError)
        raise OcrUnavailableError(
            f"OCR failed on page {number} ({error}); the page may be too large or damaged"
        ) from error
    # Our column detector orders the words: tesseract alone merges aligned columns line by line.
    return fragments_text(_fragments(words, image.height))


def _fragments(words: dict[str, list[Any]], height: int) -> list[Fragment]:
    """Tesseract's words (pixels, y down) as fragments (y up), one per line and column."""
    lines: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, text in enumerate(words["text"]):
        if str(text).strip():
            lines[words["block_num"][i], words["par_num"][i], words["line_num"][i]].append(i)
    boxes = {
        key: (min(words["top"][i] for i in indices), max(_bottom(words, i) for i in indices))
        for key, indices in lines.items()
    }
    # Lines without descenders look small: the page's median line height steadies the em.
    typical = median(bottom - top for top, bottom in boxes.values()) if boxes else 0
    fragments: list[Fragment] = []
    for key, indices in lines.items():
        top, bottom = boxes[key]
        size = max(bottom - top, typical) / _LINE_HEIGHT_EM
        indices.sort(key=lambda i: words["left"][i])
        piece: list[int] = []
        for i in indices:
            if piece and words["left"][i] - _right(words, piece[-1]) > FRAGMENT_GAP_EM * size:
                fragments.append(_fragment(words, piece, height - top, height - bottom, size))
                piece = []
            piece.append(i)
        fragments.append(_fragment(words, piece, height - top, height - bottom, size))
    return fragments


def _bottom(words: dict[str, list[Any]], index: int) -> int:
    return int(words["top"][index] + words["height"][index])


def _right(words: dict[str, list[Any]], index: int) -> int:
    return int(words["left"][index] + words["width"][index])


def _fragment(
    words: dict[str, list[Any]], piece: Sequence[int], top: float, bottom: float, size: float
) -> Fragment:
    return Fragment(
        text=" ".join(str(words["text"][i]).strip() for i in piece),
        left=float(words["left"][piece[0]]),
        bottom=bottom,
        right=float(_right(words, piece[-1])),
        top=top,
        baseline=bottom,
        size=size,
    )
