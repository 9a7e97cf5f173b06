"""Ingest on a real local Ray (two actors): the same store as a single-process run.

The Ray executor starts a local Ray itself (no dashboard, half a CPU per actor) and shuts it
down; the test checks by PID that every process Ray started is gone afterwards. It is skipped,
with the reason, only when Ray cannot start on this machine.
"""

from pathlib import Path

import numpy as np
import psutil
import pytest
from sqlalchemy import select
from tests.ingest.paths import EXAMPLE_CVS

from cvmatch.engine.stored import StoredCvs
from cvmatch.settings import Settings
from cvmatch.store.codec import vectors_from_bytes
from cvmatch.store.schema import documents, embeddings

pytestmark = pytest.mark.models


def _vectors_by_hash(stored: StoredCvs) -> dict[str, np.ndarray]:
    d, e = documents, embeddings
    query = select(d.c.content_hash, e.c.dim, e.c.vector).join(e, e.c.document_id == d.c.id)
    with stored.db.connect() as conn:
        return {
            str(r.content_hash): vectors_from_bytes([r.vector], int(r.dim))[0]
            for r in conn.execute(query)
        }


def _children() -> set[int]:
    return {p.pid for p in psutil.Process().children(recursive=True)}


def test_ray_ingest_matches_one_process(tmp_path: Path) -> None:
    ray = pytest.importorskip("ray")
    settings = Settings(cache_dir=tmp_path / "cache")
    before = _children()
    on_ray = StoredCvs(tmp_path / "ray.db", settings)
    try:
        report = on_ray.ingest(EXAMPLE_CVS, engine="ray", workers=2, batch=3)
    except Exception as error:
        if ray.is_initialized():
            raise
        pytest.skip(f"Ray could not start here: {error}")
    finally:
        started = _children() - before
    assert started, "a local Ray runs in processes of its own"
    assert not ray.is_initialized()
    _gone, alive = psutil.wait_procs(
        [psutil.Process(p) for p in started if psutil.pid_exists(p)], timeout=30
    )
    for process in alive:  # by PID, never by name
        process.kill()
    assert not alive, f"Ray left processes behind: {[p.pid for p in alive]}"
    assert report.engine == "ray"
    assert report.workers == 2
    assert report.counts == {"stored": 16, "duplicate": 0, "refused": 0}

    local = StoredCvs(tmp_path / "local.db", settings)
    assert local.ingest(EXAMPLE_CVS).counts["stored"] == 16
    ray_vectors, local_vectors = _vectors_by_hash(on_ray), _vectors_by_hash(local)
    assert ray_vectors.keys() == local_vectors.keys()
    for key, vector in local_vectors.items():
        np.testing.assert_allclose(ray_vectors[key], vector, atol=1e-5)
    on_ray.close()
    local.close()
