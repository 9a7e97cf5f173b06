"""PDF reader: visible text in reading order, hidden text set apart, OCR for scans.

pypdfium2 gives every character with its box, size, colour and render mode
(:mod:`~cvmatch.documents.pdf_chars`). Characters a reader cannot see go to ``hidden_text``
(:mod:`~cvmatch.documents.pdf_visibility`); the rest become lines and are put in reading order
by our column detector (:mod:`~cvmatch.documents.pdf_layout`,
:mod:`~cvmatch.documents.pdf_columns`), which is right even when a PDF writes its right column
first. A PDF without any text layer is a scan and goes to OCR (:mod:`~cvmatch.documents.ocr`).
"""

import logging
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from cvmatch.documents import pdf_visibility
from cvmatch.documents.base import Budget, RawText, Reader
from cvmatch.documents.ocr import ocr_pdf
from cvmatch.documents.pdf_chars import PDFIUM_LOCK, PdfChar, read_chars
from cvmatch.documents.pdf_columns import fragments_text
from cvmatch.documents.pdf_layout import build_fragments
from cvmatch.errors import CorruptDocumentError, DocumentTooLargeError, EncryptedDocumentError
from cvmatch.types import Flag

logger = logging.getLogger(__name__)

_HEADER_WINDOW = 1024  # "%PDF-" must appear this early (PDF 1.7, annex H.3 allows junk before)
MAX_PAGE_CHARS = 30_000
"""A page with more characters than this is refused (a dense A4 page at 6 pt holds ~12,000);
per-character work on one page must stay well inside the reading time budget."""
MAX_IMAGE_PIXELS = 60_000_000
"""An image with more pixels than this is refused before the page is rendered (an A4 scan at
600 dpi has 35 million)."""
_HIDDEN_WORD = re.compile(r"\w\w")
"""Hidden text without two letters or digits in a row (a stray bullet or ">" spilling over the
page edge) is layout noise, not hidden content: it is dropped, not reported."""


@dataclass(frozen=True)
class _Page:
    text: str
    hidden: str
    has_chars: bool
    scan: bool
    """Images cover most of the page (checked only when it shows no text)."""
    ocr_layer: bool


class PdfReader(Reader):
    """Reads PDF files with pypdfium2; thread-safe (pdfium calls are serialised)."""

    name: ClassVar[str] = "pdf"
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)

    def config(self) -> dict[str, Any]:
        """Return the reader's name and its hidden-text thresholds."""
        return {
            "name": self.name,
            "min_font_size_pt": pdf_visibility.MIN_FONT_SIZE_PT,
            "min_contrast_ratio": pdf_visibility.MIN_CONTRAST_RATIO,
            "min_ink": pdf_visibility.MIN_INK,
        }

    def _read(self, data: bytes, budget: Budget) -> RawText:
        if b"%PDF-" not in data[:_HEADER_WINDOW]:
            raise CorruptDocumentError("this file is not a PDF (it has no %PDF- header)")
        limits = budget.limits
        with PDFIUM_LOCK:
            pages = _extract(data, budget)
        text, hidden = _join(p.text for p in pages), _join(p.hidden for p in pages)
        flags: list[Flag] = []
        if hidden:
            flags.append(Flag.HIDDEN_TEXT)
            logger.warning(
                "PDF holds %d characters of hidden text; they are not scored", len(hidden)
            )
        if not text and (not any(p.has_chars for p in pages) or any(p.scan for p in pages)):
            logger.info("PDF has no visible text layer; running OCR on %d pages", len(pages))
            text = _join([ocr_pdf(data, limits, budget)])
            flags.append(Flag.OCR)
        elif any(p.ocr_layer for p in pages):
            flags.append(Flag.OCR)
        return RawText(text=text, hidden_text=hidden, flags=tuple(flags), pages=len(pages))


def _extract(data: bytes, budget: Budget) -> list[_Page]:
    """Read every page, spending ``budget`` page by page (see :func:`_read_page`)."""
    limits = budget.limits
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocumentError(
                "this PDF is password-protected; remove the password and try again"
            ) from error
        raise CorruptDocumentError(
            f"this PDF is damaged and cannot be opened ({error}); export or download it again"
        ) from error
    try:
        count = len(pdf)
        if count == 0:
            raise CorruptDocumentError("this PDF has no pages; export or download it again")
        if count > limits.max_pages:
            raise DocumentTooLargeError(
                f"PDF has {count} pages; the limit is {limits.max_pages} "
                "(set CVMATCH_MAX_PAGES to change it)"
            )
        pages = []
        for index in range(count):
            budget.checkpoint()
            pages.append(_read_page(pdf, index, budget))
            budget.add_chars(len(pages[-1].text))
        return pages
    except pdfium.PdfiumError as error:
        raise CorruptDocumentError(
            f"this PDF is damaged ({error}); export or download it again"
        ) from error
    finally:
        pdf.close()


def _read_page(pdf: pdfium.PdfDocument, index: int, budget: Budget) -> _Page:
    """Read one page; its objects and characters are counted before the costly per-character work.

    Page objects count against ``max_elements``; the characters pdfium finds (visible and
    hidden) against :data:`MAX_PAGE_CHARS` for the page and ``max_chars + max_hidden_chars``
    for the document. The page's visible text counts against ``max_chars`` in :func:`_extract`.
    """
    page = pdf[index]
    try:
        budget.add_elements(pdfium_c.FPDFPage_CountObjects(page.raw), "objects on its pages")
        _check_images(page, index)
        textpage = page.get_textpage()
        try:
            _count_chars(pdfium_c.FPDFText_CountChars(textpage.raw), index, budget)
            chars = read_chars(textpage)
        finally:
            textpage.close()
        verdict = pdf_visibility.check_page(page, chars)
        visible = [c for c, why in zip(chars, verdict.hidden, strict=True) if why is None]
        hidden = [c for c, why in zip(chars, verdict.hidden, strict=True) if why is not None]
        if hidden:
            reasons = Counter(str(why) for why in verdict.hidden if why is not None)
            logger.info("page %d: hidden characters by reason: %s", index + 1, dict(reasons))
        text, hidden_text = layout_text(visible), layout_text(hidden)
        return _Page(
            text=text,
            hidden=hidden_text if _HIDDEN_WORD.search(hidden_text) else "",
            has_chars=bool(chars),
            scan=not text and pdf_visibility.is_scan(page),
            ocr_layer=verdict.ocr_layer and bool(text),
        )
    finally:
        page.close()


def _check_images(page: pdfium.PdfPage, index: int) -> None:
    """Refuse images whose decoding alone would blow the memory budget.

    A tiny deflated stream can declare 30,000 x 30,000 pixels, and rendering the page (for the
    hidden-text and scan checks) decodes it whole.
    """
    for image in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=4):
        width, height = image.get_px_size()
        if width * height > MAX_IMAGE_PIXELS:
            raise DocumentTooLargeError(
                f"page {index + 1} of this PDF holds a {width:,} x {height:,} pixel image; the "
                f"limit is {MAX_IMAGE_PIXELS:,} pixels per image"
            )


def _count_chars(count: int, index: int, budget: Budget) -> None:
    limits = budget.limits
    if count > MAX_PAGE_CHARS:
        raise DocumentTooLargeError(
            f"page {index + 1} of this PDF holds {count:,} characters; the limit is "
            f"{MAX_PAGE_CHARS:,} per page"
        )
    budget.raw_chars += count
    ceiling = limits.max_chars + limits.max_hidden_chars
    if budget.raw_chars > ceiling:
        raise DocumentTooLargeError(
            f"this PDF holds more than {ceiling:,} characters (visible and hidden); the limit is "
            "CVMATCH_MAX_CHARS + CVMATCH_MAX_HIDDEN_CHARS"
        )


def layout_text(chars: Sequence[PdfChar]) -> str:
    """Text of ``chars`` in reading order: lines, blank lines between blocks and columns."""
    if not any(not c.is_space for c in chars):
        return ""
    return fragments_text(build_fragments(chars))


def _join(parts: Iterable[str]) -> str:
    """Join page texts with blank lines; tidy white space; compose accents (NFC)."""
    text = unicodedata.normalize("NFC", "\n\n".join(parts))
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
