"""pgvector in the store: HNSW build time, top-100 latency and recall@100 against exact search.

Runs the product's own code (:class:`cvmatch.index.pgvector_index.PgVectorIndex` and
:mod:`cvmatch.store.vectors`) on the embedded PostgreSQL 18 + pgvector 0.8 that
``embedded-postgres://`` starts, over ``--sizes`` stored CV vectors (384-d, unit length).

Vectors that look real (the generator, fixed before any figure was looked at): the lines of
at least 40 characters of the unique Kaggle resumes (``../shared/data/kaggle_resumes``) are
embedded with MiniLM int8 (the English default); a synthetic CV is the normalised mean of 3 to 8
such chunk vectors drawn at random plus Gaussian noise (sigma 0.01 per dimension), seed 0.
Queries are drawn the same way with another seed and are not stored.

Per size: a fresh database, rows loaded with COPY (documents + embeddings with their pgvector
column), then ``CREATE INDEX ... USING hnsw`` (``--configs``, m 16 / ef_construction 64 unless
told; maintenance_work_mem 1 GiB) timed, and ``pg_prewarm`` of the index and the table (the
state of a server that has been answering for a while; right after a build or a restart the first searches read the index
from disk and are several times slower); then ``--queries`` top-100 searches through the HNSW index, once for each
``--ef-search`` on the same index, and through a job's pool of 1,000 (exact in SQL), each timed
end to end (Python call → rows); and a trivial transaction (``SELECT 1``), the round-trip floor
of the (shared, loaded) machine. Recall@100 is against exact numpy search over the same float32
vectors. Results: one line per size on stdout and ``bench/out/pgvector.json``.

The index is the product's: half-precision (``halfvec``) HNSW, hits re-ordered by their
full-precision inner product, built with parallel workers. ``--configs M:EFC ...`` builds one
index per (``m``, ``ef_construction``) on the same rows. Two query sets, drawn apart:
``--queries-from validation`` (seed 3) to choose the settings, ``report`` (seed 4) to report
them, each looked at once per candidate (the choice rule is in docs/benchmarks/pgvector.md).

Run (from the repo root): ``nice -n 10 python -m bench.perf.pgvector --sizes 100000``
"""

import argparse
import csv
import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector
from psycopg import sql
from sqlalchemy import text

from bench.common import DATA_DIR, OUT, load_average, machine, timed, write_json
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.index.pgvector_index import PgVectorIndex
from cvmatch.store import Database, open_database
from cvmatch.store.embedded import embedded_postgres
from cvmatch.store.vectors import HnswParams, build_hnsw, index_name

KAGGLE = DATA_DIR / "kaggle_resumes" / "UpdatedResumeDataSet.csv"
MODEL_ID = "bench-minilm-int8"
TOP = 100
POOL = 1000


def chunk_vectors(kaggle: Path, cache: Path) -> np.ndarray:
    """MiniLM int8 vectors of the resume lines (cached in ``bench/out``)."""
    if cache.exists():
        return np.asarray(np.load(cache), dtype=np.float32)
    csv.field_size_limit(sys.maxsize)
    with kaggle.open(encoding="utf-8", errors="replace") as handle:
        resumes = dict.fromkeys(row["Resume"] for row in csv.DictReader(handle))
    lines = sorted(
        {line.strip() for r in resumes for line in r.splitlines() if len(line.strip()) >= 40}
    )
    encoder = load_encoder("minilm-int8", threads=2)
    if not isinstance(encoder, DenseEncoder):
        raise TypeError("minilm-int8 is not a dense encoder")
    vectors = np.asarray(encoder.encode(lines), dtype=np.float32)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def synthetic(chunks: np.ndarray, count: int, seed: int) -> np.ndarray:
    """``count`` CV-like unit vectors: the mean of 3-8 random chunk vectors plus noise."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, chunks.shape[1]), dtype=np.float32)
    for start in range(0, count, 50_000):
        size = min(50_000, count - start)
        parts = rng.integers(3, 9, size=size)
        picks = rng.integers(0, len(chunks), size=(size, 8))
        weights = (np.arange(8)[None, :] < parts[:, None]).astype(np.float32)
        block = np.einsum("nk,nkd->nd", weights, chunks[picks]) / parts[:, None]
        block += rng.normal(0, 0.01, size=block.shape).astype(np.float32)
        out[start : start + size] = block
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out


def load(url: str, vectors: np.ndarray) -> list[int]:
    """COPY one document row and one embedding row per vector; return the document ids."""
    libpq = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(libpq) as conn:
        register_vector(conn)
        with conn.cursor() as cur:
            buffer = io.StringIO()
            for i in range(len(vectors)):
                buffer.write(f"cv\tcv{i}.txt\th{i}\t\\\\x00\tx\ten\t{{}}\t2026-12-07 00:00:00+00\n")
            buffer.seek(0)
            with cur.copy(
                "COPY documents (kind, filename, content_hash, content, text, language, meta, "
                "created_at) FROM STDIN"
            ) as copy:
                while data := buffer.read(1 << 20):
                    copy.write(data)
            ids = [int(r[0]) for r in cur.execute("SELECT id FROM documents ORDER BY id")]
            with cur.copy(
                "COPY embeddings (document_id, model_id, dim, vector, embedding) "
                "FROM STDIN WITH (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int4", "varchar", "int4", "bytea", "vector"])
                for doc, vector in zip(ids, vectors, strict=True):
                    copy.write_row((doc, MODEL_ID, len(vector), vector.tobytes(), vector))
        conn.commit()
    return ids


QUERY_SEEDS = {"validation": 3, "report": 4, "diagnostic": 9}
"""Seeds of the query sets (the stored vectors use seed 0); diagnostic: never for a choice."""


def build(db: Database, dim: int, params: HnswParams) -> float:
    """Seconds to build the HNSW index (the product's DDL and build settings) over the rows."""
    with db.begin() as conn:
        conn.execute(text(f"DROP INDEX IF EXISTS {index_name(MODEL_ID, dim)}"))
        seconds, _ = timed(lambda: build_hnsw(conn, MODEL_ID, dim, params))
        conn.execute(text("ANALYZE embeddings"))
    return seconds


def exact_top(matrix: np.ndarray, ids: np.ndarray, query: np.ndarray, n: int) -> list[int]:
    sims = matrix @ query
    top = np.argpartition(-sims, n)[:n]
    return [int(ids[i]) for i in top[np.lexsort((ids[top], -sims[top]))]]


def percentiles(values: list[float]) -> dict[str, float]:
    """Nearest-rank p50 / p95 / p99 and the mean."""
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {"p50": pick(0.5), "p95": pick(0.95), "p99": pick(0.99), "mean": statistics.mean(values)}


def prepare(db: Database, vectors: np.ndarray, params: HnswParams) -> dict[str, Any]:
    """Build the index over the loaded rows, prewarmed; the build figures."""
    build_s = build(db, vectors.shape[1], params)
    with db.begin() as conn:  # a long-running server's state: the index and rows in memory
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_prewarm"))
        conn.execute(text("SELECT pg_prewarm(indexname::regclass) FROM pg_indexes "
                          "WHERE indexname LIKE 'ix_embeddings_hnsw_%'"))  # fmt: skip
        conn.execute(text("SELECT pg_prewarm('embeddings')"))
    with db.connect() as conn:
        size = conn.execute(
            text(
                "SELECT pg_relation_size(indexname::regclass) FROM pg_indexes "
                "WHERE indexname LIKE 'ix_embeddings_hnsw_%'"
            )
        ).scalar_one()
    return {"m": params.m, "ef_construction": params.ef_construction,
            "build_s": round(build_s, 1), "index_mib": round(size / 2**20, 1)}  # fmt: skip


def rounded(values: list[float]) -> dict[str, float]:
    return {k: round(v, 2) for k, v in percentiles(values).items()}


def hnsw_figures(
    db: Database, vectors: np.ndarray, ids: np.ndarray, queries: np.ndarray, ef: int
) -> dict[str, Any]:
    """Top-100 through the HNSW index at one ``ef_search``: latency and recall@100."""
    index = PgVectorIndex(db, MODEL_ID, HnswParams(ef_search=ef))
    index.search(queries[0], TOP)  # warm the index pages once
    times, recalls = [], []
    for query in queries:
        start = time.perf_counter()
        hits = index.search(query, TOP)
        times.append((time.perf_counter() - start) * 1000)
        truth = exact_top(vectors, ids, query, TOP)
        recalls.append(len({h.document_id for h in hits} & set(truth)) / TOP)
    return {"ef_search": max(ef, TOP), "ms": rounded(times),
            "recall_at_100": round(statistics.mean(recalls), 4),
            "recall_at_100_min": round(min(recalls), 2)}  # fmt: skip


def pool_figures(
    db: Database, vectors: np.ndarray, ids: np.ndarray, queries: np.ndarray
) -> dict[str, Any]:
    """Top-100 of a random pool of 1,000 (a job's candidates): exact in SQL, checked."""
    index = PgVectorIndex(db, MODEL_ID)
    rng = np.random.default_rng(2)
    times, equal = [], []
    for query in queries:
        pool = rng.choice(len(ids), size=POOL, replace=False)
        start = time.perf_counter()
        hits = index.search(query, TOP, allowed={int(ids[i]) for i in pool})
        times.append((time.perf_counter() - start) * 1000)
        equal.append(
            [h.document_id for h in hits] == exact_top(vectors[pool], ids[pool], query, TOP)
        )
    return {"ms": rounded(times), "equals_exact": sum(equal) / len(equal)}


def round_trip_ms(db: Database, count: int = 200) -> dict[str, float]:
    """A transaction with one trivial statement: the floor every search pays on this machine."""
    times = []
    for _ in range(count):
        start = time.perf_counter()
        with db.begin() as conn:
            conn.execute(text("SELECT 1"))
        times.append((time.perf_counter() - start) * 1000)
    return rounded(times)


def bench_size(
    db: Database,
    vectors: np.ndarray,
    queries: np.ndarray,
    configs: list[tuple[int, ...]],
    options: argparse.Namespace,
) -> list[dict[str, Any]]:
    """Load the vectors once, then per (m, ef_construction): build, and search at every ef."""
    load_s, ids = timed(lambda: load(db.engine.url.render_as_string(False), vectors))
    rows = []
    for m, efc in configs:
        params = HnswParams(m=m, ef_construction=efc, build_workers=options.build_workers)
        row = {"vectors": len(vectors), "dim": int(vectors.shape[1]), "load_s": round(load_s, 1),
               "queries": options.queries_from} | prepare(db, vectors, params)  # fmt: skip
        row["hnsw"] = [
            hnsw_figures(db, vectors, np.asarray(ids), queries, ef) for ef in options.ef_search
        ]
        row["load_average"] = round(load_average(), 1)
        print(row, flush=True)
        rows.append(row)
    rows[-1]["pool_1000"] = pool_figures(db, vectors, np.asarray(ids), queries)
    rows[-1]["round_trip_ms"] = round_trip_ms(db)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--ef-search", type=int, nargs="+", default=[100, 200, 400, 800, 1000])
    parser.add_argument("--configs", nargs="+", default=["16:64"], help="m:ef_construction")
    parser.add_argument("--queries-from", choices=sorted(QUERY_SEEDS), default="validation")
    parser.add_argument("--build-workers", type=int, default=HnswParams.build_workers)
    parser.add_argument("--json-out", type=Path, default=OUT / "pgvector.json")
    parser.add_argument("--dir", type=Path, default=OUT / "pgvector-server")
    parser.add_argument("--kaggle", type=Path, default=KAGGLE, help="the Kaggle resumes CSV")
    options = parser.parse_args()
    chunks = chunk_vectors(options.kaggle, OUT / "pgvector-chunks.npy")
    queries = synthetic(chunks, options.queries, seed=QUERY_SEEDS[options.queries_from])
    configs = [tuple(int(x) for x in c.split(":")) for c in options.configs]
    results = []
    with embedded_postgres(options.dir) as server:
        for size in options.sizes:
            name = f"bench_{size}"
            with psycopg.connect(server.url.replace("+psycopg", ""), autocommit=True) as conn:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            db = open_database(server.url.replace("/cvmatch?", f"/{name}?"))
            results += bench_size(db, synthetic(chunks, size, seed=0), queries, configs, options)
            db.close()
    write_json(options.json_out, {"machine": machine(), "chunks": len(chunks),
                                  "results": results})  # fmt: skip


if __name__ == "__main__":
    main()
