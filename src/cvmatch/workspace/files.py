"""Uploaded bytes to a :class:`Document`, with the type and size limits of the settings.

A filename comes from the client, so it is untrusted: :func:`safe_name` keeps its last path
part only, drops control and format characters (NUL, newlines, bidi overrides, lone
surrogates) and caps it at
:data:`MAX_NAME_BYTES` UTF-8 bytes, keeping the extension. A reader that fails with anything
but a :class:`~cvmatch.errors.CvmatchError` is logged and reported as a corrupt file, so one bad
upload is a refused file, never a server error.
"""

import logging
import tempfile
import unicodedata
from pathlib import Path

from cvmatch.documents.loader import supported_extensions
from cvmatch.errors import (
    CorruptDocumentError,
    CvmatchError,
    DocumentTooLargeError,
    UnsupportedFormatError,
)
from cvmatch.types import Document, DocumentKind
from cvmatch.workspace.context import Context

logger = logging.getLogger(__name__)

MAX_NAME_BYTES = 255
"""Longest stored filename in UTF-8 bytes (the usual file-system limit)."""
_MAX_SUFFIX_BYTES = 16
_FALLBACK = "upload"
_DROPPED = frozenset({"Cc", "Cf", "Cs"})
"""Unicode categories removed from names: controls, format (bidi) and lone surrogates."""


def safe_name(filename: str) -> str:
    """The base name of an uploaded file: no folders, no control characters, ≤ 255 bytes.

    >>> safe_name("../../etc/pass\\x00wd.txt")
    'passwd.txt'
    >>> len(safe_name("a" * 300 + ".pdf").encode()), safe_name("a" * 300 + ".pdf")[-4:]
    (255, '.pdf')
    >>> safe_name("..")
    'upload'
    """
    printable = "".join(c for c in filename if unicodedata.category(c) not in _DROPPED)
    name = Path(printable.replace("\\", "/")).name.strip()
    if name in {"", ".", ".."}:
        return _FALLBACK
    return _cap(name)


def _cap(name: str) -> str:
    """``name`` cut to :data:`MAX_NAME_BYTES` bytes at a character boundary, suffix kept."""
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    suffix = Path(name).suffix
    if len(suffix.encode("utf-8")) > _MAX_SUFFIX_BYTES:
        suffix = ""
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    stem = name[: len(name) - len(suffix)].encode("utf-8")[:budget].decode("utf-8", "ignore")
    return (stem.rstrip() or _FALLBACK) + suffix


def check_upload(ctx: Context, filename: str, size: int) -> None:
    """Refuse a file whose extension cvmatch cannot read or whose size exceeds the limit."""
    suffix = Path(filename).suffix.lower()
    if suffix not in supported_extensions():
        known = ", ".join(supported_extensions())
        raise UnsupportedFormatError(
            f"{filename}: {suffix or 'no extension'} is not one of {known}"
        )
    limit = ctx.settings.max_file_bytes
    if size > limit:
        raise DocumentTooLargeError(
            f"{filename} is larger than the {limit}-byte limit (CVMATCH_MAX_FILE_BYTES)"
        )


def parse_upload(ctx: Context, filename: str, content: bytes, kind: DocumentKind) -> Document:
    """Check and parse uploaded bytes (the readers work on files, so a temp file is used).

    Raises:
        CvmatchError: the reader's documented error, or :class:`CorruptDocumentError` when a
            reader failed in an undocumented way (logged with its traceback).
    """
    name = safe_name(filename)
    check_upload(ctx, name, len(content))
    with tempfile.TemporaryDirectory(prefix="cvmatch-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        try:
            return ctx.engine.parse(path, kind)
        except CvmatchError:
            raise
        except Exception as error:  # any failure refuses this file only
            logger.warning("reading %s failed unexpectedly", name, exc_info=error)
            raise CorruptDocumentError(
                f"{name}: the file could not be read ({type(error).__name__}); "
                "check that it opens, or save it again as PDF, DOCX or text"
            ) from error
