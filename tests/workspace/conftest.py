"""A workspace over a temp SQLite file and the fake engine of :mod:`tests.support.engine`."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.engine import fake_engine, fake_settings

from cvmatch.workspace import Workspace
from cvmatch.workspace.records import User


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    settings = fake_settings(tmp_path)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    yield ws
    ws.close()


@pytest.fixture
def user(workspace: Workspace) -> User:
    return workspace.authenticate(workspace.add_user("alice"))
