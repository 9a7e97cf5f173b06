"""``cvmatch eval pairs … -m hybrid+llm`` against the fake server, like any method."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app

ROWS = [
    ("Requirements:\n- Cassandra\n- Linux", "Ana\nCassandra and Linux administrator", 1, "g1"),
    ("Requirements:\n- Cassandra\n- Linux", "Ben\nPastry chef in Lyon", 0, "g1"),
    ("Requirements:\n- Nursing\n- Triage", "Cleo\nNursing and triage on a ward", 1, "g2"),
    ("Requirements:\n- Nursing\n- Triage", "Dan\nTruck driver", 0, "g2"),
]


def _pairs(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.jsonl"
    lines = [json.dumps({"job": j, "cv": c, "label": y, "group": g}) for j, c, y, g in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.usefixtures("fake_env")
def test_hybrid_llm_is_an_evaluation_method(tmp_path, fake_llm) -> None:
    out = tmp_path / "report.json"
    args = ["eval", "pairs", "--data", str(_pairs(tmp_path)), "-m", "hybrid", "-m", "hybrid+llm"]
    args += ["--out", str(out), "--resamples", "20"]
    env = {"CVMATCH_LLM_BASE_URL": fake_llm.base_url, "CVMATCH_LLM_MODEL": "det"}
    before = fake_llm.requests()
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    sent = fake_llm.requests() - before
    assert sent > 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["results"]["hybrid+llm"]["pairwise_accuracy"]["mean"] == 1.0
    assert "prompt=cvmatch-review/1" in report["methods"]["hybrid+llm"]["model_ids"]["llm"]
    # A second evaluation reads every answer from the cache.
    again = fake_llm.requests()
    assert CliRunner().invoke(app, args, env=env).exit_code == 0
    assert fake_llm.requests() == again


@pytest.mark.usefixtures("fake_env")
def test_hybrid_llm_without_an_endpoint_says_what_to_set(tmp_path) -> None:
    args = ["eval", "pairs", "--data", str(_pairs(tmp_path)), "-m", "hybrid+llm"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code != 0
    assert "CVMATCH_LLM_BASE_URL" in result.output
