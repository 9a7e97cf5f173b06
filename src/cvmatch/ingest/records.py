"""What flows through an ingest run: work items, prepared rows, per-file outcomes, the report."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

import numpy as np

from cvmatch.ingest.features import CvFeatures


class Outcome(StrEnum):
    """What happened to one file (the service's upload outcomes, docs/service.md)."""

    STORED = "stored"
    DUPLICATE = "duplicate"
    """The same bytes (sha256) were already stored with a vector of this model."""
    REFUSED = "refused"


@dataclass(frozen=True)
class WorkItem:
    """One file to read and embed, with its bytes (so a remote worker needs no shared disk)."""

    source: str
    filename: str
    content_hash: str
    content: bytes


@dataclass(frozen=True)
class Prepared:
    """A worker's result for one file: a document row and its vector, or why it was refused."""

    source: str
    content_hash: str
    row: dict[str, Any] | None = None
    """The ``documents`` row (kind, filename, content_hash, content, text, language, meta)."""
    vector: np.ndarray | None = None
    model_id: str = ""
    error: str | None = None
    message: str | None = None
    features: CvFeatures | None = None
    """What the query path needs of the CV, precomputed (facts also in ``row["meta"]``)."""


class BatchProcessor(Protocol):
    """Reads and embeds a batch of files (picklable: it is sent to worker processes or actors)."""

    def __call__(self, batch: Sequence[WorkItem]) -> list[Prepared]:
        """One :class:`Prepared` per item, in order; a bad file is refused, never raised."""
        ...


@dataclass(frozen=True)
class FileOutcome:
    """One file's outcome."""

    source: str
    outcome: Outcome
    document_id: int | None = None
    error: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class IngestReport:
    """Every file's outcome (in the order listed) and how the run went."""

    outcomes: tuple[FileOutcome, ...]
    engine: str
    workers: int
    seconds: float
    model_id: str
    counts: dict[str, int] = field(default_factory=dict)
    """Files per outcome (``stored``, ``duplicate``, ``refused``)."""
