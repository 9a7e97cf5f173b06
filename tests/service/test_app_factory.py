"""The uvicorn entry point: what ``cvmatch serve`` builds before it answers."""

import gc
from pathlib import Path

import pytest

from cvmatch.service.app import app_from_env


def test_the_served_app_freezes_what_lives_as_long_as_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The collector's full passes over the imported libraries stalled every request in flight
    # (p99 412 -> 117 ms in bench.perf.service load): they must start frozen.
    monkeypatch.setenv("CVMATCH_DB", str(tmp_path / "s.db"))
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
    gc.unfreeze()
    assert gc.get_freeze_count() == 0
    try:
        app = app_from_env()
        assert gc.get_freeze_count() > 0
        app.state.workspace.close()
    finally:
        gc.unfreeze()
