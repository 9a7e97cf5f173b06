"""A TestClient over the real app, its workspace on a temp SQLite file with the fake engine."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.service.live import LIMIT, LiveServer, live_server
from tests.support.engine import fake_engine, fake_settings

from cvmatch.service.app import create_app
from cvmatch.workspace import Workspace


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = fake_settings(tmp_path, max_file_bytes=5_000)
    workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
    with TestClient(create_app(settings, workspace)) as test_client:
        token = workspace.add_user("alice")
        test_client.headers["Authorization"] = f"Bearer {token}"
        yield test_client
    workspace.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """One real ``cvmatch serve`` process for the whole session (its model loads once)."""
    with live_server(tmp_path_factory.mktemp("live"), CVMATCH_MAX_FILE_BYTES=str(LIMIT)) as running:
        yield running
