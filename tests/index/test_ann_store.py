"""The persisted index follows the store: built when missing, synced when stale, reloaded when not."""

from pathlib import Path

import numpy as np

from cvmatch.index import ann_files
from cvmatch.index.ann_store import revision, synced_index
from cvmatch.store import Database, open_database
from cvmatch.store.codec import vector_to_bytes
from cvmatch.store.recruiting import insert_document, insert_embeddings

MODEL = "fake/1"


def _add_cvs(db: Database, start: int, count: int, kind: str = "cv") -> list[int]:
    rng = np.random.default_rng(start)
    ids = []
    with db.begin() as conn:
        for i in range(start, start + count):
            row = {
                "kind": kind,
                "filename": f"{i}.txt",
                "content_hash": f"{kind}{i:062d}",
                "content": b"x",
                "text": f"cv {i}",
                "language": "en",
                "meta": {},
            }
            doc_id, _ = insert_document(conn, row)
            v = rng.standard_normal(8).astype(np.float32)
            insert_embeddings(
                conn,
                [
                    {
                        "document_id": doc_id,
                        "model_id": MODEL,
                        "dim": 8,
                        "vector": vector_to_bytes(v / np.linalg.norm(v)),
                    }
                ],
            )
            ids.append(doc_id)
    return ids


def test_index_is_built_beside_the_db_then_synced_incrementally(tmp_path: Path) -> None:
    db = open_database(tmp_path / "recruit.db")
    first = _add_cvs(db, 0, 30)
    _add_cvs(db, 100, 2, kind="job")  # jobs' vectors are never candidates
    path = ann_files.index_path(str(db.engine.url), MODEL, tmp_path / "cache")
    assert path.parent == tmp_path

    index, report = synced_index(db, path, MODEL)
    assert report.rebuilt
    assert len(index) == 30
    assert index.ids().tolist() == first
    assert path.is_file()
    assert path.with_suffix(".json").is_file()

    again, report = synced_index(db, path, MODEL)
    assert not report.rebuilt
    assert report.added == 0
    assert len(again) == 30

    more = _add_cvs(db, 200, 5)
    synced, report = synced_index(db, path, MODEL)
    assert (report.rebuilt, report.added, report.removed) == (False, 5, 0)
    assert synced.ids().tolist() == first + more
    with db.connect() as conn:
        assert report.revision == revision(conn, MODEL) == f"35:{max(more)}"
    db.close()


def test_a_corrupt_or_other_model_file_is_rebuilt(tmp_path: Path) -> None:
    db = open_database(tmp_path / "recruit.db")
    _add_cvs(db, 0, 10)
    path = tmp_path / "recruit.db.ann-x.faiss"
    synced_index(db, path, MODEL)
    path.write_bytes(b"not a faiss index")
    index, report = synced_index(db, path, MODEL)
    assert report.rebuilt
    assert len(index) == 10
    other, report = synced_index(db, path, "another/2")
    assert report.rebuilt
    assert len(other) == 0
    db.close()
