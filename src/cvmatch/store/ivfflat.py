"""pgvector's IVFFlat index over the stored vectors: lists sized at build, rebuilt as the store grows.

Each (model id, dimension) gets one partial IVFFlat index over ``embedding::halfvec(dim)`` with
``halfvec_ip_ops``, like the HNSW index it replaces (:mod:`cvmatch.store.vectors`), so the same
query uses either. IVFFlat's k-means runs once, at build, over the rows stored then: ``lists``
follows the store's size at that moment (``lists_per_sqrt_rows`` x sqrt(rows)), and rows added
later join the nearest existing list. So the index records, in its comment, how many rows of
its model (and how many live rows of the whole table) it was built over, and it is rebuilt when
the model's rows have grown ``regrow`` times since (docs/storage.md): a store that grows from
1k to 1M CVs is re-clustered about five times, each rebuild over 4x the rows of the last, so the
total build work stays within a small factor of one final build.

Checking the growth on every search must cost nothing: the table's live-row count from
PostgreSQL's statistics (``pg_stat_user_tables``, kept current within about a second) is read
first, and the model's rows are counted exactly only when the whole table has grown ``regrow``
times (then the recorded table count is brought up to date, so the next searches skip the
count again).
"""

import hashlib
import math
from dataclasses import dataclass

from sqlalchemy import Connection, text

INDEX_PREFIX = "ix_embeddings_ivf_"
"""Names of the per-model IVFFlat indexes (made on demand, like the HNSW ones)."""

_COMMENT = "cvmatch ivfflat rows={rows} table={table}"


@dataclass(frozen=True)
class IvfflatParams:
    """How an IVFFlat index is built, searched and kept fresh."""

    lists_per_sqrt_rows: float = 2.0
    """``lists`` = this x sqrt(rows at build), at least 1 (pgvector suggests rows / 1000 to 1M rows
    and sqrt(rows) beyond; docs/benchmarks/pgvector.md measured sqrt(rows) and 2 sqrt(rows))."""
    probes: int = 16
    """Lists scanned per search (``ivfflat.probes``); more when a filter or a large ``n`` needs it
    (``ivfflat.iterative_scan``)."""
    regrow: float = 4.0
    """Rebuild when the model's rows reach this multiple of the rows the index was built over."""
    build_workers: int = 2
    """Parallel workers of ``CREATE INDEX`` (``max_parallel_maintenance_workers``)."""
    build_memory_mb: int = 1024
    """``maintenance_work_mem`` of the build, raised to what k-means needs (:func:`kmeans_mb`)."""

    def lists(self, rows: int) -> int:
        """The number of lists for an index built over ``rows`` vectors."""
        return max(1, round(self.lists_per_sqrt_rows * math.sqrt(max(rows, 0))))

    def search_settings(self, n: int, filtered: bool) -> dict[str, str]:
        """The pgvector settings of one search for ``n`` rows (``filtered``: a pool restricts it).

        The iterative scan probes further lists only when the first ``probes`` hold fewer than
        ``n`` matching rows (a large ``n``, a small store, a pool); otherwise the answer is the
        plain ``probes`` scan's.
        """
        del n, filtered  # the iterative scan covers both; kept for the HNSW signature
        return {"ivfflat.probes": str(int(self.probes)), "ivfflat.iterative_scan": "relaxed_order"}


def kmeans_mb(lists: int, dim: int) -> int:
    """The memory pgvector's k-means asks for at ``lists`` centres over ``dim``-d vectors, in MiB.

    It clusters a sample of 50 rows per list and keeps, per sample, a lower bound per centre
    (Elkan's method): about 50 x lists^2 floats, plus the samples and centres. So 1,000 lists
    need ~0.3 GiB and 2,000 ~1 GiB (pgvector refuses the build when ``maintenance_work_mem`` is
    smaller: "memory required is ... MB"); 10 % of margin on top.
    """
    samples = 50 * lists
    vector = 4 * dim + 8  # a float32 vector with its header: the largest item k-means holds
    floats = samples * lists + lists * lists + samples + 2 * lists
    total = 4 * floats + (samples + 2 * lists) * vector + 4 * (samples + lists)
    return math.ceil(1.1 * total / 2**20)


@dataclass(frozen=True)
class BuildRecord:
    """What an IVFFlat index was built over (its comment) and the table's live rows now."""

    rows: int
    table: int
    live: int


def ivfflat_name(model_id: str, dim: int) -> str:
    """The IVFFlat index of one (model id, dimension), a valid identifier whatever the model id."""
    digest = hashlib.sha256(f"{model_id}\0{dim}\0ivfflat-halfvec".encode()).hexdigest()[:16]
    return f"{INDEX_PREFIX}{digest}"


def build_record(conn: Connection, model_id: str, dim: int) -> BuildRecord | None:
    """The IVFFlat index's build record, or None when it does not exist (one cheap query)."""
    statement = text(
        "SELECT obj_description(c.oid, 'pg_class') AS note, "
        "coalesce((SELECT n_live_tup FROM pg_stat_user_tables "
        "WHERE relid = 'embeddings'::regclass), 0) AS live "
        "FROM pg_class c WHERE c.oid = to_regclass(:n)"
    )
    row = conn.execute(statement, {"n": ivfflat_name(model_id, dim)}).first()
    if row is None:
        return None
    values = dict(part.split("=") for part in str(row.note or "").split()[2:])
    return BuildRecord(int(values.get("rows", 0)), int(values.get("table", 0)), int(row.live))


def needs_build(conn: Connection, model_id: str, dim: int, params: IvfflatParams) -> bool:
    """Whether the index is missing, or the model's rows grew ``regrow`` times since its build.

    Counts the model's rows only when the table's live rows say they may have (then records the
    table's count, so later calls are one statistics read again).
    """
    record = build_record(conn, model_id, dim)
    if record is None:
        return True
    if record.live < params.regrow * max(record.table, 1):
        return False
    rows = int(
        conn.execute(
            text("SELECT count(*) FROM embeddings WHERE model_id = :m"), {"m": model_id}
        ).scalar_one()
    )
    if rows >= params.regrow * max(record.rows, 1):
        return True
    _comment(conn, model_id, dim, record.rows, record.live)
    return False


def create_ivfflat(
    conn: Connection, model_id: str, dim: int, params: IvfflatParams, where: str
) -> int:
    """Create the IVFFlat index over the ``where`` rows (the model's), recording them; rows.

    The caller drops any other vector index of the model first and owns the transaction.
    """
    rows = int(
        conn.execute(
            text("SELECT count(*) FROM embeddings WHERE model_id = :m"), {"m": model_id}
        ).scalar_one()
    )
    lists = params.lists(rows)
    memory = max(int(params.build_memory_mb), kmeans_mb(lists, dim))
    live = conn.execute(
        text("SELECT n_live_tup FROM pg_stat_user_tables WHERE relid = 'embeddings'::regclass")
    ).scalar()
    conn.execute(
        text(
            "SELECT set_config('maintenance_work_mem', :mem, true), "
            "set_config('max_parallel_maintenance_workers', :workers, true), "
            "set_config('client_min_messages', 'warning', true)"  # "little data": expected
        ),
        {"mem": f"{memory}MB", "workers": str(int(params.build_workers))},
    )
    # DDL takes no bind parameters: the model filter is a quoted literal, the numbers are ints.
    conn.execute(
        text(
            f"CREATE INDEX {ivfflat_name(model_id, dim)} ON embeddings "
            f"USING ivfflat ((embedding::halfvec({int(dim)})) halfvec_ip_ops) "
            f"WITH (lists = {lists}) WHERE {where}"
        )
    )
    _comment(conn, model_id, dim, rows, max(int(live or 0), rows))
    return rows


def _comment(conn: Connection, model_id: str, dim: int, rows: int, table: int) -> None:
    note = _COMMENT.format(rows=int(rows), table=int(table))
    conn.execute(text(f"COMMENT ON INDEX {ivfflat_name(model_id, dim)} IS '{note}'"))
