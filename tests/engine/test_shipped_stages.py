"""Shipped stages by name everywhere a stage runs: ``rank``, ``Engine``, ``cvmatch eval``, service.

The ranker is the one the package ships (``rjdb-match-ranker``); the cross-encoder is a tiny
random one built here in the shipped format (:mod:`tests.support.tiny_stage`), put beside a
copy of the ranker in a temporary weights folder that stands in for the package's (the
package's own folder is never written).
"""

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from tests.service.test_job_settings import _client, _job, _rows
from tests.support.engine import fake_settings
from tests.support.tiny_stage import tiny_cross_encoder
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.encoders import shipped_stage
from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.engine import Engine, Stages
from cvmatch.scoring.match_features import feature_table
from cvmatch.settings import Settings, get_settings
from cvmatch.training.feedback_train import load_linear
from cvmatch.types import DocumentKind

ROOT = Path(__file__).resolve().parents[2]
RANKER = "rjdb-match-ranker"
CE = "tiny-ce-int8"
JOB = "examples/jobs/cassandra-dba.md"
CVS = "examples/cvs"
CVMATCH = Path(sys.executable).parent / "cvmatch"


@pytest.fixture(scope="module")
def weights(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A weights folder with a copy of the shipped ranker and the tiny cross-encoder."""
    root = tmp_path_factory.mktemp("weights")
    shutil.copytree(WEIGHTS_DIR / RANKER, root / RANKER)
    tiny_cross_encoder(root, CE)
    return root


@pytest.fixture
def packaged(weights: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """``weights`` as the package's stage folder; an empty registry; cwd the repository."""
    monkeypatch.setattr(shipped_stage, "WEIGHTS_DIR", weights)
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.chdir(ROOT)
    get_settings.cache_clear()
    yield weights
    get_settings.cache_clear()


JOB_TEXT = (
    "Senior Python Developer\n"
    "Requirements:\n"
    "- 5+ years of experience with Python\n"
    "- Django and PostgreSQL (required)\n"
    "- Docker\n"
)
FULL = (
    "Jane Doe, Python developer.\nExperience: Senior Python Developer, Acme, 2015 - 2023: built "
    "Django services on PostgreSQL, shipped with Docker.\nSkills: Python, Django, PostgreSQL, Docker"
)
NEAR = (
    "John Roe, Python developer.\nExperience: Python Developer, Acme, 2021 - 2023: built small "
    "Python scripts, shipped with Docker.\nSkills: Python, Docker"
)
OTHER = "Ann Poe, head chef.\nExperience: Head chef, Bistro, 2012 - 2023: ran a kitchen of 12."


@pytest.mark.models
def test_the_shipped_ranker_orders_a_fixture_and_says_how_much_it_moved(tmp_path: Path) -> None:
    engine = Engine(Settings(cache_dir=tmp_path / "cache", models_dir=tmp_path / "none"))
    job = engine.parse_text(JOB_TEXT, DocumentKind.JOB, "job")
    cvs = [
        engine.parse_text(text, DocumentKind.CV, name)
        for name, text in (("other", OTHER), ("near", NEAR), ("full", FULL))
    ]
    plain = engine.rank(job, cvs)
    staged = engine.rank(job, cvs, stages=Stages(ranker=RANKER))
    assert [m.cv_id for m in staged.matches] == ["full", "near", "other"]
    model = load_linear(WEIGHTS_DIR / RANKER)
    logits = np.log(model.probability(feature_table(list(plain.matches))))
    logits -= np.log1p(-model.probability(feature_table(list(plain.matches))))
    before = {m.cv_id: (m, logit) for m, logit in zip(plain.matches, logits, strict=True)}
    for rank, match in enumerate(staged.matches, start=1):
        (effect,) = match.stages
        first, logit = before[match.cv_id]
        assert effect.model.startswith(f"{RANKER}@")
        assert (effect.kind, effect.calibration) == ("ranker", "stored")
        assert effect.raw == pytest.approx(logit, abs=1e-4)  # the stored weights, nothing else
        assert (effect.score_before, effect.rank_after) == (first.score, rank)
        assert match.score == pytest.approx(
            100 * model.probability(feature_table([first]))[0], abs=0.051
        )
        assert match.reasons[-1].startswith(f"ranked by {effect.model}: score ")
        assert match.evidence == first.evidence  # the evidence is the first stage's


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.models
def test_rank_and_eval_resolve_both_shipped_names(packaged: Path, tmp_path: Path) -> None:
    code, out, err = _invoke("rank", JOB, CVS, "--rerank", CE, "--ranker", RANKER, "-f", "json")
    assert code == 0, err
    rows = json.loads(out)["results"]
    digest = shipped_stage.stage_digest(shipped_stage.read_stage_manifest(packaged / CE))
    for row in rows:
        assert [s["kind"] for s in row["stages"]] == ["ranker", "rerank"]
        assert row["stages"][1]["model"] == f"{CE}@{digest}"
    pairs = tmp_path / "pairs.jsonl"
    lines = [
        {"job": "cassandra dba", "cv": "ran cassandra clusters", "label": 1, "group": "g"},
        {"job": "cassandra dba", "cv": "baked bread", "label": 0, "group": "g"},
    ]
    pairs.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    report = tmp_path / "report.json"
    methods = ["-m", "hybrid", "-m", f"hybrid+ranker:{RANKER}", "-m", f"hybrid+rerank:{CE}"]
    code, _, err = _invoke(
        "eval", "pairs", "--data", str(pairs), *methods, "--resamples", "20", "--out", str(report)
    )
    assert code == 0, err
    ids = json.loads(report.read_text(encoding="utf-8"))["methods"]
    assert ids[f"hybrid+ranker:{RANKER}"]["model_ids"]["ranker"].startswith(f"{RANKER}@")
    assert ids[f"hybrid+rerank:{CE}"]["model_ids"]["rerank"].startswith(f"{CE}@{digest} (top 50")
    code, _, err = _invoke("rank", JOB, CVS, "--rerank", RANKER)
    assert code == 2
    assert "--rerank needs a trained cross-encoder" in err


def test_the_service_takes_shipped_names_and_refuses_wrong_kinds(
    packaged: Path, tmp_path: Path
) -> None:
    del packaged  # the stand-in weights folder is in place
    client, workspace = _client(fake_settings(tmp_path, models_dir=tmp_path / "models"))
    try:
        _service(client)
    finally:
        client.close()
        workspace.close()


def _service(client: TestClient) -> None:
    job_id = _job(client)
    url = f"/api/jobs/{job_id}/settings"
    wrong = client.put(url, json={"rerank_model": RANKER})
    assert wrong.status_code == 422
    assert "--rerank needs a trained cross-encoder" in wrong.json()["detail"]
    assert client.put(url, json={"ranker_model": CE}).status_code == 422
    assert client.put(url, json={"ranker_model": "nope"}).status_code == 422
    saved = client.put(url, json={"ranker_model": RANKER, "rerank_model": CE, "rerank_top": 2})
    assert saved.status_code == 200, saved.text
    rows = _rows(client, job_id)["items"]
    assert all(r["stages"][0]["model"].startswith(f"{RANKER}@") for r in rows)
    assert sum(len(r["stages"]) == 2 for r in rows) == 2  # the cross-encoder reads the top 2


@pytest.mark.models
def test_the_acceptance_command_runs_on_the_installed_package(
    weights: Path, tmp_path: Path
) -> None:
    """``cvmatch rank JOB CVS --rerank CE --ranker NAME --format json``: the installed command.

    The ranker by its shipped name; the tiny cross-encoder by its folder (a subprocess cannot
    see a stand-in weights folder), checked against its manifest like a shipped one.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    env |= {"CVMATCH_CACHE_DIR": str(tmp_path / "cache"), "CVMATCH_MODELS_DIR": str(tmp_path)}
    argv = [str(CVMATCH), "rank", JOB, CVS, "--rerank", str(weights / CE), "--ranker", RANKER]
    done = subprocess.run(
        [*argv, "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout)["results"]
    assert len(rows) == 16
    for row in rows:
        assert [s["kind"] for s in row["stages"]] == ["ranker", "rerank"]
        assert row["stages"][0]["model"].startswith(f"{RANKER}@")
        assert row["stages"][1]["model"].startswith(f"{CE}@")
