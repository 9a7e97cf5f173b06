"""``rank``, ``match`` and ``score`` take the same scoring options, checked the same way.

The options come from one :class:`ScoringOptions`; these tests hold the three commands to it:
the same Click parameters, the same exit code and message for each bad value, and the same
plumbing into the :class:`Engine` (stages, blind screening, the LLM step).
"""

import dataclasses
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.cli.scoring import ScoringOptions
from cvmatch.engine import Stages
from cvmatch.errors import InvalidInputError

OPTIONS = [f.name for f in dataclasses.fields(ScoringOptions) if f.init]
JOB = "# Database administrator\n\nRequirements:\n- Cassandra\n- Linux\n"
CV = "Ann Lee\nann@example.org\nDatabase administrator\nCassandra on Linux\n"
BAD = [  # (options, exit code, what stderr says)
    (["--rerank-top", "0"], 2, "Invalid value for '--rerank-top'"),
    (["--rerank-top", "many"], 2, "Invalid value for '--rerank-top'"),
    (["--rerank-top", "5"], 2, "--rerank-top needs --rerank MODEL"),
    (["--rerank-top", "5", "--ranker", "nope@v1"], 2, "--rerank-top needs --rerank MODEL"),
    (["--ranker", "nope@v1"], 7, "no trained model 'nope@v1'"),
    (["--rerank", "nope@v1", "--rerank-top", "3"], 7, "no trained model 'nope@v1'"),
    (["--rerank"], 2, "Option '--rerank' requires an argument"),
    (["--llm=yes"], 2, "Option '--llm' does not take a value"),
    (["--no-llm"], 2, "No such option: --no-llm"),
]


@pytest.fixture
def commands(tmp_path: Path) -> dict[str, list[str]]:
    """Each command with its two arguments, over one tiny job and one tiny CV."""
    (tmp_path / "jobs").mkdir()
    (tmp_path / "cvs").mkdir()
    job, cv = tmp_path / "jobs" / "dba.md", tmp_path / "cvs" / "ann.md"
    job.write_text(JOB, encoding="utf-8")
    cv.write_text(CV, encoding="utf-8")
    return {
        "rank": ["rank", str(job), str(tmp_path / "cvs")],
        "match": ["match", str(cv), str(tmp_path / "jobs")],
        "score": ["score", str(job), str(cv)],
    }


FIELDS = ("name", "opts", "secondary_opts", "default", "help", "min", "max", "is_flag", "nargs")


def _shared_params(name: str) -> list[dict[str, object]]:
    """What Click knows of each scoring option of one command (its type as annotated)."""
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]
    return [
        {key: getattr(p, key) for key in FIELDS} | {"type": p.type_descriptor.annotation}
        for p in command.params
        if p.name in OPTIONS
    ]


def test_the_three_commands_declare_the_same_scoring_options() -> None:
    rank = _shared_params("rank")
    assert [p["name"] for p in rank] == OPTIONS
    assert _shared_params("match") == rank
    assert _shared_params("score") == rank
    assert [p["opts"] for p in rank] == [
        ["--rerank"],
        ["--rerank-top"],
        ["--ranker"],
        ["--llm"],
        ["--redact"],
    ]
    assert rank[-1]["secondary_opts"] == ["--no-redact"]


@pytest.mark.usefixtures("fake_env")
@pytest.mark.parametrize(("options", "code", "says"), BAD)
def test_the_three_commands_reject_a_bad_value_alike(
    commands: dict[str, list[str]], options: list[str], code: int, says: str
) -> None:
    errors = set()
    for name, args in commands.items():
        result = CliRunner().invoke(app, [*args, *options], env={"COLUMNS": "200"})
        assert result.exit_code == code, (name, result.output)
        assert says in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.output
        lines = result.stderr.splitlines()
        errors.add(tuple(line for line in lines if not line.startswith(("Usage:", "Try "))))
    assert len(errors) == 1  # the same message, word for word (the usage line names the command)


@pytest.mark.usefixtures("fake_env")
def test_the_three_commands_accept_the_same_options(
    commands: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CVMATCH_LLM_BASE_URL", raising=False)
    monkeypatch.delenv("CVMATCH_LLM_MODEL", raising=False)
    for name, args in commands.items():
        for options in (["--llm", "--redact"], ["--no-redact"]):
            result = CliRunner().invoke(app, [*args, *options, "-f", "json"])
            assert result.exit_code == 0, (name, options, result.output)
            assert ('"schema"' in result.stdout) is True
            assert ("--llm: no endpoint configured" in result.stderr) is ("--llm" in options)


def test_the_options_validate_once_and_derive_the_stages() -> None:
    assert ScoringOptions().stages is None
    assert ScoringOptions(llm=True, redact=True).stages is None  # no trained stage asked for
    assert ScoringOptions(ranker="rk").stages == Stages(ranker="rk")
    assert ScoringOptions(rerank="ce").stages == Stages(rerank="ce", rerank_top=50)
    staged = ScoringOptions(rerank="ce", rerank_top=3, ranker="rk").stages
    assert staged == Stages(rerank="ce", rerank_top=3, ranker="rk")
    with pytest.raises(InvalidInputError, match="--rerank-top needs --rerank"):
        ScoringOptions(rerank_top=3, ranker="rk")


@pytest.mark.usefixtures("fake_env")
def test_the_options_set_up_the_engine() -> None:
    assert ScoringOptions(redact=True).engine(None).redact is True
    plain = ScoringOptions().engine("fake-keywords")
    assert plain.redact is False
    assert plain.settings.english_encoder == plain.settings.multilingual_encoder == "fake-keywords"
