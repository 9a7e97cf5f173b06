"""The reader contract: bytes of one format → visible text (+ what was hidden, + flags).

Every read runs under one budget (:class:`Limits`, settings-backed), enforced while the reader
works, not after: a :class:`Budget` is made by :meth:`Reader.read` for every file and readers
call it as they go: :meth:`Budget.checkpoint` (wall time and memory, cheap enough to call
every few hundred elements), :meth:`Budget.add_chars` (visible characters so far against
``max_chars``) and :meth:`Budget.add_elements` (tags, XML elements or PDF objects against
``max_elements``). Crossing a ceiling raises :class:`DocumentTooLargeError` (exit code 5) naming
the ceiling and its setting. Memory is the growth of the process's resident set since the read
began, read from ``/proc/self/statm`` where it exists (Linux); elsewhere the other ceilings
still bound it.

>>> budget = Budget(Limits(max_chars=10))
>>> budget.add_chars(8)
>>> budget.add_chars(5)
Traceback (most recent call last):
...
cvmatch.errors.DocumentTooLargeError: document has more than 10 characters of text; the limit is 10 (set CVMATCH_MAX_CHARS to change it)
"""

import os
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from cvmatch.errors import DocumentTooLargeError, EmptyDocumentError
from cvmatch.types import Flag

if TYPE_CHECKING:
    from cvmatch.settings import Settings

MIB = 1024 * 1024
_STATM = Path("/proc/self/statm")
_PAGE_SIZE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
DEADLINE_SHARE = 0.8
"""A read still going at this share of ``max_seconds`` is stopped: the rest is kept for the
step in progress when the clock is read and for building the document after the reader."""
_MEMORY_EVERY = 0.05
"""Seconds between two reads of the resident set (a checkpoint is otherwise a clock read)."""


def resident_bytes() -> int | None:
    """The process's current resident set size in bytes, or None where it cannot be read."""
    try:
        return int(_STATM.read_text().split()[1]) * _PAGE_SIZE
    except (OSError, ValueError, IndexError):
        return None


@dataclass(frozen=True)
class Limits:
    """Documented ceilings that keep hostile input from hanging or exhausting the process.

    One budget for every reader (README "Configuration"; ``CVMATCH_`` settings of the same
    names). ``max_seconds`` and ``max_memory_mib`` bound a whole read; the others bound what
    drives time and memory: characters, elements (HTML tags, XML elements, PDF page objects)
    and bytes unpacked from a DOCX zip. Hidden text beyond ``max_hidden_chars`` is dropped
    (the document stays flagged).
    """

    max_bytes: int = 20 * MIB
    max_pages: int = 50
    max_chars: int = 300_000
    ocr_languages: str = "eng+fra+deu+spa"
    max_seconds: float = 10.0
    max_memory_mib: int = 384
    max_elements: int = 400_000
    max_unpacked_bytes: int = 64 * MIB
    max_hidden_chars: int = 100_000

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Limits":
        """The limits configured by ``CVMATCH_*`` settings (same names, ``max_bytes`` aside)."""
        return cls(
            max_bytes=settings.max_file_bytes,
            max_pages=settings.max_pages,
            max_chars=settings.max_chars,
            ocr_languages=settings.ocr_languages,
            max_seconds=settings.max_seconds,
            max_memory_mib=settings.max_memory_mib,
            max_elements=settings.max_elements,
            max_unpacked_bytes=settings.max_unpacked_bytes,
            max_hidden_chars=settings.max_hidden_chars,
        )


@dataclass
class Budget:
    """What one read has spent so far; raises :class:`DocumentTooLargeError` past a ceiling."""

    limits: Limits
    started: float = field(default_factory=time.monotonic)
    resident_at_start: int | None = field(default_factory=resident_bytes)
    chars: int = 0
    elements: int = 0
    raw_chars: int = 0
    """Characters a reader met before sorting visible from hidden (readers that need it)."""
    _memory_checked: float = 0.0

    def checkpoint(self) -> None:
        """Refuse the file if the read has run out of time or memory."""
        now = time.monotonic()
        if now - self.started > DEADLINE_SHARE * self.limits.max_seconds:
            raise DocumentTooLargeError(
                f"reading took more than {self.limits.max_seconds:g} s; the document is too "
                "large or too complex (set CVMATCH_MAX_SECONDS to change the limit)"
            )
        if now - self._memory_checked >= _MEMORY_EVERY:
            self._memory_checked = now
            self._check_memory()

    def _check_memory(self) -> None:
        resident = resident_bytes()
        if resident is None or self.resident_at_start is None:
            return
        grown = (resident - self.resident_at_start) / MIB
        if grown > self.limits.max_memory_mib:
            raise DocumentTooLargeError(
                f"reading needed more than {self.limits.max_memory_mib} MiB of memory; the "
                "document is too large or too complex (set CVMATCH_MAX_MEMORY_MIB to change it)"
            )

    def add_chars(self, count: int) -> None:
        """Count ``count`` more characters of visible text against ``max_chars``."""
        self.chars += count
        if self.chars > self.limits.max_chars:
            raise DocumentTooLargeError(
                f"document has more than {self.limits.max_chars:,} characters of text; the "
                f"limit is {self.limits.max_chars:,} (set CVMATCH_MAX_CHARS to change it)"
            )

    def add_elements(self, count: int, what: str = "elements") -> None:
        """Count ``count`` more elements (tags, XML elements, PDF objects) against the ceiling."""
        self.elements += count
        if self.elements > self.limits.max_elements:
            raise DocumentTooLargeError(
                f"document has more than {self.limits.max_elements:,} {what}; the limit is "
                f"{self.limits.max_elements:,} (set CVMATCH_MAX_ELEMENTS to change it)"
            )

    def cap_hidden(self, hidden: str) -> str:
        """``hidden`` cut to ``max_hidden_chars`` (hidden text is kept only to be reported)."""
        return hidden[: self.limits.max_hidden_chars]


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
        """Extract text from ``data`` under a fresh :class:`Budget`; raise a DocumentError on bad input."""
        if len(data) > limits.max_bytes:
            raise DocumentTooLargeError(
                f"file is {len(data):,} bytes; the limit is {limits.max_bytes:,} "
                "(set CVMATCH_MAX_FILE_BYTES to change it)"
            )
        if not data.strip():
            raise EmptyDocumentError("file is empty")
        budget = Budget(limits)
        raw = self._read(data, budget)
        if len(raw.text) > limits.max_chars:  # readers count as they go; this is the backstop
            raise DocumentTooLargeError(
                f"document has {len(raw.text):,} characters of text; the limit is "
                f"{limits.max_chars:,} (set CVMATCH_MAX_CHARS to change it)"
            )
        if not raw.text.strip():
            raise EmptyDocumentError(
                f"no readable text found in this {self.name.upper()} file"
                + (" (only hidden text)" if raw.hidden_text.strip() else "")
            )
        if len(raw.hidden_text) > limits.max_hidden_chars:
            raw = replace(raw, hidden_text=budget.cap_hidden(raw.hidden_text))
        return raw

    @abstractmethod
    def _read(self, data: bytes, budget: Budget) -> RawText:
        """Format-specific extraction under ``budget`` (its ``limits`` hold the ceilings)."""
