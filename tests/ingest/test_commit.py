"""A batch commits whole or not at all, even when it starts with a SAVEPOINT on SQLite."""

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select

from cvmatch.ingest.commit import commit_batch, stored_hashes
from cvmatch.ingest.records import Prepared
from cvmatch.store import open_database
from cvmatch.store.schema import documents, embeddings


def _row(content_hash: str) -> dict[str, object]:
    return {
        "kind": "cv",
        "filename": f"{content_hash}.txt",
        "content_hash": content_hash,
        "content": b"x",
        "text": "text",
        "language": "en",
        "meta": {},
    }


def test_a_failing_batch_leaves_nothing_behind(tmp_path: Path) -> None:
    db = open_database(tmp_path / "r.db")
    good = Prepared("a", "h1", _row("h1"), np.ones(4, dtype=np.float32), "m")
    broken = Prepared("b", "h2", {"kind": "cv"}, np.ones(4, dtype=np.float32), "m")
    with pytest.raises(KeyError):
        commit_batch(db, [good, broken])
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(documents)).scalar_one() == 0
    outcomes = commit_batch(db, [good, Prepared("c", "h3", error="E", message="bad")])
    assert [o.outcome.value for o in outcomes] == ["stored", "refused"]
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(embeddings)).scalar_one() == 1
    assert stored_hashes(db, ["h1", "h3"], "m") == {"h1"}
    assert stored_hashes(db, ["h1"], "other-model") == set()
    db.close()
