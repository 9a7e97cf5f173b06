"""``cvmatch synth pairs``: offline and through the fake endpoint; dedup and leakage checks."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.llm.leakage import check_leakage
from cvmatch.llm.synth import SynthOptions, synth_pairs
from cvmatch.training.config import FileSource
from cvmatch.training.data import read_pairs

EMPTY_DATA = {"CVMATCH_LLM_BASE_URL": "", "CVMATCH_LLM_MODEL": ""}


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.usefixtures("fake_env")
def test_offline_pairs_are_in_the_trainer_format(tmp_path) -> None:
    out = tmp_path / "synth.jsonl"
    args = ["synth", "pairs", "--out", str(out), "--occupations", "6"]
    args += ["--data-dir", str(tmp_path / "no-data")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "(offline)" in result.stdout
    assert "not checked" in result.stderr  # absent evaluation data is said, never passed
    rows = _rows(out)
    assert len(rows) == 24  # 6 occupations x (match, missing skill, missing years, other)
    by_group: dict[object, dict[object, dict[str, object]]] = {}
    for row in rows:
        by_group.setdefault(row["group"], {})[row["kind"]] = row
    for group in by_group.values():
        assert group["match"]["label"] == 1
        assert {group[k]["label"] for k in ("missing_skill", "missing_years", "other")} == {0}
        job = str(group["match"]["jd"])
        required = job.split("Requirements:\n")[1].split("\n\n", maxsplit=1)[0].splitlines()[1:]
        skills = [line.removeprefix("- ") for line in required]
        near = str(group["missing_skill"]["resume"])
        assert sum(skill in near for skill in skills) == len(skills) - 1  # one removed
        assert all(skill in str(group["match"]["resume"]) for skill in skills)
        assert "Trainee" in str(group["missing_years"]["resume"])
    # cvmatch train reads it with a plain file source (the recipe's).
    pairs = read_pairs(FileSource(path=out, group_column="group"))
    assert len(pairs) == 24
    # Same seed, same file.
    again = tmp_path / "again.jsonl"
    assert CliRunner().invoke(app, [*args[:2], "--out", str(again), *args[4:]]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.usefixtures("fake_env")
def test_leaking_pairs_are_dropped(tmp_path) -> None:
    clean = synth_pairs(SynthOptions(occupations=4, data_dir=tmp_path))
    cv = clean.pairs[0].cv
    near = cv.replace("Experience", "Work experience")  # a near-duplicate of an eval text
    options = SynthOptions(
        occupations=4, data_dir=tmp_path, extra_eval={"held-out": [near, clean.pairs[5].job]}
    )
    checked = synth_pairs(options)
    assert checked.leakage.checked == {"held-out": 2}
    assert checked.leakage.exact  # the job copied verbatim
    assert checked.leakage.near
    assert cv not in {p.cv for p in checked.pairs}
    assert clean.pairs[5].job not in {p.job for p in checked.pairs}
    assert checked.leaking > 0


def test_near_duplicates_are_found_but_other_texts_are_not(tmp_path) -> None:
    text = "Senior nurse\nExperience\n2019 - 2024 Nurse, Leeds\nSkills\ntriage, wound care\n"
    report = check_leakage(
        [text, "Truck driver with an HGV licence"],
        tmp_path,  # no registered data here: only the extra texts
        extra={"eval": [text.replace("Leeds", "York").upper(), "nurse"]},
    )
    assert report.near == {0}
    assert report.exact == set()


@pytest.mark.usefixtures("fake_env")
@pytest.mark.parametrize(("model", "from_llm"), [("det", 3), ("synth-bad", 0), ("500", 0)])
def test_pairs_through_the_endpoint_fall_back_to_templates(
    tmp_path, fake_llm, model, from_llm
) -> None:
    out = tmp_path / "synth.jsonl"
    env = {"CVMATCH_LLM_BASE_URL": fake_llm.base_url, "CVMATCH_LLM_MODEL": model}
    args = ["synth", "pairs", "--out", str(out), "--occupations", "3", "--llm"]
    result = CliRunner().invoke(app, [*args, "--data-dir", str(tmp_path)], env=env)
    assert result.exit_code == 0, result.output
    jobs = {str(row["jd"]) for row in _rows(out)}
    assert sum(job.startswith("LLM ad") for job in jobs) == from_llm
    assert f"{3 - from_llm} occupations written from templates" in result.stdout
