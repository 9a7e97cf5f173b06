"""The files an ingest run reads: a folder (recursively) or a list file, and their hashes.

A list file holds one path per line (blank lines and ``#`` comments skipped); relative paths
are read from the list file's folder. Every regular file is listed, whatever its extension:
one the readers do not know is refused with a reason, like an upload, rather than skipped
silently.
"""

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cvmatch.errors import InvalidInputError

_READ_CHUNK = 1 << 20


@dataclass(frozen=True)
class SourceFile:
    """A file to ingest, its size and the sha256 of its bytes."""

    path: Path
    size: int
    content_hash: str


def list_files(target: Path) -> list[Path]:
    """The files of a folder (sorted, no dotfiles) or those named by a list file.

    Raises:
        InvalidInputError: ``target`` does not exist, or names no file.
    """
    if target.is_dir():
        found = [
            p
            for p in sorted(target.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(target).parts)
        ]
    elif target.is_file():
        found = list(_listed(target))
    else:
        raise InvalidInputError(f"{target} is neither a folder nor a list file")
    if not found:
        raise InvalidInputError(f"no files to ingest in {target}")
    return found


def _listed(list_file: Path) -> Iterator[Path]:
    for line in list_file.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if text and not text.startswith("#"):
            path = Path(text).expanduser()
            yield path if path.is_absolute() else list_file.parent / path


def hash_file(path: Path) -> SourceFile:
    """The file's size and sha256 (read in 1 MiB chunks)."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return SourceFile(path, size, digest.hexdigest())
