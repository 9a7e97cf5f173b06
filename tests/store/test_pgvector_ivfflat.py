"""The IVFFlat index of the pgvector store: lists by size, exact when probing all, regrown."""

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import text

from cvmatch.index.pgvector_index import PgVectorIndex
from cvmatch.store import Database, open_database
from cvmatch.store.ivfflat import IvfflatParams, build_record, ivfflat_name, kmeans_mb
from cvmatch.store.recruiting import insert_document
from cvmatch.store.vectors import HnswParams, has_hnsw, upsert_vectors

pytestmark = pytest.mark.postgres

DIM = 16


@pytest.fixture
def database(fresh_postgres_url: str) -> Iterator[Database]:
    db = open_database(fresh_postgres_url)
    yield db
    db.close()


def _documents(db: Database, count: int, first: int = 0) -> list[int]:
    with db.begin() as conn:
        return [
            insert_document(conn, {"kind": "cv", "filename": f"{i}.txt", "content_hash": f"h{i}",
                                   "content": b"x", "text": "x", "language": "en", "meta": {}})[0]
            for i in range(first, first + count)
        ]  # fmt: skip


def _unit(rows: int, seed: int) -> np.ndarray:
    matrix = np.random.default_rng(seed).normal(size=(rows, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _exact(ids: list[int], matrix: np.ndarray, query: np.ndarray, n: int) -> list[int]:
    sims = matrix.astype(np.float64) @ query.astype(np.float64)
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-sims[i], ids[i]))][:n]


def _lists(db: Database) -> int:
    with db.connect() as conn:
        definition = conn.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = :n"),
            {"n": ivfflat_name("m@1", DIM)},
        ).scalar_one()
    return int(str(definition).split("lists='")[1].split("'")[0])


def _flushed_upsert(db: Database, ids: list[int], matrix: np.ndarray) -> None:
    """Store vectors and publish the table's statistics now (PostgreSQL does it within ~1 s)."""
    with db.begin() as conn:
        upsert_vectors(conn, "m@1", ids, matrix)
        conn.execute(text("SELECT pg_stat_force_next_flush()"))


def test_lists_follow_the_rows_at_build() -> None:
    """lists = round(k x sqrt(rows)), at least one: 2 x sqrt(10,000) = 200; 2 x sqrt(0) -> 1."""
    assert IvfflatParams(lists_per_sqrt_rows=2.0).lists(10_000) == 200
    assert IvfflatParams(lists_per_sqrt_rows=1.0).lists(1_000_000) == 1000
    assert IvfflatParams().lists(0) == 1


def test_the_build_asks_for_the_memory_kmeans_needs() -> None:
    """pgvector refused 2,191 lists of 512-d under 1 GiB: "memory required is 1052 MB".

    Elkan's bounds alone: 50 x 2,191 samples x 2,191 centres x 4 bytes = 960 MB.
    """
    assert 1052 <= kmeans_mb(2191, 512) <= 1.3 * 1052
    assert 3327 <= kmeans_mb(4000, 512) <= 1.3 * 3327  # "memory required is 3327 MB"
    assert kmeans_mb(1000, 512) < 1024 < kmeans_mb(2000, 512)


def test_the_default_index_is_ivfflat_and_exact_when_probing_every_list(
    database: Database,
) -> None:
    ids = _documents(database, 300)
    matrix = _unit(300, seed=1)
    index = PgVectorIndex(database, "m@1", IvfflatParams(probes=64))  # 2 x sqrt(300) = 35 lists
    assert PgVectorIndex(database, "m@1").tier == "pgvector-ivfflat-halfvec"
    index.upsert(ids, matrix)
    assert _lists(database) == 35
    for query in _unit(5, seed=2):
        hits = index.search(query, 20)
        assert [h.document_id for h in hits] == _exact(ids, matrix, query, 20)
        assert np.allclose([h.similarity for h in hits], np.sort(matrix @ query)[::-1][:20])


def test_a_search_for_more_rows_than_its_probes_hold_gets_them_all(database: Database) -> None:
    ids = _documents(database, 300)
    matrix = _unit(300, seed=3)
    index = PgVectorIndex(database, "m@1", IvfflatParams(probes=1))  # 1 of 35 lists: ~9 rows
    index.upsert(ids, matrix)
    hits = index.search(matrix[0], 250)
    assert len({h.document_id for h in hits}) == 250
    sims = [h.similarity for h in hits]
    assert sims == sorted(sims, reverse=True)
    assert hits[0].document_id == ids[0]


def test_the_index_is_rebuilt_once_the_rows_grew_four_times(database: Database) -> None:
    index = PgVectorIndex(database, "m@1")
    first = _documents(database, 10)
    _flushed_upsert(database, first, _unit(10, seed=4))
    assert index.build(DIM) is True
    assert _lists(database) == 6  # round(2 x sqrt(10))
    with database.connect() as conn:
        assert build_record(conn, "m@1", DIM) is not None
    more = _documents(database, 29, first=10)
    _flushed_upsert(database, more, _unit(29, seed=5))
    assert index.build(DIM) is False  # 39 rows: under 4 x 10
    last = _documents(database, 1, first=39)
    _flushed_upsert(database, last, _unit(1, seed=6))
    assert index.search(_unit(1, seed=7)[0], 5)  # searching does not rebuild by itself
    assert index.build(DIM) is True  # 40 rows: 4 x 10
    assert _lists(database) == 13  # round(2 x sqrt(40))
    assert index.build(DIM) is False
    assert index.build(DIM, rebuild=True) is True


def test_other_models_rows_alone_do_not_rebuild_it(database: Database) -> None:
    index = PgVectorIndex(database, "m@1")
    ids = _documents(database, 10)
    _flushed_upsert(database, ids, _unit(10, seed=8))
    assert index.build(DIM) is True
    with database.begin() as conn:  # 40 more rows in the table, of another model
        others = [*ids, *ids, *ids, *ids]
        for model, chunk in zip("abcd", range(0, 40, 10), strict=True):
            upsert_vectors(conn, model, others[chunk : chunk + 10], _unit(10, seed=9))
        conn.execute(text("SELECT pg_stat_force_next_flush()"))
    assert index.build(DIM) is False
    with database.connect() as conn:  # the table's count was brought up to date
        record = build_record(conn, "m@1", DIM)
    assert record is not None
    assert (record.rows, record.table) == (10, record.live)


def test_a_store_with_the_earlier_hnsw_index_moves_to_ivfflat(database: Database) -> None:
    ids = _documents(database, 40)
    matrix = _unit(40, seed=10)
    PgVectorIndex(database, "m@1", HnswParams()).upsert(ids, matrix)
    index = PgVectorIndex(database, "m@1")
    assert index.build(DIM) is True
    with database.connect() as conn:
        assert not has_hnsw(conn, "m@1", DIM)
    assert index.memory_bytes(DIM) > 0
    assert [h.document_id for h in index.search(matrix[3], 1)] == [ids[3]]
    hnsw = PgVectorIndex(database, "m@1", HnswParams())
    assert hnsw.build(DIM) is True  # and back: one vector index per model at a time
    assert index.memory_bytes(DIM) == 0
