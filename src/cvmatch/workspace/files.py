"""Uploaded bytes to a :class:`Document`, with the type and size limits of the settings."""

import tempfile
from pathlib import Path

from cvmatch.documents.loader import supported_extensions
from cvmatch.errors import DocumentTooLargeError, UnsupportedFormatError
from cvmatch.types import Document, DocumentKind
from cvmatch.workspace.context import Context


def safe_name(filename: str) -> str:
    """The base name of an uploaded file (no folders, never empty)."""
    name = Path(filename.replace("\\", "/")).name.strip()
    return name or "upload"


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
    """Check and parse uploaded bytes (the readers work on files, so a temp file is used)."""
    name = safe_name(filename)
    check_upload(ctx, name, len(content))
    with tempfile.TemporaryDirectory(prefix="cvmatch-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        return ctx.engine.parse(path, kind)
