"""Self-reported categories in the store, and the bias audit the service and the CLI read from it."""

import json
from pathlib import Path

import pytest
from tests.audit.service_support import Service, cv, new_job, service, upload
from typer.testing import CliRunner

from cvmatch.cli import app

WOMEN, MEN = 6, 5
"""6 women (3 shortlisted, 3 rejected), 5 men (4 shortlisted, 1 rejected), 1 undecided person
who reported nothing: selection rates 3/6 = 0.5 and 4/5 = 0.8; women's impact ratio 0.5 / 0.8 =
0.625, men's 1.0."""


def _pool(svc: Service) -> tuple[int, list[int]]:
    """The pool above; women's answers through the API, men's from a CSV import."""
    client = svc.client
    job = new_job(client)
    files = [cv(f"p{i}", f"Cassandra, Linux and {i} years of Python.") for i in range(12)]
    ids = upload(client, job, files)
    women, men = ids[:WOMEN], ids[WOMEN : WOMEN + MEN]
    race = ["Asian", "Asian", "White", "White", "White", "White"]
    for person, answer in zip(women, race, strict=True):
        body = {"sex": "female", "race_ethnicity": answer, "reported_via": "candidate"}
        assert client.put(f"/api/candidates/{person}/categories", json=body).status_code == 200
    lines = ["candidate_id,sex,race_ethnicity", *(f"{m},male,White" for m in men)]
    upload_csv = {"file": ("answers.csv", "\n".join(lines).encode(), "text/csv")}
    response = client.post("/api/categories/import", files=upload_csv)
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": MEN}
    for person, decision in zip(women + men, ["shortlist"] * 3 + ["reject"] * 4 + ["shortlist"] * 4, strict=True):  # fmt: skip
        url = f"/api/jobs/{job}/candidates/{person}/decisions"
        assert client.post(url, json={"decision": decision}).status_code == 201
    return job, ids


def test_the_service_reports_rates_and_impact_ratios_from_stored_categories(
    tmp_path: Path,
) -> None:
    with service(tmp_path) as svc:
        job, ids = _pool(svc)
        response = svc.client.get(f"/api/jobs/{job}/bias-audit")
        assert response.status_code == 200, response.text
        payload = response.json()
    assert payload["schema"] == "cvmatch.audit.bias/v1"
    assert payload["applicants"] == 12 and payload["decided"] == 11  # noqa: PT018
    sex = {r["category"]: r for r in payload["rows"] if r["dimension"] == "sex"}
    assert sex["female"]["selection_rate"] == pytest.approx(0.5)
    assert sex["male"]["selection_rate"] == pytest.approx(0.8)
    assert sex["female"]["selection_impact"] == pytest.approx(0.625)
    assert sex["male"]["selection_impact"] == pytest.approx(1.0)
    assert sex["unknown"]["applicants"] == 1  # reported nothing: never guessed from the CV
    race = {r["category"]: r for r in payload["rows"] if r["dimension"] == "race_ethnicity"}
    assert race["Asian"]["applicants"] == 2
    assert race["Asian"]["selection_rate"] is None
    assert race["Asian"]["note"] == "too few applicants (2 < 5) for a reliable rate"
    assert ids  # the pool exists


def test_the_cli_reads_the_store_and_agrees_with_a_csv_and_the_service(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job, ids = _pool(svc)
        served = svc.client.get(f"/api/jobs/{job}/bias-audit").json()
        answers = {i: svc.client.get(f"/api/candidates/{i}/categories").json() for i in ids}
        db = svc.settings_db
    csv_file = tmp_path / "categories.csv"
    rows = [f"{i},{a['sex'] or ''},{a['race_ethnicity'] or ''}" for i, a in answers.items()]
    csv_file.write_text("candidate_id,sex,race_ethnicity\n" + "\n".join(rows) + "\n")
    base = ["audit", "report", "--db", db, "--job", str(job), "-f", "json"]
    stored = CliRunner().invoke(app, base)
    assert stored.exit_code == 0, stored.output
    from_csv = CliRunner().invoke(app, [*base, "--categories", str(csv_file)])
    assert from_csv.exit_code == 0, from_csv.output
    assert json.loads(stored.stdout) == json.loads(from_csv.stdout) == served


def test_the_bias_audit_page_follows_the_law_144_layout(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        job, _ = _pool(svc)
        page = svc.client.get(f"/api/jobs/{job}/bias-audit/report", params={"min_count": 2})
        shell = svc.client.get(f"/jobs/{job}/audit", headers={"Authorization": ""})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    html = page.text
    for heading in ("Sex", "Race/ethnicity", "selection rate", "impact ratio", "scoring rate"):
        assert f">{heading}<" in html
    assert "never inferred" in html
    assert "<td class='num'>0.62</td>" in html  # women's impact ratio 0.625 (to even)
    assert "http" not in html.replace("http-equiv", "")  # self-contained: nothing fetched
    assert shell.status_code == 200
    assert "/pool-report" in shell.text and "/bias-audit/report" in shell.text  # noqa: PT018
    assert "sandbox" in shell.text


def test_answers_are_validated_and_the_log_keeps_no_answer(tmp_path: Path) -> None:
    with service(tmp_path) as svc:
        client = svc.client
        job = new_job(client)
        (person,) = upload(client, job, [cv("ann", "Cassandra.")])
        url = f"/api/candidates/{person}/categories"
        assert client.get(url).json() == {
            "candidate_id": person, "sex": None, "race_ethnicity": None,
        }  # fmt: skip
        assert client.put(url, json={"sex": "x" * 65}).status_code == 422
        assert client.put("/api/candidates/999/categories", json={"sex": "male"}).status_code == 404
        body = {"sex": " Female ", "race_ethnicity": "", "reported_via": "recruiter"}
        assert client.put(url, json=body).json()["sex"] == "Female"
        assert client.get(url).json()["race_ethnicity"] is None
        bad = {
            "file": ("a.csv", f"candidate_id,sex\n{person},male\n999,male\n".encode(), "text/csv")
        }
        assert client.post("/api/categories/import", files=bad).status_code == 404
        assert client.get(url).json()["sex"] == "Female"  # the failed import stored nothing
        log = client.get("/api/audit").json()
    recorded = [e for e in log if e["action"] == "categories_recorded"]
    assert recorded[-1]["detail"] == {"reported_via": "recruiter", "answered": ["sex"]}
    assert "Female" not in json.dumps(log)
