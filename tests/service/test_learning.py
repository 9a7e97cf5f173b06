"""Learning from a job's decisions through the HTTP API (TestClient, fake engine), and the page.

A job of 16 CVs: 8 about Cassandra (what the job asks) and 8 about cooking. The recruiter, against
the job text, shortlists cooks and rejects Cassandra people; once the job has 10 decisions and
opted in, the learned weights lift the undecided cooks above the undecided Cassandra CVs.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.service.test_api import JOB
from tests.support.engine import fake_engine, fake_settings

from cvmatch.service.app import create_app
from cvmatch.workspace import Workspace

DBA = [
    "Apache Cassandra repair and replication on Linux, Python.",
    "Cassandra replication, Linux administration.",
    "Apache Cassandra, Python scripting, repair.",
    "Linux and Python; some Cassandra.",
]
COOK = [
    "Head chef: menus, pastry, kitchen.",
    "Pastry chef, menus, kitchen brigade.",
    "Line cook, kitchen hygiene, menus.",
    "Sous chef, pastry and sauces.",
]
CVS = {f"dba{i}.txt": f"Dba{i}\n{DBA[i % 4]} Year {i}." for i in range(8)} | {
    f"cook{i}.txt": f"Cook{i}\n{COOK[i % 4]} Year {i}." for i in range(8)
}


def _client(tmp_path: Path, **overrides: object) -> tuple[TestClient, Workspace]:
    settings = fake_settings(tmp_path, **overrides)
    workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
    client = TestClient(create_app(settings, workspace))
    client.headers["Authorization"] = f"Bearer {workspace.add_user('alice')}"
    return client, workspace


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    test_client, workspace = _client(tmp_path)
    yield test_client
    test_client.close()
    workspace.close()


def _job(client: TestClient) -> int:
    job_id = int(client.post("/api/jobs", json={"title": "DBA", "text": JOB}).json()["id"])
    body = [("files", (n, t.encode(), "text/plain")) for n, t in CVS.items()]
    assert client.post(f"/api/jobs/{job_id}/cvs", files=body).json()["stored"] == len(CVS)
    return job_id


def _page(client: TestClient, job_id: int, **params: object) -> dict[str, Any]:
    response = client.get(f"/api/jobs/{job_id}/ranking", params={"limit": 100} | params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def _names(page: dict[str, Any]) -> list[str]:
    return [i["name"] for i in page["items"]]


def _decide(client: TestClient, job_id: int, ids: dict[str, int], names: list[str]) -> None:
    """Shortlist the cooks and reject the DBAs among ``names``."""
    for name in names:
        decision = "shortlist" if name.startswith("cook") else "reject"
        url = f"/api/jobs/{job_id}/candidates/{ids[name]}/decisions"
        assert client.post(url, json={"decision": decision}).status_code == 201


DECIDED = ["dba0", "dba1", "dba2", "dba3", "dba4", "cook0", "cook1", "cook2", "cook3", "cook4"]


def test_off_by_default_and_the_ranking_is_plain(client: TestClient) -> None:
    job_id = _job(client)
    plain = _page(client, job_id)
    ids = {i["name"]: i["candidate_id"] for i in plain["items"]}
    assert client.get(f"/api/jobs/{job_id}/learning").json() == {
        "enabled": False,
        "status": "off",
        "decisions": 0,
        "min_decisions": 10,
    }
    _decide(client, job_id, ids, DECIDED)
    page = _page(client, job_id)
    assert page["learning"]["status"] == "off"
    assert _names(page) == _names(plain)
    assert all(i["learned"] is None for i in page["items"])


def test_learned_weights_after_n_decisions_and_reset(client: TestClient) -> None:
    job_id = _job(client)
    plain = _page(client, job_id)
    ids = {i["name"]: i["candidate_id"] for i in plain["items"]}
    assert all(n.startswith("dba") for n in _names(plain)[:8])  # the job asks for Cassandra

    on = client.put(f"/api/jobs/{job_id}/learning", json={"enabled": True})
    assert on.status_code == 200
    assert on.json()["status"] == "waiting"
    _decide(client, job_id, ids, DECIDED[:9])
    waiting = _page(client, job_id)
    assert waiting["learning"] == {
        "enabled": True,
        "status": "waiting",
        "decisions": 9,
        "min_decisions": 10,
    }
    assert _names(waiting) == _names(plain)

    _decide(client, job_id, ids, DECIDED[9:])
    learned = _page(client, job_id)
    assert learned["learning"]["status"] == "active"
    assert learned["learning"]["decisions"] == 10
    rows = learned["items"]
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert sorted(r["learned"]["plain_rank"] for r in rows) == list(range(1, len(CVS) + 1))
    by_plain = sorted(rows, key=lambda r: r["learned"]["plain_rank"])
    assert [r["name"] for r in by_plain] == _names(plain)
    for r in rows:
        assert r["learned"]["rank_change"] == r["learned"]["plain_rank"] - r["rank"]
        assert r["learned"]["score_change"] == pytest.approx(
            r["score"] - r["learned"]["plain_score"], abs=0.01
        )
    job_scores = {p["name"]: p["job_score"] for p in plain["items"]}
    assert {r["name"]: r["job_score"] for r in rows} == job_scores  # the job match is kept
    undecided = [n for n in _names(learned) if n not in DECIDED]
    assert undecided.index("cook5") < undecided.index("dba5")  # cooks lifted past DBAs
    cook5 = next(r for r in rows if r["name"] == "cook5")
    assert cook5["learned"]["rank_change"] > 0

    compact = _page(client, job_id, evidence="false")
    assert _names(compact) == _names(learned)
    assert [r["learned"] for r in compact["items"]] == [r["learned"] for r in rows]
    one = client.get(f"/api/jobs/{job_id}/candidates/{ids['cook5']}").json()
    assert one["learned"] == cook5["learned"]
    assert one["rank"] == cook5["rank"]

    reset = client.post(f"/api/jobs/{job_id}/learning/reset")
    assert reset.json() == {
        "enabled": True,
        "status": "waiting",
        "decisions": 0,
        "min_decisions": 10,
    }
    after = _page(client, job_id)
    assert _names(after) == _names(plain)
    assert all(i["learned"] is None for i in after["items"])
    assert all(i["decision"] for i in after["items"] if i["name"] in DECIDED)  # kept

    _decide(client, job_id, ids, DECIDED[:5])  # only decisions after the reset count
    assert client.get(f"/api/jobs/{job_id}/learning").json()["decisions"] == 5
    actions = [e["action"] for e in client.get("/api/audit", params={"job_id": job_id}).json()]
    assert actions.count("learning_on") == 1
    assert actions.count("learning_reset") == 1

    off = client.put(f"/api/jobs/{job_id}/learning", json={"enabled": False})
    assert off.json()["status"] == "off"


def test_same_decisions_same_order(tmp_path: Path) -> None:
    orders = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        client, workspace = _client(tmp_path / run)
        try:
            job_id = _job(client)
            ids = {i["name"]: i["candidate_id"] for i in _page(client, job_id)["items"]}
            client.put(f"/api/jobs/{job_id}/learning", json={"enabled": True})
            _decide(client, job_id, ids, DECIDED)
            page = _page(client, job_id)
            workspace.ctx.views.clear()  # a rebuild gives the same order too
            assert _page(client, job_id) == page
            orders.append([(r["name"], r["score"], r["learned"]) for r in page["items"]])
        finally:
            client.close()
            workspace.close()
    assert orders[0] == orders[1]


def test_one_class_and_notes_do_not_learn(client: TestClient) -> None:
    job_id = _job(client)
    ids = {i["name"]: i["candidate_id"] for i in _page(client, job_id)["items"]}
    client.put(f"/api/jobs/{job_id}/learning", json={"enabled": True})
    _decide(client, job_id, ids, [n for n in DECIDED if n.startswith("dba")] + ["dba5"] * 1)
    for name in ["dba6", "dba7", "cook0", "cook1"]:
        url = f"/api/jobs/{job_id}/candidates/{ids[name]}/decisions"
        client.post(url, json={"decision": "note", "note": "call back"})
    _decide(client, job_id, ids, ["dba6", "dba7", "dba0", "dba1"])  # re-deciding counts once
    state = client.get(f"/api/jobs/{job_id}/learning").json()
    assert state["decisions"] == 8
    assert state["status"] == "waiting"
    _decide(client, job_id, ids, ["cook0", "cook1"])  # 10, but...
    for name in ["cook0", "cook1"]:  # ...both changed to reject: one class
        url = f"/api/jobs/{job_id}/candidates/{ids[name]}/decisions"
        client.post(url, json={"decision": "reject"})
    state = client.get(f"/api/jobs/{job_id}/learning").json()
    assert (state["decisions"], state["status"]) == (10, "one_class")


def test_the_threshold_is_a_setting(tmp_path: Path) -> None:
    client, workspace = _client(tmp_path, feedback_min_decisions=12)
    try:
        job_id = _job(client)
        ids = {i["name"]: i["candidate_id"] for i in _page(client, job_id)["items"]}
        client.put(f"/api/jobs/{job_id}/learning", json={"enabled": True})
        _decide(client, job_id, ids, DECIDED)
        assert _page(client, job_id)["learning"]["status"] == "waiting"
        _decide(client, job_id, ids, ["cook5", "dba5"])
        assert _page(client, job_id)["learning"]["status"] == "active"
        assert client.put("/api/jobs/999/learning", json={"enabled": True}).status_code == 404
        bad = client.put(f"/api/jobs/{job_id}/learning", json={"enabled": "maybe"})
        assert bad.status_code == 422
    finally:
        client.close()
        workspace.close()


def test_the_page_has_the_learning_controls(client: TestClient) -> None:
    page = client.get("/").text
    assert 'id="learning-toggle"' in page
    assert 'id="learning-reset"' in page
    script = client.get("/static/app.js").text
    assert "re-ranked from your" in script
    assert "/learning/reset" in script
