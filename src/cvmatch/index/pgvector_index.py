"""The :class:`CandidateIndex` inside PostgreSQL: pgvector does the first stage in SQL.

The vectors live in the store itself (``embeddings.embedding``, see :mod:`cvmatch.store.vectors`),
so there is nothing to persist beside it: an insert is visible to the next search, in the same
transaction rules as every other row. A search restricted to a pool no larger than
``exact_below`` (a job's candidates, say) is exact; larger searches use the model's index:
IVFFlat over half-precision vectors by default (:class:`~cvmatch.store.ivfflat.IvfflatParams`:
what docs/benchmarks/pgvector.md chose on the stored CVs' USE-m3 vectors), HNSW when given
:class:`~cvmatch.store.vectors.HnswParams`. The IVFFlat index is built on the first search (or
``cvmatch index build``) over the rows stored then, and rebuilt by the first search after the
model's rows have grown four times (its lists follow the store's size).

Example:
    >>> index = PgVectorIndex(open_database("embedded-postgres://pg"), "minilm")  # doctest: +SKIP
    >>> index.search(job_vector, 1000, allowed=pool)  # doctest: +SKIP
"""

from collections.abc import Collection, Sequence

import numpy as np
from sqlalchemy import Connection, text

from cvmatch.errors import InvalidInputError
from cvmatch.index.candidates import CandidateHit
from cvmatch.store import Database
from cvmatch.store.ivfflat import IvfflatParams, ivfflat_name, needs_build
from cvmatch.store.vectors import (
    HnswParams,
    build_hnsw,
    build_ivfflat,
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
"""Pools (``allowed``) up to this size are searched exactly, larger ones through the index."""


class PgVectorIndex:
    """Nearest stored documents for one encoder, answered by PostgreSQL + pgvector.

    Args:
        database: An open PostgreSQL store (``postgresql+psycopg://`` or
            ``embedded-postgres://``) at migration ``0003`` or later.
        model_id: The encoder whose vectors are searched.
        params: The index kind and its build and search settings (default: IVFFlat).
        exact_below: The largest ``allowed`` pool searched exactly.
    """

    def __init__(
        self,
        database: Database,
        model_id: str,
        params: HnswParams | IvfflatParams | None = None,
        exact_below: int = EXACT_BELOW,
    ) -> None:
        if database.is_sqlite:
            raise InvalidInputError(
                "the pgvector index needs a PostgreSQL store; with SQLite use the faiss index"
            )
        self.database = database
        self._model_id = model_id
        self.params = params or IvfflatParams()
        self.exact_below = exact_below

    @property
    def model_id(self) -> str:
        """The encoder whose vectors the index holds."""
        return self._model_id

    @property
    def tier(self) -> str:
        """The index kind, as ``index stats`` names it."""
        kind = "ivfflat" if isinstance(self.params, IvfflatParams) else "hnsw"
        return f"pgvector-{kind}-halfvec"

    def upsert(self, document_ids: Sequence[int], vectors: np.ndarray) -> None:
        """Add or replace the vectors of stored documents; the index follows."""
        with self.database.begin() as conn:
            upsert_vectors(conn, self._model_id, document_ids, vectors)
        if len(document_ids):
            self.build(int(np.asarray(vectors).shape[1]))

    def delete(self, document_ids: Sequence[int]) -> None:
        """Forget the vectors of documents; unknown ids are ignored."""
        with self.database.begin() as conn:
            delete_vectors(conn, self._model_id, document_ids)

    def build(self, dim: int, rebuild: bool = False) -> bool:
        """Create the index over the vectors stored now if it is missing (or stale, for IVFFlat).

        Returns whether it was built (False: it was there, fresh, and ``rebuild`` was not asked).
        """
        with self.database.begin() as conn:
            if isinstance(self.params, IvfflatParams):
                return self._build_ivfflat(conn, dim, self.params, rebuild)
            if rebuild:
                drop_hnsw(conn, self._model_id, dim)
            if has_hnsw(conn, self._model_id, dim):
                return False
            build_hnsw(conn, self._model_id, dim, self.params)
            return True

    def _build_ivfflat(
        self, conn: Connection, dim: int, params: IvfflatParams, rebuild: bool
    ) -> bool:
        if not rebuild and not needs_build(conn, self._model_id, dim, params):
            return False  # the common case: one statistics read, no lock
        # one builder at a time; a search that waited finds the index fresh and skips it
        conn.execute(text("SELECT pg_advisory_xact_lock(hashtext(:n))"), {"n": self.name(dim)})
        if not rebuild and not needs_build(conn, self._model_id, dim, params):
            return False
        build_ivfflat(conn, self._model_id, dim, params)
        return True

    def name(self, dim: int) -> str:
        """The name of the index at ``dim``."""
        if isinstance(self.params, IvfflatParams):
            return ivfflat_name(self._model_id, dim)
        return index_name(self._model_id, dim)

    def memory_bytes(self, dim: int) -> int:
        """The size of the index at ``dim`` (its lists or graph, with the half vectors)."""
        with self.database.connect() as conn:
            return index_bytes(conn, self.name(dim))

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
                params=None if exact else self.params,
            )
        return [CandidateHit(document_id=doc, similarity=sim) for doc, sim in found]

    def __len__(self) -> int:
        """How many documents have a vector of this model."""
        with self.database.connect() as conn:
            return count_vectors(conn, self._model_id)
