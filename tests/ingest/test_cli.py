"""``cvmatch ingest`` and ``cvmatch index build|stats|search`` through the Typer app."""

import json
from pathlib import Path

from tests.ingest.paths import EXAMPLE_CVS, EXAMPLE_JOB
from typer.testing import CliRunner

from cvmatch.cli.app import build_app

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(build_app(), list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_then_index_then_search_gives_the_rank_of_the_files(
    fake_stored_env: Path, tmp_path: Path
) -> None:
    del fake_stored_env
    db = str(tmp_path / "recruit.db")
    report = json.loads(_run("ingest", str(EXAMPLE_CVS), "--db", db, "--format", "json"))
    assert report["schema"] == "cvmatch.ingest/1"
    assert report["counts"] == {"stored": 16, "duplicate": 0, "refused": 0}
    assert {f["outcome"] for f in report["files"]} == {"stored"}

    again = json.loads(_run("ingest", str(EXAMPLE_CVS), "--db", db, "-f", "json"))
    assert again["counts"]["duplicate"] == 16

    stats = json.loads(_run("index", "build", "--db", db, "--format", "json"))
    assert (stats["size"], stats["tier"]) == (16, "exact")
    assert json.loads(_run("index", "stats", "--db", db, "-f", "json"))["revision"] == "16:16"

    searched = json.loads(
        _run("index", "search", str(EXAMPLE_JOB), "--db", db, "--top", "5", "-f", "json")
    )
    ranked = json.loads(
        _run("rank", str(EXAMPLE_JOB), str(EXAMPLE_CVS), "--top", "5", "-f", "json")
    )
    assert searched["results"] == ranked["results"]
    assert len(searched["results"]) == 5


def test_refused_files_are_listed_with_their_reason(fake_stored_env: Path, tmp_path: Path) -> None:
    del fake_stored_env
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.xyz").write_text("?")
    out = _run("ingest", str(tmp_path / "in"), "--db", str(tmp_path / "r.db"), "-f", "json")
    files = json.loads(out)["files"]
    assert files[0]["outcome"] == "refused"
    assert files[0]["error"] == "UnsupportedFormatError"


def test_a_missing_folder_is_a_clean_error(fake_stored_env: Path, tmp_path: Path) -> None:
    del fake_stored_env
    result = runner.invoke(
        build_app(), ["ingest", str(tmp_path / "nope"), "--db", str(tmp_path / "r.db")]
    )
    assert result.exit_code != 0
    assert "neither a folder nor a list file" in result.output
