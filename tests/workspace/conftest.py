"""A workspace over a temp SQLite file and an engine whose encoders are the keyword fake."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.encoders.fakes import KeywordEncoder

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import User
from cvmatch.workspace import Workspace

FAKE = "fake-keywords"


def fake_engine(settings: Settings) -> Engine:
    """An Engine whose every encoder name resolves to one shared keyword fake (no model)."""
    engine = Engine(settings)
    engine._encoders[FAKE] = KeywordEncoder()  # noqa: SLF001 - test seam: no model to load
    return engine


def fake_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "cache_dir": tmp_path / "cache",
        "use_cache": False,
        "english_encoder": FAKE,
        "multilingual_encoder": FAKE,
        "feedback_encoder": FAKE,
        "db": str(tmp_path / "ws.db"),
    }
    return Settings(**(values | overrides))


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    settings = fake_settings(tmp_path)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    yield ws
    ws.close()


@pytest.fixture
def user(workspace: Workspace) -> User:
    return workspace.authenticate(workspace.add_user("alice"))
