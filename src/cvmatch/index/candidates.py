"""The contract every stored-CV vector index meets, whatever holds the vectors.

Two-stage search over a large pool: an index returns the ``n`` stored documents whose vectors are
nearest a job's vector (approximate or exact), then the full hybrid score with requirement
evidence runs on those only. Implementations: a faiss tier beside a SQLite store, and pgvector
inside PostgreSQL. Keys are store document ids; vectors are L2-normalised, so the inner product
is the cosine similarity.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np


@dataclass(frozen=True)
class CandidateHit:
    """One stored document near the query."""

    document_id: int
    similarity: float
    """Inner product of the normalised vectors (cosine), higher is nearer."""


class CandidateIndex(Protocol):
    """Nearest stored documents for a query vector, for one encoder (``model_id``)."""

    @property
    def model_id(self) -> str:
        """The encoder whose vectors the index holds; a query must come from the same one."""
        ...

    def upsert(self, document_ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add or replace the vectors (``(len(document_ids), dim)``, float32) of documents."""
        ...

    def delete(self, document_ids: Sequence[int]) -> None:
        """Forget documents; unknown ids are ignored."""
        ...

    def search(
        self, query: np.ndarray, n: int, *, allowed: Collection[int] | None = None
    ) -> list[CandidateHit]:
        """The ``n`` nearest documents to ``query`` (``(dim,)``), nearest first.

        ``allowed`` restricts the answer to those document ids (a job's pool); ``None`` searches
        everything. Ties go by ascending document id, so the same input gives the same answer.
        """
        ...

    def __len__(self) -> int:
        """How many documents the index holds."""
        ...
