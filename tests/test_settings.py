"""Settings: defaults, and a bad value is one clear error naming the variable (exit 2 in the CLI)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cvmatch.errors import InvalidInputError, exit_code_for
from cvmatch.settings import Settings

CVMATCH = Path(sys.executable).parent / "cvmatch"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CVMATCH_STAR_WEIGHT", "", "CVMATCH_STAR_WEIGHT='': Input should be a valid number"),
        ("CVMATCH_SOFT_SKILLS_NOT_ASSESSED", "maybe", "valid boolean"),
        ("CVMATCH_MAX_STARS", "-3", "CVMATCH_MAX_STARS='-3': Input should be greater"),
    ],
)
def test_a_bad_environment_value_is_one_invalid_input_error(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, message: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(InvalidInputError, match="invalid setting") as raised:
        Settings()
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert exit_code_for(raised.value) == 2


def test_a_bad_argument_is_named_as_given() -> None:
    with pytest.raises(InvalidInputError, match=r"star_weight=2\.0"):
        Settings(star_weight=2.0)


def test_the_cli_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    job = tmp_path / "job.txt"
    job.write_text("Cassandra DBA\n- Linux\n")
    env = {"CVMATCH_STAR_WEIGHT": "", "PATH": "/usr/bin:/bin"} | _pythonpath()
    done = subprocess.run(
        [str(CVMATCH), "rank", str(job), str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: invalid setting CVMATCH_STAR_WEIGHT='': Input should be a valid number, unable"
        " to parse string as a number (fix or unset it; defaults: README.md)"
    ]
    assert "Traceback" not in done.stderr


def test_soft_skills_default_is_missing_as_documented() -> None:
    # docs/requirements.md: `missing` by default, `not_assessed` is the opt-in.
    assert Settings().soft_skills_not_assessed is False


def _pythonpath() -> dict[str, str]:
    return {"PYTHONPATH": os.environ["PYTHONPATH"]} if "PYTHONPATH" in os.environ else {}
