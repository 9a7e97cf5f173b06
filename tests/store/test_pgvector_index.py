"""PgVectorIndex on a real PostgreSQL + pgvector: same answers as exact numpy search."""

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import text

from cvmatch.errors import InvalidInputError
from cvmatch.index.pgvector_index import PgVectorIndex
from cvmatch.store import Database, open_database
from cvmatch.store.ivfflat import IvfflatParams, ivfflat_name
from cvmatch.store.recruiting import embedding_rows, insert_document, insert_embeddings
from cvmatch.store.vectors import HnswParams, index_name, nearest

pytestmark = pytest.mark.postgres

DIM = 16


@pytest.fixture
def database(fresh_postgres_url: str) -> Iterator[Database]:
    db = open_database(fresh_postgres_url)
    yield db
    db.close()


def _documents(db: Database, count: int) -> list[int]:
    with db.begin() as conn:
        return [
            insert_document(conn, {"kind": "cv", "filename": f"{i}.txt", "content_hash": f"h{i}",
                                   "content": b"x", "text": "x", "language": "en", "meta": {}})[0]
            for i in range(count)
        ]  # fmt: skip


def _unit(rows: int, seed: int) -> np.ndarray:
    matrix = np.random.default_rng(seed).normal(size=(rows, DIM)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _exact(ids: list[int], matrix: np.ndarray, query: np.ndarray, n: int) -> list[int]:
    """Ids by descending inner product, ties by ascending id (the contract's order)."""
    sims = matrix.astype(np.float64) @ query.astype(np.float64)
    return [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-sims[i], ids[i]))][:n]


def test_hnsw_search_equals_exact_search_on_a_small_pool(database: Database) -> None:
    ids = _documents(database, 300)
    matrix = _unit(300, seed=1)
    index = PgVectorIndex(database, "m@1", HnswParams(ef_search=200))
    index.upsert(ids, matrix)
    assert len(index) == 300
    for query in _unit(5, seed=2):
        hits = index.search(query, 20)
        assert [h.document_id for h in hits] == _exact(ids, matrix, query, 20)
        sims = [h.similarity for h in hits]
        assert sims == sorted(sims, reverse=True)
        assert np.allclose(sims, np.sort(matrix @ query)[::-1][:20], atol=1e-5)


@pytest.mark.parametrize(
    ("params", "name"),
    [(HnswParams(), index_name("m@1", DIM)), (IvfflatParams(), ivfflat_name("m@1", DIM))],
)
def test_the_index_serves_the_unfiltered_query(
    database: Database, params: HnswParams | IvfflatParams, name: str
) -> None:
    ids = _documents(database, 50)
    index = PgVectorIndex(database, "m@1", params)
    index.upsert(ids, _unit(50, seed=3))
    query = "[" + ",".join(["0.25"] * DIM) + "]"
    with database.begin() as conn:
        conn.execute(text("SET LOCAL enable_seqscan = off"))  # tiny table: force the choice
        plan = conn.execute(
            text(
                f"EXPLAIN SELECT document_id FROM embeddings WHERE model_id = 'm@1' "  # noqa: S608
                f"ORDER BY (embedding::halfvec({DIM})) <#> '{query}'::halfvec({DIM}) LIMIT 5"
            )
        ).all()
    assert name in "\n".join(row[0] for row in plan)


def test_a_pool_is_searched_exactly_with_ties_by_id(database: Database) -> None:
    ids = _documents(database, 40)
    matrix = _unit(40, seed=4)
    matrix[10] = matrix[20] = matrix[30] = matrix[5]  # four equal vectors
    index = PgVectorIndex(database, "m@1")
    index.upsert(ids, matrix)
    pool = {ids[i] for i in (30, 20, 10, 5, 7, 8)}
    hits = index.search(matrix[5], 5, allowed=pool)
    assert [h.document_id for h in hits][:4] == sorted(ids[i] for i in (5, 10, 20, 30))
    assert {h.document_id for h in hits} <= pool
    all_pool = index.search(matrix[5], 100, allowed=pool)
    assert [h.document_id for h in all_pool] == _exact(
        sorted(pool), matrix[[ids.index(i) for i in sorted(pool)]], matrix[5], 100
    )
    assert index.search(matrix[5], 5, allowed=set()) == []


def test_a_large_pool_goes_through_hnsw_and_stays_inside_it(database: Database) -> None:
    ids = _documents(database, 200)
    matrix = _unit(200, seed=5)
    index = PgVectorIndex(database, "m@1", HnswParams(ef_search=200), exact_below=10)
    index.upsert(ids, matrix)
    pool = set(ids[::3])
    hits = index.search(matrix[0], 15, allowed=pool)
    pool_ids = sorted(pool)
    expected = _exact(pool_ids, matrix[[ids.index(i) for i in pool_ids]], matrix[0], 15)
    assert [h.document_id for h in hits] == expected


def test_upsert_replaces_delete_forgets_and_models_stay_apart(database: Database) -> None:
    ids = _documents(database, 3)
    index = PgVectorIndex(database, "m@1")
    other = PgVectorIndex(database, "m@2")
    index.upsert(ids, np.eye(3, DIM, dtype=np.float32))
    other.upsert(ids[:1], np.eye(1, DIM, dtype=np.float32))
    index.upsert(ids[:1], -np.eye(1, DIM, dtype=np.float32))  # replaced: now the farthest
    query = np.eye(1, DIM, dtype=np.float32)[0]
    assert [h.document_id for h in index.search(query, 3)][-1] == ids[0]
    index.delete([ids[1], 999_999])
    assert len(index) == 2
    assert len(other) == 1
    assert [h.document_id for h in other.search(query, 3)] == [ids[0]]
    with database.connect() as conn:  # the blob the workspace reads was replaced too
        (row,) = embedding_rows(conn, [ids[0]], "m@1")
    assert np.frombuffer(row.vector, dtype="<f4")[0] == -1.0


def test_vectors_the_workspace_stores_are_searchable(database: Database) -> None:
    ids = _documents(database, 2)
    matrix = _unit(2, seed=6)
    rows = [{"document_id": i, "model_id": "m@1", "dim": DIM, "vector": v.tobytes()}
            for i, v in zip(ids, matrix, strict=True)]  # fmt: skip
    with database.begin() as conn:
        insert_embeddings(conn, rows)
    hits = PgVectorIndex(database, "m@1").search(matrix[1], 2)
    assert [h.document_id for h in hits] == [ids[1], ids[0]]
    assert hits[0].similarity == pytest.approx(1.0, abs=1e-6)


def test_sqlite_is_refused_with_a_pointer(tmp_path: object) -> None:
    db = open_database(f"{tmp_path}/s.db")
    with pytest.raises(InvalidInputError, match="faiss"):
        PgVectorIndex(db, "m@1")
    db.close()


def test_the_search_settings_hold_for_its_transaction_only(database: Database) -> None:
    ids = _documents(database, 5)
    PgVectorIndex(database, "m@1").upsert(ids, _unit(5, seed=7))
    with database.begin() as conn:
        nearest(
            conn, "m@1", _unit(1, seed=8)[0], 300, allowed=set(ids), params=HnswParams(ef_search=40)
        )
        assert conn.execute(text("SHOW hnsw.ef_search")).scalar() == "300"
        assert conn.execute(text("SHOW hnsw.iterative_scan")).scalar() == "relaxed_order"
    with database.connect() as conn:
        assert conn.execute(text("SHOW hnsw.ef_search")).scalar() == "40"  # pgvector's default
