"""Turn a file or a string into a :class:`Document`: pick the reader, check safety, annotate."""

import hashlib
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cvmatch.documents.base import Limits, RawText, Reader
from cvmatch.documents.docx import DocxReader
from cvmatch.documents.html import HtmlReader
from cvmatch.documents.language import (
    CONFIDENCE_FLOOR,
    SUPPORTED_LANGUAGES,
    UNSUPPORTED_SKIPS,
    detect_language,
)
from cvmatch.documents.pdf import PdfReader
from cvmatch.documents.sections import split_sections
from cvmatch.documents.sniff import EXTENSION_FORMATS, formats_compatible, sniff_format
from cvmatch.documents.text import TextReader
from cvmatch.errors import (
    CorruptDocumentError,
    CvmatchError,
    DocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    InvalidInputError,
    UnsupportedFormatError,
    WrongExtensionError,
)
from cvmatch.types import Document, DocumentKind, Flag

logger = logging.getLogger(__name__)

READERS: dict[str, Reader] = {
    r.name: r for r in (PdfReader(), DocxReader(), TextReader(), HtmlReader())
}
SHORT_TEXT_WORDS = 40
"""Documents with fewer words are flagged: their scores rest on little evidence."""


def supported_extensions() -> list[str]:
    """Return the file extensions cvmatch reads."""
    return sorted(EXTENSION_FORMATS)


def load_document(path: Path, kind: DocumentKind, limits: Limits | None = None) -> Document:
    """Read ``path`` as a ``kind`` document; raise a :class:`DocumentError` subclass on bad input."""
    limits = limits or Limits()
    if not path.exists():
        raise InvalidInputError(f"{path}: no such file")
    if not path.is_file():
        raise InvalidInputError(f"{path}: not a regular file")
    size = path.stat().st_size  # checked before reading so a huge file is never loaded
    if size > limits.max_bytes:
        raise DocumentTooLargeError(
            f"{path.name}: {size:,} bytes; the limit is {limits.max_bytes:,} "
            "(set CVMATCH_MAX_FILE_BYTES to change it)"
        )
    data = path.read_bytes()
    with _reader_boundary(path):
        reader = _choose_reader(path, data)
        try:
            raw = reader.read(data, limits)
        except EmptyDocumentError as error:
            raise EmptyDocumentError(f"{path.name}: {error}") from error
        return _build(raw, kind, doc_id=path.name, source=str(path), fmt=reader.name)


@contextmanager
def _reader_boundary(path: Path) -> Iterator[None]:
    """Let documented errors through; turn anything else into one naming ``path``."""
    try:
        yield
    except CvmatchError:
        raise
    except Exception as error:  # the reader boundary: see _unexpected
        raise _unexpected(path, error) from error


def _unexpected(path: Path, error: Exception) -> DocumentError:
    """Any non-cvmatch exception from reading hostile bytes means a damaged file.

    Readers raise documented :class:`CvmatchError` subclasses; the libraries under them
    (zipfile, lxml, python-docx, pdfium, lexbor) may raise anything on malformed input, and
    one bad file must never take down a batch. The traceback goes to the debug log only.
    """
    logger.debug("%s: reader failed", path, exc_info=error)
    if isinstance(error, MemoryError):
        return DocumentTooLargeError(f"{path.name}: reading it ran out of memory")
    return CorruptDocumentError(
        f"{path.name}: this file is damaged or malformed and cannot be read "
        f"({type(error).__name__}); open it in the program that made it and save or export it "
        "again"
    )


def document_from_text(
    text: str, kind: DocumentKind, doc_id: str | None = None, limits: Limits | None = None
) -> Document:
    """Build a document from plain text (an API upload, a TSV cell, a test)."""
    limits = limits or Limits()
    if len(text) > limits.max_chars:
        raise DocumentTooLargeError(
            f"text has {len(text):,} characters; the limit is {limits.max_chars:,}"
        )
    if not text.strip():
        raise EmptyDocumentError(f"{doc_id or 'text'}: empty text")
    digest = _hash(text)
    return _build(
        RawText(text=text), kind, doc_id=doc_id or f"text-{digest[:12]}", source=None, fmt="text"
    )


def _choose_reader(path: Path, data: bytes) -> Reader:
    extension = path.suffix.lower()
    content = sniff_format(data[:65536]) if data.strip() else None
    declared = EXTENSION_FORMATS.get(extension)
    if declared is None:
        if extension == "" and content in READERS:
            return READERS[content]  # no extension at all: trust the content
        known = ", ".join(supported_extensions())
        what = f" (it looks like {content.upper()})" if content else ""
        raise UnsupportedFormatError(
            f"{path.name}: unsupported file type{what}; cvmatch reads {known}"
        )
    if content is not None and not formats_compatible(declared, content):
        hint = (
            f"rename it to .{content}"
            if content in READERS
            else f"convert it to one of {', '.join(supported_extensions())}"
        )
        raise WrongExtensionError(
            f"{path.name}: the extension says {declared.upper()} but the content is "
            f"{content.upper()}; {hint}"
        )
    return READERS[declared]


def _build(raw: RawText, kind: DocumentKind, doc_id: str, source: str | None, fmt: str) -> Document:
    text = normalise_text(raw.text)
    if not text:
        raise EmptyDocumentError(f"{doc_id}: no readable text")
    language = detect_language(text)
    flags = list(raw.flags)
    if language.confidence < CONFIDENCE_FLOOR:
        flags.append(Flag.LANGUAGE_UNCERTAIN)
    if language.code not in SUPPORTED_LANGUAGES:
        logger.warning(
            "%s: language %r is not supported; skipped: %s",
            doc_id,
            language.code,
            UNSUPPORTED_SKIPS,
        )
        flags.append(Flag.UNSUPPORTED_LANGUAGE)
    if len(text.split()) < SHORT_TEXT_WORDS:
        flags.append(Flag.SHORT_TEXT)
    if raw.hidden_text.strip():
        logger.warning(
            "%s: hidden text excluded from scoring (%d chars)", doc_id, len(raw.hidden_text)
        )
    return Document(
        id=doc_id,
        kind=kind,
        text=text,
        language=language.code,
        language_confidence=language.confidence,
        sections=split_sections(text, kind),
        flags=tuple(dict.fromkeys(flags)),
        source=source,
        format=fmt,
        pages=raw.pages,
        hidden_text=raw.hidden_text,
        content_hash=_hash(text),
    )


_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b]+")
_BLANKS = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC-normalise, drop control characters, collapse runs of spaces and blank lines.

    >>> normalise_text("  Ann\\u00a0 Lee \\r\\n\\n\\n\\nPython ")
    'Ann Lee\\n\\nPython'
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    # Classify each distinct character once (a CV has a few hundred), then drop the controls.
    controls = {c for c in set(text) if c not in "\n\t" and unicodedata.category(c)[0] == "C"}
    if controls:
        text = text.translate(dict.fromkeys(map(ord, controls)))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
