"""``cvmatch ingest`` killed with SIGKILL mid-run, then rerun: nothing committed is lost or redone.

The first run is a real subprocess ingesting 200 small CVs in batches of 2 with the packaged
USE-m3 encoder; it is killed as soon as the store holds a committed batch. Each batch commits
whole, so every stored document has its vector and candidate; the rerun reports exactly the
committed files as duplicates and stores only the others.
"""

import json
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from tests.ingest.cli_run import start_cli

pytestmark = pytest.mark.models

FILES = 200
SKILLS = ["Cassandra", "PostgreSQL", "Kubernetes", "Python", "nursing", "accounting", "React"]


def _write_cvs(folder: Path) -> None:
    folder.mkdir()
    for i in range(FILES):
        skill = SKILLS[i % len(SKILLS)]
        text = f"Candidate {i}\n\nExperience\n{i % 12 + 1} years of {skill} work at firm {i}.\n"
        (folder / f"cv-{i:03d}.txt").write_text(text, encoding="utf-8")


_COUNTED = (
    "documents",
    "embeddings WHERE model_id NOT LIKE 'chunks:%'",  # the stored CVs' vectors
    "embeddings WHERE model_id LIKE 'chunks:%'",  # their precomputed scoring vectors
    "candidates",
)


def _counts(db: Path) -> tuple[int, int, int, int]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
        return tuple(  # type: ignore[return-value]
            conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
            for t in _COUNTED
        )


def _wait_for_first_commit(process: object, db: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest ended before it could be killed"  # type: ignore[attr-defined]
        if db.exists():
            try:
                if _counts(db)[0] > 0:
                    return
            except sqlite3.OperationalError:
                pass  # tables not created yet
        time.sleep(0.005)
    pytest.fail("no batch was committed in time")


def test_kill_9_mid_ingest_then_resume(tmp_path: Path) -> None:
    folder, db = tmp_path / "cvs", tmp_path / "recruit.db"
    _write_cvs(folder)
    args = ["ingest", str(folder), "--db", str(db), "--batch", "2", "-f", "json"]
    first = start_cli(args, tmp_path / "cache")
    try:
        _wait_for_first_commit(first, db)
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.communicate(timeout=60)
    assert first.returncode == -signal.SIGKILL
    documents, vectors, chunks, candidates = _counts(db)
    assert 0 < documents < FILES, "the kill must land mid-run"
    assert documents == vectors == chunks == candidates  # batches commit whole

    second = start_cli(args, tmp_path / "cache")
    out, err = second.communicate(timeout=900)
    assert second.returncode == 0, err
    report = json.loads(out)
    assert report["counts"] == {
        "stored": FILES - documents,
        "duplicate": documents,
        "refused": 0,
    }
    assert _counts(db) == (FILES, FILES, FILES, FILES)
