"""kill -9 of a writer mid-stream leaves the store consistent: whole transactions or nothing.

A child process writes batches of documents with their vectors, one transaction per batch,
and reports each commit; it is killed with SIGKILL while writing. The store must then hold
whole batches only (every document with its vector, on PostgreSQL in the pgvector column too),
at least every batch reported, and take new writes.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from cvmatch.store import open_database, schema
from cvmatch.store.recruiting import insert_document, insert_embeddings

BATCH = 5

_WRITER = """
import sys
import numpy as np
from cvmatch.store import open_database
from cvmatch.store.recruiting import insert_document, insert_embeddings

db = open_database(sys.argv[1])
batch = 0
while True:
    with db.begin() as conn:
        rows = []
        for i in range(BATCH):
            name = f"{batch}-{i}"
            doc, _ = insert_document(conn, {"kind": "cv", "filename": name, "content_hash": name,
                "content": b"x" * 2000, "text": "x" * 2000, "language": "en", "meta": {}})
            vector = np.full(8, batch + i, dtype="<f4")
            rows.append({"document_id": doc, "model_id": "m", "dim": 8, "vector": vector.tobytes()})
        insert_embeddings(conn, rows)
    batch += 1
    print(batch, flush=True)
""".replace("BATCH", str(BATCH))


def _kill_mid_write(url: str, after: int) -> int:
    """Run the writer until it reported ``after`` commits, SIGKILL it; return commits seen."""
    writer = subprocess.Popen(
        [sys.executable, "-c", _WRITER, url],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert writer.stdout is not None
    seen = 0
    while seen < after:
        line = writer.stdout.readline()
        assert line, "the writer stopped before it was killed"
        seen = int(line)
    time.sleep(0.05)  # let it be inside its next transaction
    writer.send_signal(signal.SIGKILL)
    assert writer.wait(timeout=30) == -signal.SIGKILL
    return seen


def _check_consistent(url: str, committed: int) -> None:
    db = open_database(url)
    with db.connect() as conn:
        documents = conn.execute(select(func.count()).select_from(schema.documents)).scalar_one()
        e, d = schema.embeddings, schema.documents
        paired = conn.execute(
            select(func.count()).select_from(d.join(e, e.c.document_id == d.c.id))
        ).scalar_one()
        if not db.is_sqlite:
            missing = "SELECT count(*) FROM embeddings WHERE embedding IS NULL"
            assert conn.execute(text(missing)).scalar_one() == 0
        else:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
    assert documents % BATCH == 0  # whole batches only
    assert documents >= committed * BATCH  # nothing reported as committed was lost
    assert paired == documents  # no document without its vector
    with db.begin() as conn:  # no lock or half-written row stops the next writer
        doc, created = insert_document(
            conn, {"kind": "cv", "filename": "after", "content_hash": "after", "content": b"y",
                   "text": "y", "language": "en", "meta": {}}
        )  # fmt: skip
        insert_embeddings(conn, [{"document_id": doc, "model_id": "m", "dim": 1,
                                  "vector": b"\0\0\0\0"}])  # fmt: skip
    assert created
    db.close()


def test_kill_9_of_a_sqlite_writer_leaves_whole_transactions(tmp_path: Path) -> None:
    url = str(tmp_path / "s.db")
    open_database(url).close()
    _check_consistent(url, _kill_mid_write(url, after=20))


@pytest.mark.postgres
def test_kill_9_of_a_postgres_writer_leaves_whole_transactions(fresh_postgres_url: str) -> None:
    open_database(fresh_postgres_url).close()
    _check_consistent(fresh_postgres_url, _kill_mid_write(fresh_postgres_url, after=20))
