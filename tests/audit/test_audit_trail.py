"""The audit trail: exports logged with who, when, model ids and settings; exportable itself."""

import csv
import io
import json
from pathlib import Path

from tests.audit.service_support import CVS, new_job, service, upload
from typer.testing import CliRunner

from cvmatch.cli import app


def test_exports_are_logged_with_model_ids_and_settings(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job = new_job(svc.client)
        upload(svc.client, job, CVS)
        assert (
            svc.client.get(f"/api/jobs/{job}/export", params={"format": "csv"}).status_code == 200
        )
        report = svc.client.get(f"/api/jobs/{job}/pool-report")
        log = svc.client.get("/api/audit", params={"job_id": job}).json()
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/html")
    assert report.text.count("<svg") >= 3
    assert "Candidate pool for Cassandra DBA" in report.text
    exports = [e for e in log if e["action"] == "exported"]
    assert [e["detail"]["format"] for e in exports] == ["csv", "pool-report"]
    for entry in exports:
        assert entry["user"] == "alice" and entry["at"]  # noqa: PT018
        assert entry["detail"]["model_ids"] == ["fake-keywords@1"]
        settings = entry["detail"]["settings"]
        assert settings["redact"] is False
        assert settings["feedback_encoder"] == "fake-keywords"
        assert {"dense_weight", "lexical_weight", "star_weight"} <= set(settings)


def test_the_trail_exports_as_json_lines_and_csv_and_logs_that(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job = new_job(svc.client)
        upload(svc.client, job, CVS[:2])
        lines = svc.client.get("/api/audit/export", params={"job_id": job})
        table = svc.client.get("/api/audit/export", params={"format": "csv"})
        wrong = svc.client.get("/api/audit/export", params={"format": "xml"})
        log = svc.client.get("/api/audit").json()
    assert lines.headers["content-type"] == "application/x-ndjson"
    entries = [json.loads(line) for line in lines.text.splitlines()]
    assert [e["action"] for e in entries] == ["job_created", "cv_uploaded", "cv_uploaded"]
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert rows[0].keys() == {"at", "user", "action", "job_id", "candidate_id", "detail"}
    assert rows[-1]["action"] == "audit_exported"  # the first export is in the second
    uploaded = [r for r in rows if r["action"] == "cv_uploaded"]
    assert json.loads(uploaded[0]["detail"])["filename"] == CVS[0][0]
    assert wrong.status_code == 422
    assert [e["detail"] for e in log if e["action"] == "audit_exported"] == [
        {"format": "jsonl", "rows": 3},
        {"format": "csv", "rows": 5},
    ]


def test_the_cli_exports_the_trail(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job = new_job(svc.client)
        upload(svc.client, job, CVS[:1])
        db = svc.settings_db
    result = CliRunner().invoke(app, ["audit", "log", "--db", db, "--job", str(job)])
    assert result.exit_code == 0, result.output
    actions = [json.loads(line)["action"] for line in result.stdout.splitlines()]
    assert actions == ["job_created", "cv_uploaded"]
    as_csv = CliRunner().invoke(app, ["audit", "log", "--db", db, "-f", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    assert as_csv.stdout.splitlines()[0] == "at,user,action,job_id,candidate_id,detail"


def test_a_blind_workspace_reveals_the_original_only_after_a_decision(tmp_path: Path) -> None:
    with service(tmp_path, blind=True) as svc:
        job = new_job(svc.client)
        (ada,) = upload(svc.client, job, CVS[:1])
        url = f"/api/jobs/{job}/candidates/{ada}"
        scored = svc.client.get(url).json()
        early = svc.client.get(url + "/original")
        svc.client.post(url + "/decisions", json={"decision": "shortlist"})
        shown = svc.client.get(url + "/original")
        elsewhere = svc.client.get(f"/api/jobs/{new_job(svc.client)}/candidates/{ada}/original")
        log = svc.client.get("/api/audit").json()
    assert "Ada Example" not in json.dumps(scored)  # scored blind: the name was redacted
    assert early.status_code == 422
    assert "shortlist or reject the candidate first" in early.json()["detail"]
    assert shown.status_code == 200
    assert shown.content == CVS[0][1]
    assert "ada.txt" in shown.headers["content-disposition"]
    assert elsewhere.status_code == 404  # not a candidate of that job
    (entry,) = [e for e in log if e["action"] == "revealed"]
    assert (entry["user"], entry["job_id"], entry["candidate_id"]) == ("alice", job, ada)
    assert entry["detail"]["model_ids"] == ["fake-keywords@1"]
    assert entry["detail"]["settings"]["redact"] is True


def test_without_blind_screening_a_reveal_is_only_logged(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job = new_job(svc.client)
        (ada,) = upload(svc.client, job, CVS[:1])
        shown = svc.client.get(f"/api/jobs/{job}/candidates/{ada}/original")
        log = svc.client.get("/api/audit").json()
    assert shown.status_code == 200
    assert [e["detail"]["settings"]["redact"] for e in log if e["action"] == "revealed"] == [False]
