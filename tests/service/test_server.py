"""The API over a real ``cvmatch serve`` process on loopback, with the real packaged models."""

import threading
import uuid
from pathlib import Path

import httpx
import pytest
from tests.service.live import LIMIT, ROOT, LiveServer

pytestmark = pytest.mark.models
CVS = sorted(p for p in (ROOT / "examples" / "cvs").iterdir() if p.is_file())
JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"


@pytest.fixture(scope="module")
def job_id(server: LiveServer) -> int:
    with server.client() as client:
        response = client.post("/api/jobs/file", files={"file": (JOB.name, JOB.read_bytes())})
        assert response.status_code == 201, response.text
        return int(response.json()["id"])


def test_auth_failures(server: LiveServer) -> None:
    assert httpx.get(server.url + "/api/health").status_code == 200
    forged = "not-a-token"
    with server.client("") as anonymous, server.client(forged) as forger:
        for client in (anonymous, forger):
            response = client.get("/api/jobs")
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"
            assert "token" in response.json()["detail"]


def test_concurrent_uploads_of_the_same_cv_store_it_once(server: LiveServer, job_id: int) -> None:
    # Content no other test uploads (the server and its store are shared by the session).
    content = f"Jo Unique\n# Experience\nCassandra DBA, job {job_id}, {uuid.uuid4()}\n".encode()
    results: list[dict[str, object]] = []

    def upload() -> None:
        with server.client() as client:
            response = client.post(f"/api/jobs/{job_id}/cvs", files={"files": ("jo.txt", content)})
            results.append(response.json())

    threads = [threading.Thread(target=upload) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    files = [r["files"][0] for r in results]  # type: ignore[index]
    assert len({f["candidate_id"] for f in files}) == 1
    assert sum(not f["duplicate"] for f in files) == 1
    assert sum(f["linked"] for f in files) == 1
    with server.client() as client:
        assert client.get(f"/api/jobs/{job_id}/ranking").json()["total"] == 1


def test_upload_all_examples_rank_and_star(server: LiveServer, job_id: int) -> None:
    with server.client() as client:
        body = [("files", (p.name, p.read_bytes())) for p in CVS]
        result = client.post(f"/api/jobs/{job_id}/cvs", files=body).json()
        assert result["failed"] == 0
        assert result["stored"] + result["duplicates"] == len(CVS)
        assert all(f["linked"] for f in result["files"])
        ranking = client.get(f"/api/jobs/{job_id}/ranking", params={"limit": 100}).json()
        assert ranking["total"] == len(CVS) + 1  # plus the concurrency test's CV
        names = [i["name"] for i in ranking["items"]]
        # The four Cassandra DBAs (two English, one French, one German) lead.
        assert set(names[:4]) == {
            "ethan-walsh-cassandra-dba",
            "priya-raman-sre-cassandra",
            "claire-dubois-dba-fr",
            "jonas-weber-datenbankadministrator-de",
        }
        nurse = next(i for i in ranking["items"] if i["name"] == "grace-thompson-icu-nurse")
        client.put(f"/api/jobs/{job_id}/stars/{nurse['candidate_id']}").raise_for_status()
        reranked = client.get(f"/api/jobs/{job_id}/ranking", params={"limit": 100}).json()
        after = [i["name"] for i in reranked["items"]]
        assert after != names
        nurse_like = "nadia-hughes-healthcare-assistant"
        assert after.index(nurse_like) < names.index(nurse_like)
        client.delete(f"/api/jobs/{job_id}/stars").raise_for_status()


def test_limits_and_bad_files(server: LiveServer, job_id: int, tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    huge.write_text("Cassandra " * (LIMIT // 5))
    body = [
        ("files", (huge.name, huge.read_bytes())),
        ("files", ("scan.pdf", b"%PDF-1.7 broken")),
        ("files", ("photo.png", b"\x89PNG....")),
        ("files", ("cv.docx", b"plain text pretending to be docx")),
    ]
    with server.client() as client:
        result = client.post(f"/api/jobs/{job_id}/cvs", files=body).json()
        errors = [f["error"] for f in result["files"]]
        assert errors[0] == "DocumentTooLargeError"
        assert errors[2] == "UnsupportedFormatError"
        assert all(errors), errors
        assert client.post(f"/api/jobs/{job_id}/cvs").status_code == 422
        assert client.get("/api/jobs/12345").status_code == 404
