"""Ingest in a pool of two local worker processes: the same store as one process."""

from pathlib import Path

import pytest
from tests.ingest.paths import EXAMPLE_CVS

from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.settings import Settings

pytestmark = pytest.mark.models


def test_two_local_processes_store_what_one_does(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path / "cache")
    pooled = StoredCvs(tmp_path / "pool.db", Engine(settings))
    report = pooled.ingest(EXAMPLE_CVS, engine="local", workers=2, batch=4)
    assert (report.engine, report.workers) == ("local", 2)
    assert report.counts == {"stored": 16, "duplicate": 0, "refused": 0}
    ids = {o.source: o.document_id for o in report.outcomes}
    assert sorted(ids) == sorted(str(p) for p in EXAMPLE_CVS.iterdir())
    assert pooled.stats().size == 16
    again = pooled.ingest(EXAMPLE_CVS, engine="local", workers=2)
    assert again.counts["duplicate"] == 16
    pooled.close()
