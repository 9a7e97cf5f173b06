"""``cvmatch audit report --db --job --categories`` over a store with scores and decisions."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.store import open_database
from cvmatch.store.people import insert_decision
from cvmatch.store.recruiting import (
    candidate_for_document,
    insert_document,
    insert_job,
    insert_matches,
)

WOMEN, MEN = 8, 6


def _document(conn: object, kind: str, key: str) -> int:
    row = {"kind": kind, "filename": f"{key}.txt", "content_hash": key, "content": b"x",
           "text": "x", "language": "en", "meta": {}}  # fmt: skip
    return insert_document(conn, row)[0]  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, Path]:
    """A job with 8 women (6 shortlisted), 6 men (2 shortlisted), 2 who reported nothing."""
    path = tmp_path / "store.db"
    database = open_database(path)
    lines = ["candidate_id,sex,race_ethnicity"]
    with database.begin() as conn:
        job = insert_job(conn, "DBA", _document(conn, "job", "job"), None)
        people = ["female"] * WOMEN + ["male"] * MEN + [""] * 2
        for index, sex in enumerate(people):
            candidate = candidate_for_document(conn, _document(conn, "cv", f"cv{index}"), "x")
            row = {"job_id": job, "candidate_id": candidate, "score": 90.0 - index, "payload": {}}
            insert_matches(conn, [row])
            shortlisted = index < 6 if sex == "female" else index < WOMEN + 2
            decision = "shortlist" if shortlisted else "reject"
            insert_decision(conn, {"job_id": job, "candidate_id": candidate, "decision": decision})
            lines.append(f"{candidate},{sex},")
    database.close()
    categories = tmp_path / "categories.csv"
    categories.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path), categories


def test_the_report_gives_rates_and_impact_ratios(store: tuple[str, Path]) -> None:
    """Women 6/8 = 0.75 (the highest); men 2/6 ≈ 0.333, impact ratio 0.333 / 0.75 ≈ 0.444."""
    db, categories = store
    args = ["audit", "report", "--db", db, "--job", "1", "--categories", str(categories)]
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    rows = {r["category"]: r for r in payload["rows"] if r["dimension"] == "sex"}
    assert payload["applicants"] == WOMEN + MEN + 2
    assert rows["female"]["selection_rate"] == pytest.approx(0.75)
    assert rows["male"]["selection_impact"] == pytest.approx(0.4444, abs=1e-4)
    assert rows["unknown"]["applicants"] == 2
    assert all(r["dimension"] == "sex" for r in payload["rows"])  # nobody reported race


def test_small_categories_get_a_note_not_a_ratio(store: tuple[str, Path]) -> None:
    db, categories = store
    args = ["audit", "report", "--db", db, "--job", "1", "--categories", str(categories)]
    result = CliRunner().invoke(app, [*args, "--min-count", "7", "-f", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["category"]: r for r in json.loads(result.stdout)["rows"]}
    assert rows["male"]["selection_impact"] is None
    assert rows["male"]["note"] == "too few applicants (6 < 7) for a reliable rate"
    table = CliRunner().invoke(app, args)
    assert table.exit_code == 0, table.output
    assert "Bias audit: job 1, 16 applicants" in table.stdout


def test_an_unknown_job_is_an_error(store: tuple[str, Path]) -> None:
    db, categories = store
    args = ["audit", "report", "--db", db, "--job", "9", "--categories", str(categories)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert "no job 9" in result.output
