"""Stored-CV fixtures: settings on the keyword fake (the stored vectors too), a tmp store."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.settings import Settings, get_settings


@pytest.fixture
def fake_stored_env(fake_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``fake_env`` with the stored CVs' encoder on the fake too."""
    monkeypatch.setenv("CVMATCH_FEEDBACK_ENCODER", "fake-keywords")
    get_settings.cache_clear()
    return fake_env


@pytest.fixture
def stored(fake_stored_env: Path, tmp_path: Path) -> Iterator[StoredCvs]:
    """An empty SQLite store under ``tmp_path`` with an in-process engine on the fake."""
    del fake_stored_env  # requested for its settings only
    cvs = StoredCvs(tmp_path / "recruit.db", Engine(Settings()))
    yield cvs
    cvs.close()
