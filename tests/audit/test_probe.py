"""The counterfactual probe: variants change one attribute, deltas and CIs, the CLI table/JSON."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.audit.probe import summarise
from cvmatch.audit.variants import ATTRIBUTES, counterfactuals
from cvmatch.cli import app

CV = "Ada Lovelace\nCassandra DBA since 2015. Ada ran 40 clusters.\n"


def test_every_attribute_has_a_reference_and_alternatives() -> None:
    variants = counterfactuals(CV)
    assert tuple(variants) == ATTRIBUTES
    assert all(len(v) >= 2 for v in variants.values())
    assert variants["first_name"][0].text == CV  # the CV's own name is the reference


def test_a_name_swap_changes_only_the_first_name() -> None:
    swapped = counterfactuals(CV)["first_name"][1]
    assert swapped.text == CV.replace("Ada", swapped.label.split()[0])
    assert "Lovelace" in swapped.text


def test_a_cv_without_a_name_gets_a_name_line() -> None:
    variants = counterfactuals("cassandra dba, 8 years")["first_name"]
    assert variants[0].text.splitlines()[0].endswith("Taylor")
    assert len({v.text for v in variants}) == len(variants)


def test_inserted_lines_go_under_the_name() -> None:
    lines = counterfactuals(CV)["age"][2].text.splitlines()
    assert lines[:2] == ["Ada Lovelace", "Date of birth: 14/03/1967"]


def test_deltas_are_summarised_with_intervals_over_cvs() -> None:
    row = summarise("photo", {"a": [("photo", 2.0)], "b": [("photo", 0.0)], "c": [("photo", -1.0)]})
    assert row.cvs == 3
    assert row.mean_abs.mean == pytest.approx(1.0)
    assert row.mean_abs.low <= 1.0 <= row.mean_abs.high
    assert row.max_abs == 2.0
    assert row.share_over.mean == pytest.approx(1 / 3)
    assert row.by_value == {"photo": pytest.approx(1 / 3, abs=1e-4)}


@pytest.mark.usefixtures("fake_env")
@pytest.mark.parametrize("redact", ["--redact", "--no-redact"])
def test_the_cli_prints_json_per_attribute(tmp_path: Path, redact: str) -> None:
    job = tmp_path / "job.md"
    job.write_text("Cassandra DBA\n\nRequirements:\n- 5 years of Cassandra\n", encoding="utf-8")
    cvs = tmp_path / "cvs"
    cvs.mkdir()
    (cvs / "ada.txt").write_text(CV, encoding="utf-8")
    (cvs / "bob.txt").write_text("Bob Stone\nJava developer, she said.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "probe", str(job), str(cvs), redact, "-f", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["redact"] is (redact == "--redact")
    assert [row["attribute"] for row in payload["attributes"]] == list(ATTRIBUTES)
    names = payload["attributes"][0]
    assert names["cvs"] == 2
    if redact == "--redact":  # the name is masked, so swapping it cannot move a score
        assert names["max_abs_delta"] == 0.0


@pytest.mark.usefixtures("fake_env")
def test_the_cli_prints_a_table(tmp_path: Path) -> None:
    job = tmp_path / "job.txt"
    job.write_text("Cassandra DBA", encoding="utf-8")
    cv = tmp_path / "ada.txt"
    cv.write_text(CV, encoding="utf-8")
    result = CliRunner().invoke(app, ["audit", "probe", str(job), str(cv)])
    assert result.exit_code == 0, result.output
    assert "first_name" in result.stdout
    assert "redaction on" in result.stdout
