"""pgvector first-stage candidates for p95 <= 20 ms at recall@100 >= 0.95: build, latency, recall.

Two data sets (``--vectors``): ``minilm`` (rounds 1-2), :mod:`bench.perf.pgvector`'s CV-like
384-d MiniLM int8 vectors (seed 0; *validation* queries seed 3, *report* queries seed 4); and
``scale`` (round 3), what the product stores and the faiss tier's figures use: the scale bench's
USE-m3 512-d CV-like vectors and real job descriptions (:mod:`bench.perf.pgvector_scale`;
validation jobs 200-299, report jobs 300-399). Both are loaded the same way into the embedded
PostgreSQL 18 + pgvector 0.8, one database per data set and size. Per size, every candidate index is
built alone on the same rows (the others dropped, so the planner can only use it), prewarmed,
then each query set is run ``--repeats`` times (a query's wall time is the median of its
repeats: the machine is shared) and once under ``EXPLAIN (ANALYZE)`` for the server-side
execution time. Recall@100 is against exact numpy search over the float32 vectors.

Candidates (fixed before any of them was measured):

* ``hnsw:EF`` — the product's index before this change: HNSW over ``embedding::halfvec(D)``,
  ``m`` 24, ``ef_construction`` 128, ``hnsw.ef_search`` EF, the 100 hits re-ordered by their
  full-precision inner product;
* ``ivf:PROBES`` — IVFFlat over ``embedding::halfvec(D)`` (``halfvec_ip_ops``), ``lists`` =
  2 x sqrt(rows) (632 at 100k, 1,095 at 300k), ``ivfflat.probes`` PROBES, same re-ordering;
* ``bq:K`` — HNSW over ``binary_quantize(embedding::vector(D))::bit(D)`` (``bit_hamming_ops``,
  m 16, ef_construction 64): the K nearest by Hamming distance (``ef_search`` min(K, 1000),
  iterative scan beyond), re-ranked by the exact inner product in the same SQL.

Added after round 1 had been looked at (so reported as a second round): ``ivfv`` / ``ivfl2``
(IVFFlat over full-precision ``vector`` / with the L2 metric: checked on diagnostic queries
only, seed 9: neither cut the CPU per search by more than ~10 % nor raised the recall),
``hnswv`` (HNSW over ``vector``), and
larger values of the first families (``ivf:256``, ``hnsw:600``-``1000``).

Each search also records the server's CPU time (``/proc/<backend>/schedstat`` before and after:
what the search costs on an idle core), since wall times on the shared machine mostly measure
the wait for a core.

Round 3 (``--vectors scale``; docs/benchmarks/pgvector.md has its protocol, written before its
first figure): ``ivf1:P`` / ``ivf:P`` / ``ivf4:P`` (IVFFlat with sqrt(rows), 2 sqrt(rows),
4 sqrt(rows) lists), ``hnsw:EF``; rule: the lowest server CPU p95 among the candidates with
validation recall@100 >= 0.95 at 100k, 300k and 1M. Its chosen one, on an idle machine, on the
indexes the last run left (``--reuse``: rows kept, and the index if the last run built the same
family, labelled in its comment)::

    CVMATCH_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 python -m bench.perf.pgvector_candidates \
        --vectors scale --sizes 100000 300000 1000000 --reuse --candidates ivf:8 \
        --queries-from report --repeats 2 --json-out pgvector-scale-report.json

Selection rule of rounds 1-2 (written before their first run): on the *validation* queries, the candidate with
the lowest wall p95 at the largest size measured among those whose mean recall@100 is >= 0.95
at every size measured; ties (within 1 ms) go to the faster build. The *report* queries are
then run once, on the chosen candidate only.

Run (from the repo root)::

    nice -n 10 python -m bench.perf.pgvector_candidates --sizes 100000 300000 \
        --candidates ivf:16 ivf:32 ivf:64 ivf:128 bq:1000 bq:2000
    nice -n 10 python -m bench.perf.pgvector_candidates --sizes 100000 300000 \
        --candidates ivf:256 hnsw:600 hnsw:800 hnsw:1000 --json-out pgvector-cand-validation-2.json
    # the chosen one, once, on the report queries, on the index the run above left:
    nice -n 10 python -m bench.perf.pgvector_candidates --sizes 100000 300000 --reuse \
        --candidates hnsw:EF --queries-from report --json-out pgvector-cand-report.json
"""

import argparse
import math
import statistics
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from psycopg import sql
from sqlalchemy import Connection, text

from bench.common import OUT, load_average, machine, timed, write_json
from bench.perf import pgvector_scale
from bench.perf.pgvector import (
    KAGGLE,
    MODEL_ID,
    QUERY_SEEDS,
    TOP,
    chunk_vectors,
    exact_top,
    load,
    rounded,
    synthetic,
)
from cvmatch.store import Database, open_database
from cvmatch.store.embedded import embedded_postgres
from cvmatch.store.vectors import vector_literal

WHERE = f"model_id = '{MODEL_ID}'"
"""Every bench database holds one model's rows (the MiniLM label also on the scale vectors)."""

DATABASE_PREFIX = {"minilm": "cand", "scale": "scale"}
"""One database per data set and size: ``cand_100000``, ``scale_1000000``..."""


@dataclass(frozen=True)
class Family:
    """How one candidate family indexes and orders: method, key type, operator class, operator."""

    method: str
    key: str
    opclass: str
    operator: str
    lists_per_sqrt_rows: float = 2.0
    """IVFFlat only: ``lists`` = this x sqrt(rows)."""


FAMILIES = {
    "hnsw": Family("hnsw", "halfvec", "halfvec_ip_ops", "<#>"),
    "ivf": Family("ivfflat", "halfvec", "halfvec_ip_ops", "<#>"),
    "bq": Family("hnsw", "bit", "bit_hamming_ops", "<~>"),
    # added after round 1 (docs/benchmarks/pgvector.md says so): the key type and the metric
    "ivfv": Family("ivfflat", "vector", "vector_ip_ops", "<#>"),
    "ivfl2": Family("ivfflat", "halfvec", "halfvec_l2_ops", "<->"),
    "hnswv": Family("hnsw", "vector", "vector_ip_ops", "<#>"),
    # round 3 (the scale bench's vectors): IVFFlat with sqrt(rows) and 4 x sqrt(rows) lists
    "ivf1": Family("ivfflat", "halfvec", "halfvec_ip_ops", "<#>", 1.0),
    "ivf4": Family("ivfflat", "halfvec", "halfvec_ip_ops", "<#>", 4.0),
}


@dataclass(frozen=True)
class Candidate:
    """One index family and its search-time parameter (``ef_search``, probes or K)."""

    family: str
    value: int

    @property
    def label(self) -> str:
        return f"{self.family}:{self.value}"

    def _key(self, dim: int, value: str = "embedding") -> str:
        kind = FAMILIES[self.family].key
        if kind == "bit":
            return f"binary_quantize({value}::vector({dim}))::bit({dim})"
        return f"{value}::{kind}({dim})"

    def index_sql(self, dim: int, rows: int) -> str:
        family = FAMILIES[self.family]
        if family.method == "ivfflat":
            with_ = f"lists = {lists(family, rows)}"
        else:
            with_ = (
                "m = 16, ef_construction = 64"
                if family.key == "bit"
                else "m = 24, ef_construction = 128"
            )
        return (f"CREATE INDEX cand ON embeddings USING {family.method} "
                f"(({self._key(dim)}) {family.opclass}) WITH ({with_}) WHERE {WHERE}")  # fmt: skip

    def build_key(self) -> str:
        return self.family

    def settings(self) -> dict[str, str]:
        if FAMILIES[self.family].method == "ivfflat":
            return {"ivfflat.probes": str(self.value), "ivfflat.iterative_scan": "off"}
        if self.family != "bq":
            return {"hnsw.ef_search": str(self.value), "hnsw.iterative_scan": "off"}
        return {"hnsw.ef_search": str(min(self.value, 1000)),
                "hnsw.iterative_scan": "relaxed_order" if self.value > 1000 else "off",
                "hnsw.max_scan_tuples": "50000"}  # fmt: skip

    def query_sql(self, dim: int, literal: str) -> str:
        family = FAMILIES[self.family]
        exact = f"(embedding::vector({dim})) <#> '{literal}'::vector({dim})"
        order = f"{self._key(dim)} {family.operator} {self._key(dim, repr(literal))}"
        limit = self.value if self.family == "bq" else TOP
        return (f"SELECT document_id, {exact} AS distance FROM (SELECT document_id, embedding "  # noqa: S608
                f"FROM embeddings WHERE {WHERE} ORDER BY {order} LIMIT {limit}) AS near "
                f"ORDER BY distance, document_id LIMIT {TOP}")  # fmt: skip


def lists(family: Family, rows: int) -> int:
    """IVFFlat's number of lists for ``rows`` stored vectors."""
    return round(family.lists_per_sqrt_rows * math.sqrt(rows))


def parse(label: str) -> Candidate:
    family, value = label.split(":")
    if family not in FAMILIES:
        raise SystemExit(f"unknown candidate family {family!r}; known: {sorted(FAMILIES)}")
    return Candidate(family, int(value))


def build(db: Database, candidate: Candidate, dim: int, rows: int) -> dict[str, Any]:
    """Drop every candidate index, build this one (timed), prewarm it; build figures."""
    with db.begin() as conn:
        conn.execute(text("DROP INDEX IF EXISTS cand"))
        for name in conn.execute(text("SELECT indexname FROM pg_indexes "
                                      "WHERE indexname LIKE 'ix_embeddings_hnsw_%'")).scalars():  # fmt: skip
            conn.execute(text(f"DROP INDEX {name}"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        conn.execute(text("SET LOCAL max_parallel_maintenance_workers = 2"))
        seconds, _ = timed(lambda: conn.execute(text(candidate.index_sql(dim, rows))))
        conn.execute(text(f"COMMENT ON INDEX cand IS '{candidate.build_key()}'"))
        conn.execute(text("ANALYZE embeddings"))
    with db.begin() as conn:
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
        conn.execute(text("SELECT pg_prewarm('cand'), pg_prewarm('embeddings')"))
        size = conn.execute(text("SELECT pg_relation_size('cand')")).scalar_one()
    built = {"build_s": round(seconds, 1), "index_mib": round(size / 2**20, 1)}
    if FAMILIES[candidate.family].method == "ivfflat":
        built["lists"] = lists(FAMILIES[candidate.family], rows)
    return built | {"build_load_average": round(load_average(), 1)}


def kept_index(db: Database) -> str | None:
    """The family of the candidate index a previous run left (None: none, or unlabelled)."""
    with db.connect() as conn:
        note = conn.execute(text("SELECT obj_description(to_regclass('cand'), 'pg_class')"))
        return note.scalar()


def backend_cpu_ms(pid: int) -> float:
    """CPU time a server process has run so far (``/proc/PID/schedstat``, ns): load-independent."""
    return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e6


def search(db: Database, candidate: Candidate, query: np.ndarray, explain: bool) -> Any:
    """One search in its own transaction (settings local to it): rows, or the plan's JSON."""
    with db.connect() as conn:
        return search_on(conn, candidate, query, explain)


def search_on(conn: Connection, candidate: Candidate, query: np.ndarray, explain: bool) -> Any:
    """:func:`search` on one connection."""
    statement = candidate.query_sql(len(query), vector_literal(query))
    if explain:
        statement = "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement
    with conn.begin():
        names = list(candidate.settings())
        setter = ", ".join(f"set_config(:n{i}, :v{i}, true)" for i in range(len(names)))
        values = {f"n{i}": n for i, n in enumerate(names)}
        values |= {f"v{i}": candidate.settings()[n] for i, n in enumerate(names)}
        conn.execute(text(f"SELECT {setter}"), values)
        result = conn.execute(text(statement))
        return result.scalar() if explain else [int(r.document_id) for r in result]


def measure(
    db: Database, candidate: Candidate, data: tuple[np.ndarray, np.ndarray], queries: np.ndarray,
    repeats: int,
) -> dict[str, Any]:  # fmt: skip
    """Wall latency (median of repeats per query), server-side time and recall@100."""
    vectors, ids = data
    search(db, candidate, queries[0], explain=False)  # warm
    walls: list[list[float]] = [[] for _ in queries]
    found: list[list[int]] = []
    for repeat in range(repeats):
        for i, query in enumerate(queries):
            start = time.perf_counter()
            hits = search(db, candidate, query, explain=False)
            walls[i].append((time.perf_counter() - start) * 1000)
            if repeat == 0:
                found.append(hits)
    server = [search(db, candidate, q, explain=True)[0]["Execution Time"] for q in queries]
    cpu = []
    with db.connect() as conn:  # the server's CPU per search: what an idle core would take
        pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
        conn.commit()
        for query in queries:
            before = backend_cpu_ms(pid)
            search_on(conn, candidate, query, explain=False)
            cpu.append(backend_cpu_ms(pid) - before)
    recalls = [len(set(hits) & set(exact_top(vectors, ids, q, TOP))) / TOP
               for hits, q in zip(found, queries, strict=True)]  # fmt: skip
    return {"candidate": candidate.label, "wall_ms": rounded([statistics.median(w) for w in walls]),
            "server_ms": rounded(server), "server_cpu_ms": rounded(cpu), "recall_at_100": round(statistics.mean(recalls), 4),
            "recall_at_100_min": round(min(recalls), 2), "load_average": round(load_average(), 1)}  # fmt: skip


def fresh_database(
    server_url: str, name: str, vectors: np.ndarray, reuse: bool
) -> tuple[Database, float, list[int]]:
    """The database ``name`` loaded with ``vectors`` (kept as it is with ``reuse``)."""
    url = server_url.replace("/cvmatch?", f"/{name}?")
    if reuse:
        db = open_database(url)
        with db.begin() as conn:  # a restarted server: the kept index read into memory again
            conn.execute(text("SELECT pg_prewarm('cand'), pg_prewarm('embeddings')"))
            ids = conn.execute(text("SELECT document_id FROM embeddings ORDER BY document_id"))
            return db, 0.0, [int(i) for i in ids.scalars()]
    with psycopg.connect(server_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db = open_database(url)
    load_s, ids = timed(lambda: load(db.engine.url.render_as_string(False), vectors))
    return db, load_s, ids


def run_size(
    server_url: str, size: int, vectors: np.ndarray, queries: np.ndarray,
    options: argparse.Namespace,
) -> list[dict[str, Any]]:  # fmt: skip
    """Every candidate built and measured on ``size`` vectors (``--reuse``: the last index kept)."""
    name = f"{DATABASE_PREFIX[options.vectors]}_{size}{options.db_tag}"
    db, load_s, ids = fresh_database(server_url, name, vectors, options.reuse)
    rows: list[dict[str, Any]] = []
    built: dict[str, dict[str, Any]] = {}
    for candidate in [parse(c) for c in options.candidates]:
        if options.reuse and not built and kept_index(db) == candidate.build_key():
            built = {candidate.build_key(): {"reused_index": True}}  # its figures: the last run
        if candidate.build_key() not in built:
            built = {candidate.build_key(): build(db, candidate, vectors.shape[1], size)}
        figures = measure(db, candidate, (vectors, np.asarray(ids)), queries, options.repeats)
        row = {"vectors": size, "data": options.vectors, "load_s": round(load_s, 1)}
        row |= built[candidate.build_key()]
        rows.append(row | figures | {"queries": options.queries_from})
        print(rows[-1], flush=True)
    db.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--candidates", nargs="+", required=True, help="family:value")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--queries-from", choices=sorted(QUERY_SEEDS), default="validation")
    parser.add_argument("--vectors", choices=sorted(DATABASE_PREFIX), default="minilm",
                        help="minilm: rounds 1-2's MiniLM chunk means; scale: the scale bench's")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reuse", action="store_true",
                        help="keep the rows; and the index left, if it is the first candidate's")  # fmt: skip
    parser.add_argument("--db-tag", default="", help="a suffix of the databases' names")
    parser.add_argument("--json-out", type=lambda p: OUT / p, default=OUT / "pgvector-cand.json")
    parser.add_argument("--dir", default=str(OUT / "pgvector-server"))
    options = parser.parse_args()
    if options.vectors == "scale":
        queries = pgvector_scale.queries(options.queries_from, options.queries)
        make = pgvector_scale.vectors
    else:
        chunks = chunk_vectors(KAGGLE, OUT / "pgvector-chunks.npy")
        queries = synthetic(chunks, options.queries, seed=QUERY_SEEDS[options.queries_from])
        make = partial(synthetic, chunks, seed=0)
    results = []
    with embedded_postgres(options.dir) as server:
        for size in options.sizes:
            results += run_size(server.url, size, make(size), queries, options)
    write_json(options.json_out, {"machine": machine(), "results": results})


if __name__ == "__main__":
    main()
