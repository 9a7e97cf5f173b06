"""Ingest on a real local Ray (two actors): the same store as a single-process run.

The Ray executor starts a local Ray itself (no dashboard, half a CPU per actor) and shuts it
down; the test checks by PID that every process Ray started is gone afterwards. Ray's home and
session folders (its cluster pointer among them) are temporary (:mod:`tests.support.ray_sandbox`).
It is skipped, with the reason, only when Ray cannot start on this machine.
"""

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import psutil
import pytest
from sqlalchemy import select
from tests.ingest.cli_run import cli_env
from tests.ingest.paths import EXAMPLE_CVS
from tests.support.ray_sandbox import ray_sandbox

from cvmatch.engine import Engine
from cvmatch.engine.stored import IngestReport, StoredCvs
from cvmatch.settings import Settings
from cvmatch.store.codec import vectors_from_bytes
from cvmatch.store.schema import documents, embeddings

pytestmark = pytest.mark.models


@pytest.fixture(autouse=True)
def _ray_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Ray's home and sessions in tmp folders, no token auth: nothing left in ``~`` or /tmp/ray."""
    with ray_sandbox(tmp_path / "home") as env:
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        yield


def _vectors_by_hash(stored: StoredCvs) -> dict[str, np.ndarray]:
    d, e = documents, embeddings
    query = (
        select(d.c.content_hash, e.c.dim, e.c.vector)
        .join(e, e.c.document_id == d.c.id)
        .where(e.c.model_id.not_like("chunks:%"))
    )
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
    seen: set[int] = set()  # Ray's processes, recorded while it runs (each progress report)
    on_ray = StoredCvs(tmp_path / "ray.db", Engine(settings))
    try:
        report = on_ray.ingest(
            EXAMPLE_CVS,
            engine="ray",
            workers=2,
            batch=3,
            on_progress=lambda *_: seen.update(_children()),
        )
    except Exception as error:
        if ray.is_initialized():
            raise
        pytest.skip(f"Ray could not start here: {error}")
    started = seen - before
    assert started, "a local Ray runs in processes of its own"
    assert not ray.is_initialized()
    _, alive = psutil.wait_procs(
        [psutil.Process(p) for p in started if psutil.pid_exists(p)], timeout=30
    )
    for process in alive:  # by PID, never by name
        process.kill()
    assert not alive, f"Ray left processes behind: {[p.pid for p in alive]}"
    assert report.engine == "ray"
    assert report.workers == 2
    assert report.counts == {"stored": 16, "duplicate": 0, "refused": 0}

    local = StoredCvs(tmp_path / "local.db", Engine(settings))
    assert local.ingest(EXAMPLE_CVS).counts["stored"] == 16
    ray_vectors, local_vectors = _vectors_by_hash(on_ray), _vectors_by_hash(local)
    assert ray_vectors.keys() == local_vectors.keys()
    for key, vector in local_vectors.items():
        np.testing.assert_allclose(ray_vectors[key], vector, atol=1e-5)
    on_ray.close()
    local.close()


def test_ingest_on_an_existing_cluster_by_address(tmp_path: Path) -> None:
    """``--address``: a Ray head started by the test (``ray start --block``), stopped by PID."""
    ray = pytest.importorskip("ray")
    port = _free_port()
    head = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "ray"),
            "start",
            "--head",
            f"--port={port}",
            "--num-cpus=2",
            "--include-dashboard=false",
            "--block",
        ],
        env=cli_env(tmp_path / "cache"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        stored = StoredCvs(tmp_path / "r.db", Engine(Settings(cache_dir=tmp_path / "cache")))
        report = _with_retries(
            lambda: stored.ingest(
                EXAMPLE_CVS, engine="ray", workers=2, address=f"127.0.0.1:{port}"
            ),
            head,
        )
        stored.close()
        assert report.counts["stored"] == 16
        assert not ray.is_initialized()  # the driver disconnected; the cluster is not ours
        assert head.poll() is None
    finally:
        cluster = [head.pid, *(p.pid for p in psutil.Process(head.pid).children(recursive=True))]
        head.terminate()
        head.wait(timeout=60)
        _, alive = psutil.wait_procs(
            [psutil.Process(p) for p in cluster if psutil.pid_exists(p)], timeout=30
        )
        for process in alive:
            process.kill()


def _with_retries(
    action: Callable[[], IngestReport], head: subprocess.Popen[bytes]
) -> IngestReport:
    """Run ``action`` once the head accepts connections (it takes a few seconds to come up)."""
    deadline = time.monotonic() + 180
    port = int(head.args[3].split("=")[1])  # type: ignore[index,union-attr]
    while not _listening(port):
        if head.poll() is not None:
            stderr = head.stderr.read().decode() if head.stderr else ""
            pytest.skip(f"ray start failed: {stderr[-500:]}")
        if time.monotonic() > deadline:
            pytest.fail("the Ray head did not come up in 180 s")
        time.sleep(1)
    return action()


def _listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
