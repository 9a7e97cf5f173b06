"""The per-job ranking cache through the HTTP API: two apps over one store act as two workers.

Every write made through one app (upload, scoring, star, unstar, reset, decision) must show in
the other app's next page, whose cached view was built before the write; and a cached page must
be byte-for-byte the page a fresh process computes.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.service.test_api import CVS, JOB, files
from tests.support.engine import fake_engine, fake_settings

from cvmatch.service.app import create_app
from cvmatch.store.job_state import job_state
from cvmatch.workspace import Workspace


class Worker:
    """One app (one workspace, its own caches) over the shared store."""

    def __init__(self, tmp_path: Path, token: str | None = None) -> None:
        settings = fake_settings(tmp_path)
        self.workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
        self.token = token or self.workspace.add_user("alice")
        self.client = TestClient(create_app(settings, self.workspace))
        self.client.headers["Authorization"] = f"Bearer {self.token}"

    def rows(self, job_id: int, **params: object) -> dict[str, Any]:
        response = self.client.get(
            f"/api/jobs/{job_id}/ranking", params={"evidence": "false", "limit": 100} | params
        )
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def revision(self, job_id: int) -> int:
        with self.workspace.ctx.db.connect() as conn:
            state = job_state(conn, job_id)
        assert state is not None
        return int(state.revision)


@pytest.fixture
def workers(tmp_path: Path) -> Iterator[tuple[Worker, Worker]]:
    a = Worker(tmp_path)
    b = Worker(tmp_path, a.token)
    yield a, b
    for worker in (a, b):
        worker.client.close()
        worker.workspace.close()


def _job(worker: Worker, names: list[str]) -> int:
    job = worker.client.post("/api/jobs", json={"title": "DBA", "text": JOB}).json()
    upload = worker.client.post(f"/api/jobs/{job['id']}/cvs", files=files(names))
    assert upload.json()["stored"] == len(names)
    return int(job["id"])


def test_each_write_in_one_worker_shows_in_the_other(workers: tuple[Worker, Worker]) -> None:
    a, b = workers
    names = sorted(CVS)
    job_id = _job(a, names[:3])
    assert b.rows(job_id)["total"] == 3  # b scores and caches the view
    seen = [b.revision(job_id)]

    def check_after_write() -> dict[str, Any]:
        """b's (cached-before-the-write) page equals a's, and the revision moved on."""
        page = b.rows(job_id)
        assert page == a.rows(job_id)
        seen.append(b.revision(job_id))
        assert seen[-1] > seen[-2]
        return page

    a.client.post(f"/api/jobs/{job_id}/cvs", files=files(names[3:]))  # upload
    page = check_after_write()  # b scores the two new CVs: a second write
    assert page["total"] == len(names)
    ids = [i["candidate_id"] for i in page["items"]]

    a.client.put(f"/api/jobs/{job_id}/stars/{ids[-1]}")  # star
    page = check_after_write()
    assert page["stars"] == [ids[-1]]
    assert page["items"][0]["candidate_id"] == ids[-1]

    a.client.delete(f"/api/jobs/{job_id}/stars/{ids[-1]}")  # unstar
    assert check_after_write()["stars"] == []

    a.client.put(f"/api/jobs/{job_id}/stars/{ids[2]}")
    check_after_write()
    a.client.delete(f"/api/jobs/{job_id}/stars")  # reset
    page = check_after_write()
    assert page["stars"] == []
    assert [i["candidate_id"] for i in page["items"]] == ids

    decision = {"decision": "reject", "note": ""}
    a.client.post(f"/api/jobs/{job_id}/candidates/{ids[0]}/decisions", json=decision)
    page = check_after_write()
    assert page["items"][0]["decision"] == "reject"


def test_scoring_bumps_the_revision(workers: tuple[Worker, Worker]) -> None:
    a, _ = workers
    job_id = _job(a, ["ada.txt"])
    uploaded = a.revision(job_id)
    a.rows(job_id)  # scores the CV and stores its match
    assert a.revision(job_id) == uploaded + 1


def test_a_cached_page_is_the_page_a_fresh_process_computes(
    workers: tuple[Worker, Worker], tmp_path: Path
) -> None:
    a, _ = workers
    job_id = _job(a, sorted(CVS))
    ids = [i["candidate_id"] for i in a.rows(job_id)["items"]]
    a.client.put(f"/api/jobs/{job_id}/stars/{ids[3]}")
    decision = {"decision": "shortlist", "note": "call"}
    a.client.post(f"/api/jobs/{job_id}/candidates/{ids[1]}/decisions", json=decision)
    warm = [a.client.get(f"/api/jobs/{job_id}/ranking", params={"offset": 1, "limit": 3})]
    warm.append(a.client.get(f"/api/jobs/{job_id}/ranking", params={"evidence": "false"}))
    warm.append(a.client.get(f"/api/jobs/{job_id}/candidates/{ids[2]}"))
    fresh = Worker(tmp_path, a.token)
    try:
        cold = [fresh.client.get(f"/api/jobs/{job_id}/ranking", params={"offset": 1, "limit": 3})]
        cold.append(fresh.client.get(f"/api/jobs/{job_id}/ranking", params={"evidence": "false"}))
        cold.append(fresh.client.get(f"/api/jobs/{job_id}/candidates/{ids[2]}"))
    finally:
        fresh.client.close()
        fresh.workspace.close()
    assert [r.content for r in warm] == [r.content for r in cold]


def test_a_page_on_an_unchanged_job_reuses_the_view(workers: tuple[Worker, Worker]) -> None:
    a, _ = workers
    job_id = _job(a, ["ada.txt", "bob.md"])
    a.rows(job_id)
    view = a.workspace.ctx.views[job_id]
    a.rows(job_id, offset=1)
    a.client.get(f"/api/jobs/{job_id}/candidates/{view.matrix.ids[0]}")
    assert a.workspace.ctx.views[job_id] is view
    a.client.put(f"/api/jobs/{job_id}/stars/{view.matrix.ids[0]}")
    a.rows(job_id)
    assert a.workspace.ctx.views[job_id] is not view
    assert a.workspace.ctx.views[job_id].matrix is view.matrix  # no match added: arrays kept
