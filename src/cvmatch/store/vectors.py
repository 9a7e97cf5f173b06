"""Vectors in PostgreSQL's pgvector column: writes, HNSW indexes and nearest-neighbour queries in SQL.

``embeddings.embedding`` (migration ``0003``, PostgreSQL only) holds the same float32 vector as
the ``vector`` blob beside it, as a pgvector ``vector`` without a fixed dimension, so several
models share the table. Each (model id, dimension) gets its own partial index over the
half-precision expression ``embedding::halfvec(dim)`` with ``halfvec_ip_ops`` (half the size
of a ``vector`` one): IVFFlat by default (:mod:`cvmatch.store.ivfflat`), or HNSW; one of the
two at a time, so the planner has one to use. A query names the same expression and model id,
then orders the hits it found by their full-precision inner product. Vectors are
L2-normalised, so the negative inner product ``<#>`` orders by cosine similarity.

SQLite keeps blobs only; nothing here runs on it.
"""

import hashlib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from pgvector.sqlalchemy import VECTOR
from sqlalchemy import Connection, text

from cvmatch.errors import InvalidInputError
from cvmatch.store.codec import vector_to_bytes
from cvmatch.store.ivfflat import IvfflatParams, create_ivfflat, ivfflat_name

COLUMN = "embedding"
"""The pgvector column of ``embeddings`` (PostgreSQL only)."""

COLUMN_TYPE = VECTOR
"""Its SQLAlchemy type; importing pgvector's module lets reflection (Alembic) recognise it."""

INDEX_PREFIX = "ix_embeddings_hnsw_"
"""Names of the per-model HNSW indexes (not in ``schema.py``: made on demand)."""

MAX_EF_SEARCH = 1000
"""pgvector's upper bound for ``hnsw.ef_search``."""


@dataclass(frozen=True)
class HnswParams:
    """How an HNSW index is built and searched (pgvector's settings)."""

    m: int = 24
    """Links per node (pgvector's default is 16)."""
    ef_construction: int = 128
    """Candidate list while building (pgvector's default is 64).

    (24, 128) is what the rule of docs/benchmarks/pgvector.md chose on the validation queries:
    (16, 64) stays below recall@100 0.95 at 300k at any ``ef_search`` (0.910 at 1000); (24, 128)
    reaches 0.970 / 0.968 at 100k / 300k with ``ef_search`` 800, and builds 2.7-3.7x slower."""
    ef_search: int = 600
    """Candidate list while searching; raised to ``n`` for a larger top-``n`` (at most 1000).

    The HNSW walk is the whole cost of a search (about 1 us of server CPU per vector visited,
    growing with ``ef_search``). 600 is what the rule of docs/benchmarks/pgvector.md chose on
    the validation queries (``python -m bench.perf.pgvector_candidates``): the lowest p95 among
    the candidates with recall@100 >= 0.95 at 100k and 300k CV-like vectors (0.984 / 0.956;
    server CPU p50 23 / 29 ms a search)."""
    build_workers: int = 2
    """Parallel workers of ``CREATE INDEX`` (``max_parallel_maintenance_workers``)."""
    build_memory_mb: int = 1024
    """``maintenance_work_mem`` of the build: a graph that fits is built in memory, not on disk."""

    def search_settings(self, n: int, filtered: bool) -> dict[str, str]:
        """The pgvector settings of one search for ``n`` rows (``filtered``: a pool restricts it).

        ``hnsw.ef_search`` = max(``ef_search``, ``n``) (at most 1000), and pgvector's iterative
        scan when a filter could starve the answer or ``n`` is beyond 1000.
        """
        iterative = "relaxed_order" if filtered or n > MAX_EF_SEARCH else "off"
        ef = min(max(self.ef_search, n), MAX_EF_SEARCH)
        return {"hnsw.ef_search": str(ef), "hnsw.iterative_scan": iterative}


class SearchParams(Protocol):
    """An index's search-time settings (:class:`HnswParams`, :class:`IvfflatParams`)."""

    def search_settings(self, n: int, filtered: bool) -> dict[str, str]:
        """The pgvector settings (``SET LOCAL``) of one search for ``n`` rows."""
        ...


def is_postgres(conn: Connection) -> bool:
    """Whether ``conn`` talks to PostgreSQL (where the pgvector column exists)."""
    return conn.dialect.name == "postgresql"


def require_pgvector(conn: Connection) -> None:
    """Refuse a PostgreSQL server without the pgvector extension, saying what to do.

    Raises:
        InvalidInputError: The server does not ship ``vector``.
    """
    query = text("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
    if conn.execute(query).first() is None:
        raise InvalidInputError(
            "this PostgreSQL server has no pgvector extension: install it "
            "(https://github.com/pgvector/pgvector) or use --db embedded-postgres://DIR"
        )


def vector_literal(vector: np.ndarray) -> str:
    """Pgvector's text form of a vector (``[0.1,0.2]``), exact for float32 values."""
    return "[" + ",".join(repr(float(v)) for v in np.asarray(vector, dtype=np.float32)) + "]"


def backfill_vectors(conn: Connection) -> int:
    """Copy every stored blob into the pgvector column (the ``0003`` upgrade); return the count."""
    rows = conn.execute(text("SELECT document_id, model_id, dim, vector FROM embeddings")).all()
    update = text(
        "UPDATE embeddings SET embedding = CAST(:v AS vector) "
        "WHERE document_id = :d AND model_id = :m"
    )
    for row in rows:
        values = np.frombuffer(bytes(row.vector), dtype="<f4", count=int(row.dim))
        conn.execute(update, {"v": vector_literal(values), "d": row.document_id, "m": row.model_id})
    return len(rows)


def insert_with_vectors(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert ``embeddings`` rows (``document_id, model_id, dim, vector``) and their pgvector."""
    statement = text(
        "INSERT INTO embeddings (document_id, model_id, dim, vector, embedding) "
        "VALUES (:document_id, :model_id, :dim, :vector, CAST(:embedding AS vector))"
    )
    values = [
        row | {COLUMN: vector_literal(np.frombuffer(row["vector"], dtype="<f4", count=row["dim"]))}
        for row in rows
    ]
    conn.execute(statement, values)


def upsert_vectors(
    conn: Connection, model_id: str, document_ids: Sequence[int], vectors: np.ndarray
) -> None:
    """Add or replace the ``model_id`` vectors of documents (blob and pgvector column)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    if matrix.ndim != 2 or matrix.shape[0] != len(document_ids):  # noqa: PLR2004 - a matrix
        raise InvalidInputError(
            f"expected {len(document_ids)} vectors as rows of a matrix, got shape {matrix.shape}"
        )
    if not len(document_ids):
        return
    statement = text(
        "INSERT INTO embeddings (document_id, model_id, dim, vector, embedding) "
        "VALUES (:d, :m, :dim, :blob, CAST(:v AS vector)) "
        "ON CONFLICT (document_id, model_id) DO UPDATE SET dim = excluded.dim, "
        "vector = excluded.vector, embedding = excluded.embedding"
    )
    dim = int(matrix.shape[1])
    rows = [
        {"d": int(i), "m": model_id, "dim": dim, "blob": vector_to_bytes(v), "v": vector_literal(v)}
        for i, v in zip(document_ids, matrix, strict=True)
    ]
    conn.execute(statement, rows)


def delete_vectors(conn: Connection, model_id: str, document_ids: Sequence[int]) -> int:
    """Forget the ``model_id`` vectors of documents; return how many rows went."""
    if not len(document_ids):
        return 0
    statement = text("DELETE FROM embeddings WHERE model_id = :m AND document_id = ANY(:ids)")
    result = conn.execute(statement, {"m": model_id, "ids": [int(i) for i in document_ids]})
    return int(result.rowcount)


def count_vectors(conn: Connection, model_id: str) -> int:
    """How many documents have a ``model_id`` vector."""
    statement = text("SELECT count(*) FROM embeddings WHERE model_id = :m")
    return int(conn.execute(statement, {"m": model_id}).scalar_one())


def stored_dim(conn: Connection, model_id: str) -> int:
    """The dimension of the stored ``model_id`` vectors (0 when there are none)."""
    statement = text("SELECT dim FROM embeddings WHERE model_id = :m LIMIT 1")
    return int(conn.execute(statement, {"m": model_id}).scalar() or 0)


def index_bytes(conn: Connection, name: str) -> int:
    """The on-disk size of the index ``name`` (0 when missing)."""
    statement = text("SELECT pg_relation_size(to_regclass(:n))")
    return int(conn.execute(statement, {"n": name}).scalar() or 0)


def drop_hnsw(conn: Connection, model_id: str, dim: int) -> None:
    """Drop the HNSW index of ``model_id`` at ``dim`` (to rebuild it)."""
    conn.execute(text(f"DROP INDEX IF EXISTS {index_name(model_id, dim)}"))


def drop_vector_indexes(conn: Connection, model_id: str, dim: int) -> None:
    """Drop every vector index of ``model_id`` at ``dim`` (HNSW, IVFFlat, earlier versions')."""
    for name in (index_name(model_id, dim), ivfflat_name(model_id, dim)):
        conn.execute(text(f"DROP INDEX IF EXISTS {name}"))
    conn.execute(text(f"DROP INDEX IF EXISTS {_legacy_index_name(model_id, dim)}"))


def build_ivfflat(conn: Connection, model_id: str, dim: int, params: IvfflatParams) -> int:
    """(Re)build the IVFFlat index of ``model_id`` at ``dim`` over the rows stored now; rows.

    The model's other vector indexes go first (one index per model, so the planner uses it).
    """
    drop_vector_indexes(conn, model_id, dim)
    return create_ivfflat(conn, model_id, dim, params, _model_filter(model_id))


def index_name(model_id: str, dim: int) -> str:
    """The HNSW index of one (model id, dimension), a valid identifier whatever the model id."""
    digest = hashlib.sha256(f"{model_id}\0{dim}\0halfvec".encode()).hexdigest()[:16]
    return f"{INDEX_PREFIX}{digest}"


def _legacy_index_name(model_id: str, dim: int) -> str:
    """The full-precision ``vector`` index earlier versions built (dropped when rebuilt)."""
    digest = hashlib.sha256(f"{model_id}\0{dim}".encode()).hexdigest()[:16]
    return f"{INDEX_PREFIX}{digest}"


def has_hnsw(conn: Connection, model_id: str, dim: int) -> bool:
    """Whether the HNSW index of ``model_id`` at ``dim`` exists."""
    return has_index(conn, index_name(model_id, dim))


def has_index(conn: Connection, name: str) -> bool:
    """Whether the index ``name`` of ``embeddings`` exists."""
    statement = text("SELECT 1 FROM pg_indexes WHERE tablename = 'embeddings' AND indexname = :n")
    return conn.execute(statement, {"n": name}).first() is not None


def build_hnsw(conn: Connection, model_id: str, dim: int, params: HnswParams) -> None:
    """Create the HNSW index of ``model_id`` at ``dim`` if missing (over the rows stored now).

    The build runs with ``params.build_workers`` parallel workers and ``build_memory_mb`` of
    memory (this transaction only); a full-precision index of an earlier version and an
    IVFFlat index of the model are dropped.
    """
    conn.execute(
        text(
            "SELECT set_config('maintenance_work_mem', :mem, true), "
            "set_config('max_parallel_maintenance_workers', :workers, true)"
        ),
        {"mem": f"{int(params.build_memory_mb)}MB", "workers": str(int(params.build_workers))},
    )
    conn.execute(text(f"DROP INDEX IF EXISTS {_legacy_index_name(model_id, dim)}"))
    conn.execute(text(f"DROP INDEX IF EXISTS {ivfflat_name(model_id, dim)}"))
    # DDL takes no bind parameters: the model id is a quoted literal, the numbers are ints.
    conn.execute(
        text(
            f"CREATE INDEX IF NOT EXISTS {index_name(model_id, dim)} ON embeddings "
            f"USING hnsw (({_half_expression(dim)}) halfvec_ip_ops) "
            f"WITH (m = {int(params.m)}, ef_construction = {int(params.ef_construction)}) "
            f"WHERE {_model_filter(model_id)}"
        )
    )


def nearest(
    conn: Connection,
    model_id: str,
    query: np.ndarray,
    n: int,
    *,
    allowed: Collection[int] | None = None,
    params: SearchParams | None,
) -> list[tuple[int, float]]:
    """``(document id, similarity)`` of the ``n`` stored vectors nearest ``query``, nearest first.

    ``params=None`` is exact: it scans every candidate (a materialised pool the index cannot
    serve). Otherwise the model's half-precision index (IVFFlat or HNSW) finds ``n`` with the
    settings ``params`` gives for this search (local to the transaction), and those ``n`` are
    ordered by their full-precision inner product. Ties go by ascending document id.
    """
    vector = np.asarray(query, dtype=np.float32).reshape(-1)
    if n <= 0 or (allowed is not None and not allowed):
        return []
    where = _model_filter(model_id)
    binds: dict[str, Any] = {"q": vector_literal(vector), "n": int(n)}
    if allowed is not None:
        where += " AND document_id = ANY(:ids)"
        binds["ids"] = sorted({int(i) for i in allowed})
    distance = f"({_expression(vector.shape[0])}) <#> CAST(:q AS vector({vector.shape[0]}))"
    if params is None:
        statement = (
            f"WITH pool AS MATERIALIZED (SELECT document_id, {distance} AS distance "  # noqa: S608
            f"FROM embeddings WHERE {where}) "
            "SELECT document_id, distance FROM pool ORDER BY distance, document_id LIMIT :n"
        )
    else:
        _set_local(conn, params.search_settings(n, allowed is not None))
        dim = vector.shape[0]
        # a parameter of its own: one parameter cast two ways gets one type (halfvec) for both
        approximate = f"({_half_expression(dim)}) <#> CAST(:qh AS halfvec({dim}))"
        binds["qh"] = binds["q"]
        statement = (
            f"SELECT document_id, {distance} AS distance FROM ("  # noqa: S608
            f"SELECT document_id, embedding FROM embeddings "
            f"WHERE {where} ORDER BY {approximate} LIMIT :n) AS near"
        )
    rows = conn.execute(text(statement), binds).all()
    ordered = sorted((float(row.distance), int(row.document_id)) for row in rows)
    return [(doc, -dist) for dist, doc in ordered]


def _set_local(conn: Connection, settings: dict[str, str]) -> None:
    """``SET LOCAL`` every setting, in one round trip."""
    names = sorted(settings)
    calls = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names)))
    values = {f"n{i}": name for i, name in enumerate(names)}
    values |= {f"v{i}": settings[name] for i, name in enumerate(names)}
    conn.execute(text(f"SELECT {calls}"), values)


def _expression(dim: int) -> str:
    return f"{COLUMN}::vector({int(dim)})"


def _half_expression(dim: int) -> str:
    return f"{COLUMN}::halfvec({int(dim)})"


def _model_filter(model_id: str) -> str:
    """``model_id = '<id>'`` as a literal: a partial index matches constants, not parameters."""
    return "model_id = '" + model_id.replace("'", "''") + "'"
