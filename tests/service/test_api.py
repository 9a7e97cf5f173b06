"""The HTTP API in-process (TestClient, fake engine): auth, problems, uploads, ranking, stars."""

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.support.engine import fake_engine, fake_settings

from cvmatch.service.app import create_app
from cvmatch.workspace import Workspace

JOB = "Cassandra DBA\n# Requirements\n- Apache Cassandra repair and replication\n- Linux, Python\n"
CVS = {
    "ada.txt": "Ada\nApache Cassandra repair and replication on Linux, Python.",
    "bob.md": "# Bob\nCassandra, Linux.",
    "cid.txt": "Cid\nHead chef: menus, pastry, kitchen.",
    "dee.txt": "Dee\nPastry chef, menus, kitchen.",
    "eve.txt": "Eve\nAccountant, ledgers.",
    "fay.txt": "Fay\nNurse, intensive care.",
}


def files(names: list[str]) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [("files", (n, CVS[n].encode(), "text/plain")) for n in names]


@pytest.fixture
def job_id(client: TestClient) -> int:
    response = client.post("/api/jobs", json={"title": "Cassandra DBA", "text": JOB})
    assert response.status_code == 201
    upload = client.post(f"/api/jobs/{response.json()['id']}/cvs", files=files(list(CVS)))
    assert upload.json()["stored"] == len(CVS)
    return int(response.json()["id"])


def _ranking(client: TestClient, job_id: int, **params: int) -> dict:  # type: ignore[type-arg]
    response = client.get(f"/api/jobs/{job_id}/ranking", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_health_needs_no_token_and_everything_else_does(client: TestClient) -> None:
    assert client.get("/api/health", headers={"Authorization": ""}).json()["status"] == "ok"
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer wrong"}):
        response = client.get("/api/jobs", headers=headers)
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["title"] == "AuthenticationError"
    assert client.post("/api/jobs/1/cvs", headers={"Authorization": ""}).status_code == 401


def test_openapi_docs_and_page_are_served(client: TestClient) -> None:
    assert "/api/jobs/{job_id}/ranking" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200
    page = client.get("/", headers={"Authorization": ""})
    assert page.status_code == 200
    assert 'id="ranking"' in page.text
    assert client.get("/static/app.js").status_code == 200


def test_cors_is_off_by_default(client: TestClient) -> None:
    response = client.get("/api/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in response.headers


def test_ranking_pages_with_evidence(client: TestClient, job_id: int) -> None:
    full = _ranking(client, job_id, limit=100)
    assert full["total"] == len(CVS)
    assert full["items"][0]["name"] == "ada"
    assert "cassandra" in full["items"][0]["match"]["matched_terms"]
    assert full["items"][0]["match"]["reasons"]
    paged = [
        i["candidate_id"]
        for o in (0, 2, 4)
        for i in _ranking(client, job_id, offset=o, limit=2)["items"]
    ]
    assert paged == [i["candidate_id"] for i in full["items"]]
    bad = client.get(f"/api/jobs/{job_id}/ranking", params={"limit": 0})
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


def test_compact_rows_keep_order_and_scores_without_evidence(
    client: TestClient, job_id: int
) -> None:
    ids = {i["name"]: i["candidate_id"] for i in _ranking(client, job_id)["items"]}
    client.put(f"/api/jobs/{job_id}/stars/{ids['cid']}").raise_for_status()
    full = _ranking(client, job_id, offset=1, limit=4)
    response = client.get(
        f"/api/jobs/{job_id}/ranking", params={"offset": 1, "limit": 4, "evidence": "false"}
    )
    compact = response.json()
    assert (
        len(response.content)
        < len(client.get(f"/api/jobs/{job_id}/ranking?offset=1&limit=4").content) / 2
    )
    assert {k: v for k, v in compact.items() if k != "items"} == {
        k: v for k, v in full.items() if k != "items"
    }
    assert [i["match"] for i in compact["items"]] == [None] * 4
    assert [{**i, "match": None} for i in full["items"]] == compact["items"]
    evidence = client.get(f"/api/jobs/{job_id}/candidates/{compact['items'][0]['candidate_id']}")
    assert evidence.json() == full["items"][0]


def test_uploads_report_duplicates_and_refusals(client: TestClient, job_id: int) -> None:
    body = [
        *files(["ada.txt"]),
        ("files", ("tool.exe", b"MZ", "application/octet-stream")),
        ("files", ("huge.txt", b"a " * 10_000, "text/plain")),
        ("files", ("broken.pdf", b"not a pdf", "application/pdf")),
    ]
    result = client.post(f"/api/jobs/{job_id}/cvs", files=body).json()
    assert (result["stored"], result["duplicates"], result["failed"]) == (0, 1, 3)
    errors = [f["error"] for f in result["files"]]
    assert errors == [None, "UnsupportedFormatError", "DocumentTooLargeError", errors[3]]
    assert errors[3] is not None
    assert _ranking(client, job_id)["total"] == len(CVS)


def test_star_reranks_limit_is_409_and_reset(client: TestClient, job_id: int) -> None:
    before = [i["name"] for i in _ranking(client, job_id)["items"]]
    ids = {i["name"]: i["candidate_id"] for i in _ranking(client, job_id)["items"]}
    starred = client.put(f"/api/jobs/{job_id}/stars/{ids['cid']}")
    assert starred.json()["stars"] == [ids["cid"]]
    after = [i["name"] for i in _ranking(client, job_id)["items"]]
    assert after.index("dee") < before.index("dee")
    for name in ["ada", "bob", "dee", "eve"]:
        assert client.put(f"/api/jobs/{job_id}/stars/{ids[name]}").status_code == 200
    sixth = client.put(f"/api/jobs/{job_id}/stars/{ids['fay']}")
    assert sixth.status_code == 409
    assert sixth.json()["title"] == "StarLimitError"
    assert client.delete(f"/api/jobs/{job_id}/stars/{ids['ada']}").json()["stars"] == [
        ids[n] for n in ["cid", "bob", "dee", "eve"]
    ]
    assert client.delete(f"/api/jobs/{job_id}/stars").json()["stars"] == []
    assert [i["name"] for i in _ranking(client, job_id)["items"]] == before


def test_decisions_export_and_feedback(client: TestClient, job_id: int) -> None:
    top = _ranking(client, job_id)["items"][0]
    url = f"/api/jobs/{job_id}/candidates/{top['candidate_id']}"
    assert client.post(url + "/decisions", json={"decision": "shortlist"}).status_code == 201
    assert client.post(url + "/decisions", json={"decision": "maybe"}).status_code == 422
    assert client.get(url).json()["decision"] == "shortlist"
    exported = client.get(f"/api/jobs/{job_id}/export", params={"format": "csv"})
    assert exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert rows[0]["id"] == "ada"
    assert len(rows) == len(CVS)
    payload = client.get(f"/api/jobs/{job_id}/export", params={"format": "json"}).json()
    assert payload["schema"] == "cvmatch.ranking/1"
    assert payload["results"][0]["decision"] == "shortlist"
    audit = client.get("/api/audit", params={"job_id": job_id}).json()
    assert [a["detail"]["format"] for a in audit if a["action"] == "exported"] == ["csv", "json"]
    assert {a["user"] for a in audit if a["action"] == "exported"} == {"alice"}
    lines = client.get("/api/feedback", params={"job_id": job_id}).text.splitlines()
    event = json.loads(lines[0])
    assert (event["action"], event["user"], event["candidate_id"]) == (
        "decision",
        "alice",
        top["candidate_id"],
    )
    assert event["job_score"] == top["job_score"]


def test_not_found_are_problems(client: TestClient, job_id: int) -> None:
    for url in [
        "/api/jobs/999",
        "/api/jobs/999/ranking",
        f"/api/jobs/{job_id}/candidates/999",
        "/api/candidates/999/occupations",
    ]:
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["instance"] == url


def test_occupations_of_a_candidate(client: TestClient, job_id: int) -> None:
    ada = _ranking(client, job_id)["items"][0]
    response = client.get(f"/api/candidates/{ada['candidate_id']}/occupations", params={"top": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["schema"], body["id"]) == ("cvmatch.recommend/1", "ada")
    assert [o["rank"] for o in body["occupations"]] == [1, 2, 3]
    scores = [o["score"] for o in body["occupations"]]
    assert scores == sorted(scores, reverse=True)


def test_job_from_file_and_pair_score(client: TestClient) -> None:
    job = client.post(
        "/api/jobs/file",
        files={"file": ("dba.md", JOB.encode(), "text/markdown")},
        data={"title": ""},
    ).json()
    assert job["title"] == "dba"
    score = client.post(
        f"/api/jobs/{job['id']}/score", files={"file": ("x.txt", CVS["ada.txt"].encode())}
    )
    assert score.json()["schema"] == "cvmatch.match/1"
    assert "cassandra" in score.json()["matched_terms"]
    assert client.get(f"/api/jobs/{job['id']}/ranking").json()["total"] == 0
    empty = client.post("/api/jobs", json={"title": "x", "text": "   "})
    assert empty.status_code == 422


def test_cors_when_configured(tmp_path: Path) -> None:
    settings = fake_settings(tmp_path, cors_origins=("https://ats.example",))
    workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
    with TestClient(create_app(settings, workspace)) as client:
        allowed = client.get("/api/health", headers={"Origin": "https://ats.example"})
        other = client.get("/api/health", headers={"Origin": "https://evil.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://ats.example"
    assert "access-control-allow-origin" not in other.headers
    workspace.close()
