"""Without ``--rerank`` / ``--ranker`` the rank, match and score outputs stay byte-identical.

The golden files were written by this test (``CVMATCH_WRITE_GOLDEN=1``) *before* the stages
existed, with the keyword fake encoder over the shipped examples; re-pin only on purpose.
"""

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")
COMMANDS = {
    "rank.json": ["rank", "examples/jobs/cassandra-dba.md", "examples/cvs", "-f", "json"],
    "rank.csv": ["rank", "examples/jobs/icu-nurse.txt", "examples/cvs", "-f", "csv", "-k", "5"],
    "match.json": [
        "match",
        "examples/cvs/ethan-walsh-cassandra-dba.pdf",
        "examples/jobs",
        "-f",
        "json",
    ],
    "score.json": [
        "score",
        "examples/jobs/frontend-engineer.md",
        "examples/cvs/maya-okafor-frontend-engineer.docx",
        "-f",
        "json",
    ],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_output_without_stages_is_byte_identical(
    name: str, fake_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    del fake_env  # the keyword fake for every language, a fixed reference date
    monkeypatch.chdir(ROOT)  # relative paths: the sources in the output do not name the checkout
    result = CliRunner().invoke(app, COMMANDS[name])
    assert result.exit_code == 0, result.output
    path = GOLDEN / name
    if os.environ.get("CVMATCH_WRITE_GOLDEN") == "1":
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")
