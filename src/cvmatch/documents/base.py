"""The reader contract: bytes of one format → visible text (+ what was hidden, + flags)."""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

from cvmatch.errors import DocumentTooLargeError, EmptyDocumentError
from cvmatch.types import Flag


@dataclass(frozen=True)
class Limits:
    """Documented ceilings that keep hostile input from hanging or exhausting the process."""

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 50
    max_chars: int = 300_000
    ocr_languages: str = "eng+fra+deu+spa"


@dataclass(frozen=True)
class RawText:
    """What a reader extracted: ``text`` is visible text in reading order."""

    text: str
    hidden_text: str = ""
    flags: tuple[Flag, ...] = ()
    pages: int | None = None


class Reader(ABC):
    """Reads one file format. Subclasses implement :meth:`_read` only."""

    name: ClassVar[str]
    extensions: ClassVar[tuple[str, ...]]

    def config(self) -> dict[str, Any]:
        """Return the settings that shaped this reader's output."""
        return {"name": self.name}

    def read(self, data: bytes, limits: Limits) -> RawText:
        """Extract text from ``data``, enforcing ``limits``; raise a DocumentError on bad input."""
        if len(data) > limits.max_bytes:
            raise DocumentTooLargeError(
                f"file is {len(data):,} bytes; the limit is {limits.max_bytes:,} "
                "(set CVMATCH_MAX_FILE_BYTES to change it)"
            )
        if not data.strip():
            raise EmptyDocumentError("file is empty")
        raw = self._read(data, limits)
        if len(raw.text) > limits.max_chars:
            raise DocumentTooLargeError(
                f"document has {len(raw.text):,} characters of text; the limit is "
                f"{limits.max_chars:,} (set CVMATCH_MAX_CHARS to change it)"
            )
        if not raw.text.strip():
            raise EmptyDocumentError(
                f"no readable text found in this {self.name.upper()} file"
                + (" (only hidden text)" if raw.hidden_text.strip() else "")
            )
        return raw

    @abstractmethod
    def _read(self, data: bytes, limits: Limits) -> RawText:
        """Format-specific extraction."""
