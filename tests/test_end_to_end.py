"""End to end on the shipped examples with the real packaged models."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

ROOT = Path(__file__).resolve().parents[1]
JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"
CVS = ROOT / "examples" / "cvs"
pytestmark = pytest.mark.models


@pytest.fixture(scope="module")
def ranking_ids(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    engine = Engine(Settings(cache_dir=tmp_path_factory.mktemp("cache")))
    job = engine.parse(JOB, DocumentKind.JOB)
    report = engine.parse_many(sorted(p for p in CVS.iterdir() if p.is_file()))
    assert not report.failures
    return [m.cv_id for m in engine.rank(job, report.documents).matches]


def test_near_miss_ranks_below_real_matches(ranking_ids: list[str]) -> None:
    near_miss = ranking_ids.index("maya-okafor-frontend-engineer.docx")
    assert ranking_ids.index("ethan-walsh-cassandra-dba.pdf") < near_miss
    assert ranking_ids.index("priya-raman-sre-cassandra.html") < near_miss
    assert set(ranking_ids[:4]) == {  # the two English, the French and the German DBA
        "ethan-walsh-cassandra-dba.pdf",
        "priya-raman-sre-cassandra.html",
        "claire-dubois-dba-fr.docx",
        "jonas-weber-datenbankadministrator-de.pdf",
    }


def test_french_match_ranks_above_unrelated_english_cvs(ranking_ids: list[str]) -> None:
    french = ranking_ids.index("claire-dubois-dba-fr.docx")
    for unrelated in (
        "grace-thompson-icu-nurse.md",
        "hannah-lewis-accountant.pdf",
        "samuel-adeyemi-head-chef.md",
        "marco-silva-hgv-driver.txt",
    ):
        assert french < ranking_ids.index(unrelated)


def test_cli_rank_json_is_stable_and_explains(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    first = runner.invoke(app, ["rank", str(JOB), str(CVS), "--format", "json"])
    second = runner.invoke(app, ["rank", str(JOB), str(CVS), "--format", "json"])
    assert first.exit_code == 0, first.output
    payload = json.loads(first.stdout)
    assert payload["schema"] == "cvmatch.ranking/1"
    assert payload == json.loads(second.stdout)
    scores = [r["score"] for r in payload["results"]]
    assert scores == sorted(scores, reverse=True)
    near_miss = next(r for r in payload["results"] if r["id"].startswith("maya-okafor"))
    assert "cassandra" in near_miss["missing_terms"]


def test_cli_score_and_csv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    result = runner.invoke(
        app, ["score", str(JOB), str(CVS / "ethan-walsh-cassandra-dba.pdf"), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["score"] > 60
    csv_out = runner.invoke(app, ["rank", str(JOB), str(CVS), "-f", "csv", "--top", "3"])
    assert csv_out.stdout.splitlines()[0].startswith("rank,id,score")
    assert len(csv_out.stdout.splitlines()) == 4
