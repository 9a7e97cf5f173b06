"""The :class:`CandidateIndex` inside PostgreSQL: pgvector's HNSW does the first stage in SQL.

The vectors live in the store itself (``embeddings.embedding``, see :mod:`cvmatch.store.vectors`),
so there is nothing to persist beside it or rebuild: an insert is visible to the next search,
in the same transaction rules as every other row. A search restricted to a pool no larger than
``exact_below`` (a job's candidates, say) is exact; larger searches use the HNSW index.

Example:
    >>> index = PgVectorIndex(open_database("embedded-postgres://pg"), "minilm")  # doctest: +SKIP
    >>> index.search(job_vector, 1000, allowed=pool)  # doctest: +SKIP
"""

from collections.abc import Collection, Sequence

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.index.candidates import CandidateHit
from cvmatch.store import Database
from cvmatch.store.vectors import (
    HnswParams,
    build_hnsw,
    count_vectors,
    delete_vectors,
    drop_hnsw,
    has_hnsw,
    index_bytes,
    index_name,
    nearest,
    upsert_vectors,
)

EXACT_BELOW = 50_000
"""Pools (``allowed``) up to this size are searched exactly, larger ones through HNSW."""


class PgVectorIndex:
    """Nearest stored documents for one encoder, answered by PostgreSQL + pgvector.

    Args:
        database: An open PostgreSQL store (``postgresql+psycopg://`` or
            ``embedded-postgres://``) at migration ``0003`` or later.
        model_id: The encoder whose vectors are searched.
        params: HNSW build and search settings.
        exact_below: The largest ``allowed`` pool searched exactly.
    """

    def __init__(
        self,
        database: Database,
        model_id: str,
        params: HnswParams | None = None,
        exact_below: int = EXACT_BELOW,
    ) -> None:
        if database.is_sqlite:
            raise InvalidInputError(
                "the pgvector index needs a PostgreSQL store; with SQLite use the faiss index"
            )
        self.database = database
        self._model_id = model_id
        self.params = params or HnswParams()
        self.exact_below = exact_below

    @property
    def model_id(self) -> str:
        """The encoder whose vectors the index holds."""
        return self._model_id

    def upsert(self, document_ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add or replace the vectors of stored documents; the HNSW index follows."""
        with self.database.begin() as conn:
            upsert_vectors(conn, self._model_id, document_ids, vectors)
        if len(document_ids):
            self.build(int(np.asarray(vectors).shape[1]))

    def delete(self, document_ids: Sequence[int]) -> None:
        """Forget the vectors of documents; unknown ids are ignored."""
        with self.database.begin() as conn:
            delete_vectors(conn, self._model_id, document_ids)

    def build(self, dim: int, rebuild: bool = False) -> bool:
        """Create the HNSW index over the vectors stored now (after a bulk load, say).

        Returns whether it was built (False: it existed and ``rebuild`` was not asked).
        """
        with self.database.begin() as conn:
            if rebuild:
                drop_hnsw(conn, self._model_id, dim)
            if has_hnsw(conn, self._model_id, dim):
                return False
            build_hnsw(conn, self._model_id, dim, self.params)
            return True

    def name(self, dim: int) -> str:
        """The name of the HNSW index at ``dim``."""
        return index_name(self._model_id, dim)

    def memory_bytes(self, dim: int) -> int:
        """The size of the HNSW index at ``dim`` (what its graph and half vectors take)."""
        with self.database.connect() as conn:
            return index_bytes(conn, self._model_id, dim)

    def search(
        self, query: np.ndarray, n: int, *, allowed: Collection[int] | None = None
    ) -> list[CandidateHit]:
        """The ``n`` nearest documents to ``query``, nearest first, ties by document id."""
        exact = allowed is not None and len(allowed) <= self.exact_below
        with self.database.begin() as conn:  # SET LOCAL needs a transaction
            found = nearest(
                conn,
                self._model_id,
                query,
                n,
                allowed=allowed,
                ef_search=None if exact else self.params.ef_search,
            )
        return [CandidateHit(document_id=doc, similarity=sim) for doc, sim in found]

    def __len__(self) -> int:
        """How many documents have a vector of this model."""
        with self.database.connect() as conn:
            return count_vectors(conn, self._model_id)
