"""``cvmatch users add`` and ``cvmatch serve`` argument handling (the server itself: tests/service)."""

from pathlib import Path

from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.workspace import Workspace

runner = CliRunner()


def test_users_add_prints_a_token_that_authenticates(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["users", "add", "alice", "--db", str(db)])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert len(token) >= 40
    again = runner.invoke(app, ["users", "add", "alice", "--db", str(db)]).output.strip()
    assert again != token
    ws = Workspace.open(db)
    assert ws.authenticate(token).name == ws.authenticate(again).name == "alice"
    ws.close()


def test_bad_name_or_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["users", "add", " ", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "user name" in result.output
    result = runner.invoke(app, ["serve", "--db", "nosuchdialect://x"])
    assert result.exit_code == 2
    assert "cannot open database" in result.output
    assert "Traceback" not in result.output
