"""The star limit holds in the store: two apps (two server workers) over one database.

Both apps star different candidates of one job at the same moment, from threads; whatever the
interleaving, exactly ``max_stars`` requests succeed, the others are ``409`` problems, and the
store holds ``max_stars`` stars. Run on SQLite and on a real PostgreSQL (embedded server).
"""

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.service.test_api import CVS, JOB, files
from tests.store.conftest import fresh_postgres_url, postgres_server  # noqa: F401 - fixtures
from tests.support.engine import fake_engine, fake_settings

from cvmatch.service.app import create_app
from cvmatch.store.people import count_stars
from cvmatch.workspace import Workspace

LIMIT = 2


class App:
    """One app over the shared store (its own workspace, caches and connection pool)."""

    def __init__(self, tmp_path: Path, db: str, token: str | None = None) -> None:
        settings = fake_settings(tmp_path, db=db, max_stars=LIMIT)
        self.workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
        self.token = token or self.workspace.add_user("alice")
        self.client = TestClient(create_app(settings, self.workspace))
        self.client.headers["Authorization"] = f"Bearer {self.token}"

    def close(self) -> None:
        self.client.close()
        self.workspace.close()


def _two_apps(tmp_path: Path, db: str) -> Iterator[tuple[App, App]]:
    a = App(tmp_path, db)
    b = App(tmp_path, db, a.token)
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def sqlite_apps(tmp_path: Path) -> Iterator[tuple[App, App]]:
    yield from _two_apps(tmp_path, str(tmp_path / "shared.db"))


@pytest.fixture
def postgres_apps(
    tmp_path: Path,
    fresh_postgres_url: str,  # noqa: F811 - the imported fixture
) -> Iterator[tuple[App, App]]:
    yield from _two_apps(tmp_path, fresh_postgres_url)


def _race(apps: tuple[App, App]) -> None:
    a, b = apps
    job = a.client.post("/api/jobs", json={"title": "DBA", "text": JOB}).json()
    a.client.post(f"/api/jobs/{job['id']}/cvs", files=files(sorted(CVS))).raise_for_status()
    rows = a.client.get(f"/api/jobs/{job['id']}/ranking").json()["items"]
    b.client.get(f"/api/jobs/{job['id']}/ranking").raise_for_status()  # both views built
    ids = [r["candidate_id"] for r in rows]
    start = threading.Barrier(len(ids))

    def star(turn: int) -> int:
        app = (a, b)[turn % 2]
        start.wait()
        return app.client.put(f"/api/jobs/{job['id']}/stars/{ids[turn]}").status_code

    with ThreadPoolExecutor(len(ids)) as pool:
        codes = list(pool.map(star, range(len(ids))))
    assert sorted(codes) == [200] * LIMIT + [409] * (len(ids) - LIMIT)
    with a.workspace.ctx.db.connect() as conn:
        assert count_stars(conn, job["id"]) == LIMIT
    for app in (a, b):
        page = app.client.get(f"/api/jobs/{job['id']}/ranking").json()
        assert len(page["stars"]) == LIMIT


def test_two_apps_on_one_sqlite_store_never_exceed_the_limit(
    sqlite_apps: tuple[App, App],
) -> None:
    _race(sqlite_apps)


@pytest.mark.postgres
def test_two_apps_on_one_postgres_store_never_exceed_the_limit(
    postgres_apps: tuple[App, App],
) -> None:
    for _ in range(3):  # a few rounds: each a fresh job, every interleaving must hold
        _race(postgres_apps)
