"""Hostile requests get 4xx problems, never a 500 (issue 17): ids, filenames, bad files, CSV."""

import csv
import io

import pytest
from fastapi.testclient import TestClient

from cvmatch.errors import CorruptDocumentError
from cvmatch.workspace import Workspace

JOB = "Cassandra DBA\n# Requirements\n- Apache Cassandra repair\n- Linux\n"
TOO_BIG = 2**63
PROBLEM = "application/problem+json"


@pytest.fixture
def job_id(client: TestClient) -> int:
    response = client.post("/api/jobs", json={"title": "DBA", "text": JOB})
    assert response.status_code == 201
    return int(response.json()["id"])


def _workspace(client: TestClient) -> Workspace:
    workspace: Workspace = client.app.state.workspace  # type: ignore[attr-defined]
    return workspace


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/api/jobs/{big}"),
        ("GET", "/api/jobs/0"),
        ("GET", "/api/jobs/{job}/ranking?offset={big}"),
        ("GET", "/api/jobs/{job}/ranking?offset=-1"),
        ("GET", "/api/jobs/{job}/candidates/{big}"),
        ("PUT", "/api/jobs/{job}/stars/{big}"),
        ("DELETE", "/api/jobs/{job}/stars/{big}"),
        ("DELETE", "/api/jobs/{big}/stars"),
        ("GET", "/api/audit?job_id={big}"),
        ("GET", "/api/feedback?job_id=-5"),
        ("GET", "/api/candidates/{big}/occupations"),
    ],
)
def test_ids_out_of_range_are_422(client: TestClient, job_id: int, method: str, url: str) -> None:
    response = client.request(method, url.format(big=TOO_BIG, job=job_id))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "RequestValidationError"


def test_largest_id_is_a_plain_not_found(client: TestClient, job_id: int) -> None:
    assert client.get(f"/api/jobs/{TOO_BIG - 1}").status_code == 404
    url = f"/api/jobs/{job_id}/candidates/{TOO_BIG - 1}/decisions"
    assert client.post(url, json={"decision": "note"}).status_code == 404
    page = client.get(f"/api/jobs/{job_id}/ranking", params={"offset": TOO_BIG - 1})
    assert (page.status_code, page.json()["items"]) == (200, [])


def test_unknown_method_is_405_with_allow(client: TestClient) -> None:
    response = client.request("TRACE", "/api/jobs")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    assert response.headers["content-type"] == PROBLEM


def test_hostile_filenames_are_sanitised(client: TestClient, job_id: int) -> None:
    names = ["a" * 300 + ".txt", "nul\x00byte.txt", "../../etc/evil.txt", "new\nline\u202e.txt"]
    body = [("files", (n, f"Cand {i}\nCassandra, Linux.".encode())) for i, n in enumerate(names)]
    result = client.post(f"/api/jobs/{job_id}/cvs", files=body).json()
    assert [f["status"] for f in result["files"]] == ["stored"] * 4
    stored = [f["filename"] for f in result["files"]]
    assert len(stored[0].encode()) == 255
    assert stored[0].endswith(".txt")
    assert stored[2] == "evil.txt"
    assert all("\x00" not in n and "/" not in n and "\n" not in n for n in stored)
    score = client.post(f"/api/jobs/{job_id}/score", files={"file": ("b" * 400 + ".md", b"x")})
    assert score.status_code == 200, score.text


def test_a_reader_crash_refuses_that_file_only(
    client: TestClient, job_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = _workspace(client).ctx.engine
    parse = engine.parse

    def crashing(path, kind):  # type: ignore[no-untyped-def]
        if path.name.startswith("crash"):
            raise AttributeError("'NoneType' object has no attribute 'xml'")
        if path.name.startswith("corrupt"):
            raise CorruptDocumentError(f"{path.name} is damaged")
        return parse(path, kind)

    monkeypatch.setattr(engine, "parse", crashing)
    body = [
        ("files", ("good1.txt", b"Good One\nCassandra")),
        ("files", ("crash.docx", b"PK\x03\x04")),
        ("files", ("good2.txt", b"Good Two\nLinux")),
        ("files", ("corrupt.pdf", b"%PDF")),
        ("files", ("good1-again.txt", b"Good One\nCassandra")),
        ("files", ("good3.txt", b"Good Three\nCassandra repair")),
    ]
    result = client.post(f"/api/jobs/{job_id}/cvs", files=body).json()
    statuses = [f["status"] for f in result["files"]]
    assert statuses == ["stored", "refused", "stored", "refused", "duplicate", "stored"]
    assert (result["stored"], result["duplicates"], result["failed"]) == (3, 1, 2)
    crash = result["files"][1]
    assert crash["error"] == "CorruptDocumentError"
    assert "crash.docx" in crash["message"]
    assert "AttributeError" in crash["message"]
    assert client.get(f"/api/jobs/{job_id}/ranking").json()["total"] == 3
    for url, field in [(f"/api/jobs/{job_id}/score", "file"), ("/api/jobs/file", "file")]:
        response = client.post(url, files={field: ("crash.html", b"<p>x</p>")})
        assert response.status_code == 422
        assert response.headers["content-type"] == PROBLEM
        assert response.json()["title"] == "CorruptDocumentError"


def test_csv_export_neutralises_formulas(client: TestClient, job_id: int) -> None:
    names = ["=HYPERLINK(evil).txt", "+cmd.txt", "@sum.txt", "-x.txt", "plain.txt"]
    body = [("files", (n, f"Cand {i}\nCassandra".encode())) for i, n in enumerate(names)]
    client.post(f"/api/jobs/{job_id}/cvs", files=body).raise_for_status()
    exported = client.get(f"/api/jobs/{job_id}/export", params={"format": "csv"}).text
    rows = list(csv.DictReader(io.StringIO(exported)))
    ids = sorted(r["id"] for r in rows)
    assert ids == sorted(["'=HYPERLINK(evil)", "'+cmd", "'@sum", "'-x", "plain"])
    assert all(float(r["score"]) >= 0 for r in rows)  # numbers stay numbers


def test_openapi_declares_problem_statuses(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "Problem" in schema["components"]["schemas"]
    upload = schema["paths"]["/api/jobs/{job_id}/cvs"]["post"]["responses"]
    assert {"401", "404", "413", "415", "422"} <= set(upload)
    content = upload["422"]["content"]
    assert content[PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
    star = schema["paths"]["/api/jobs/{job_id}/stars/{candidate_id}"]["put"]["responses"]
    assert "409" in star
    export = schema["paths"]["/api/jobs/{job_id}/export"]["get"]["responses"]["200"]
    assert set(export["content"]) == {"text/csv", "application/json"}
