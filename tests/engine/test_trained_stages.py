"""Tiny trained models as stages through the CLI, the Engine API and ``cvmatch eval``.

The ranker is trained once per module over the keyword fake (seconds); the cross-encoder over
the packaged MiniLM (``models``: about a minute on 2 cores). Both are real ``cvmatch train``
runs on a dozen pairs, registered in a temporary registry.
"""

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import FAKE, KeywordEncoder
from tests.support.engine import fake_engine
from tests.support.stages import train_tiny
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.encoders.registry import ENCODERS
from cvmatch.engine import Stages
from cvmatch.scoring.feedback_ranker import fit_linear
from cvmatch.scoring.match_features import MATCH_FEATURES, feature_table
from cvmatch.scoring.stage_calibration import CALIBRATION_FILE
from cvmatch.settings import Settings, get_settings
from cvmatch.training.feedback_train import save_linear
from cvmatch.training.model_registry import register
from cvmatch.types import DocumentKind

ROOT = Path(__file__).resolve().parents[2]
JOB = "examples/jobs/cassandra-dba.md"
CVS = "examples/cvs"
NURSE = "examples/jobs/icu-nurse.txt"


def _train(folder: Path, kind: str, name: str) -> Path:
    """Train one tiny model into ``folder / "registry"`` (the fake registered meanwhile)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVMATCH_MODELS_DIR", str(folder / "registry"))
        patch.setenv("CVMATCH_CACHE_DIR", str(folder / "cache"))
        get_settings.cache_clear()
        ENCODERS.add(FAKE, KeywordEncoder)
        try:
            train_tiny(folder / name, kind, name)
        finally:
            ENCODERS.remove(FAKE)
            get_settings.cache_clear()
    return folder / "registry"


@pytest.fixture(scope="module")
def ranker_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _train(tmp_path_factory.mktemp("rk"), "ranker", "rk")


@pytest.fixture
def registry(
    ranker_registry: Path, fake_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A copy of the module's registry as the models dir; the fake everywhere; cwd the repo."""
    del fake_env
    folder = tmp_path / "registry"
    shutil.copytree(ranker_registry, folder)
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(folder))
    monkeypatch.chdir(ROOT)
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _rank(*extra: str) -> dict:
    code, out, err = _run("rank", JOB, CVS, "-f", "json", *extra)
    assert code == 0, err
    return json.loads(out)


def test_the_trainer_stores_a_calibration_with_the_ranker(registry: Path) -> None:
    calibration = json.loads((registry / "rk" / "v1" / CALIBRATION_FILE).read_text())
    assert calibration["fitted_on"] == "validation split (ranker lists)"
    assert calibration["pairs"] > 0


def test_rank_with_a_ranker_explains_and_is_byte_identical(registry: Path) -> None:
    del registry
    first = _run("rank", JOB, CVS, "-f", "json", "--ranker", "rk@v1")
    assert first[0] == 0, first[2]
    assert _run("rank", JOB, CVS, "-f", "json", "--ranker", "rk@v1") == first
    staged, plain = json.loads(first[1]), _rank()
    rows = staged["results"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    plain_rows = {r["id"]: r for r in plain["results"]}
    for row in rows:
        (effect,) = row["stages"]
        assert (effect["model"], effect["kind"], effect["calibration"]) == (
            "rk@v1",
            "ranker",
            "stored",
        )
        before = plain_rows[row["id"]]
        assert effect["score_before"] == before["score"]
        assert effect["rank_before"] == before["rank"]
        assert (effect["score_after"], effect["rank_after"]) == (row["score"], row["rank"])
        assert row["reasons"][-1].startswith("ranked by rk@v1: score ")
        assert row["requirements"] == before["requirements"]  # the evidence is unchanged
    assert "stages" not in plain["results"][0]


def test_the_engine_api_and_the_cli_agree(registry: Path, tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path / "engine-cache", use_cache=False, models_dir=registry)
    engine = fake_engine(settings)
    job = engine.parse(Path(JOB), DocumentKind.JOB)
    cvs = engine.parse_many(sorted(Path(CVS).iterdir())).documents
    ranking = engine.rank(job, cvs, top=5, stages=Stages(ranker="rk"))
    cli = _rank("--ranker", "rk@v1", "--top", "5")["results"]
    assert [(m.cv_id, m.score) for m in ranking.matches] == [(r["id"], r["score"]) for r in cli]
    assert engine.check_stages(Stages(ranker="rk@v1")) == ()


def test_match_and_score_take_the_stages_too(registry: Path) -> None:
    del registry
    cv = "examples/cvs/ethan-walsh-cassandra-dba.pdf"
    code, out, err = _run("match", cv, "examples/jobs", "-f", "json", "--ranker", "rk@v1")
    assert code == 0, err
    assert {r["stages"][0]["model"] for r in json.loads(out)["results"]} == {"rk@v1"}
    code, out, err = _run("score", JOB, cv, "-f", "json", "--ranker", "rk@v1")
    assert code == 0, err
    payload = json.loads(out)
    assert payload["stages"][0]["score_after"] == payload["score"]


def test_a_model_without_calibration_warns_and_keeps_the_scores(
    registry: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "old-ranker"
    shutil.copytree(registry / "rk" / "v1", folder)
    (folder / CALIBRATION_FILE).unlink()
    code, out, err = _run("rank", JOB, CVS, "-f", "json", "--ranker", str(folder))
    assert code == 0, err
    assert "no stored calibration" in err
    rows = json.loads(out)["results"]
    plain = _rank()["results"]
    assert sorted(r["score"] for r in rows) == sorted(r["score"] for r in plain)
    assert {r["stages"][0]["calibration"] for r in rows} == {"rank-preserving"}


def test_wrong_or_unknown_models_are_one_line_errors(registry: Path) -> None:
    del registry
    code, _, err = _run("rank", JOB, CVS, "--ranker", "nope@v1")
    assert code == 7
    assert err.count("\n") == 1
    assert "no trained model 'nope@v1'" in err
    code, _, err = _run("rank", JOB, CVS, "--rerank", "rk@v1")
    assert code == 2
    assert "--rerank needs a trained cross-encoder" in err
    code, _, err = _run("rank", JOB, CVS, "--rerank-top", "5")
    assert code == 2
    assert "--rerank-top needs --rerank" in err


def _pairs_file(tmp_path: Path) -> Path:
    rows = [
        ("cassandra database administrator", "ran cassandra clusters as a dba", 1, "g1"),
        ("cassandra database administrator", "baked bread and cakes", 0, "g1"),
        ("icu nurse", "cared for intensive care patients on a ward", 1, "g2"),
        ("icu nurse", "drove heavy goods vehicles", 0, "g2"),
    ]
    path = tmp_path / "pairs.jsonl"
    lines = [json.dumps({"job": j, "cv": c, "label": lab, "group": g}) for j, c, lab, g in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_measures_the_ranker_stage(registry: Path, tmp_path: Path) -> None:
    del registry
    out = tmp_path / "report.json"
    args = ["eval", "pairs", "--data", str(_pairs_file(tmp_path)), "-m", "hybrid"]
    code, _, err = _run(*args, "-m", "hybrid+ranker:rk@v1", "--resamples", "20", "--out", str(out))
    assert code == 0, err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report["results"]) == {"hybrid", "hybrid+ranker:rk@v1"}
    ids = report["methods"]["hybrid+ranker:rk@v1"]["model_ids"]
    assert ids["ranker"] == "rk@v1 (top all, calibration stored)"
    code, _, err = _run(*args, "-m", "hybrid+rerank:rk@v1")
    assert code == 2
    assert "--rerank needs a trained cross-encoder" in err


def test_the_eval_method_scores_as_rank_orders(registry: Path, tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path / "engine-cache", use_cache=False, models_dir=registry)
    engine = fake_engine(settings)
    job = Path(JOB).read_text(encoding="utf-8")
    cvs = [p.read_text(encoding="utf-8") for p in sorted(Path(CVS).glob("*.md"))]
    matrix = engine.evaluation.similarity_matrix("hybrid+ranker:rk@v1", [job], cvs)
    docs = [engine.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(cvs)]
    job_doc = engine.parse_text(job, DocumentKind.JOB, "q0")
    ranking = engine.rank(job_doc, docs, stages=Stages(ranker="rk@v1"))
    order = sorted(range(len(cvs)), key=lambda c: -matrix[0, c])
    assert [f"d{c}" for c in order] == [m.cv_id for m in ranking.matches]
    scores = {m.cv_id: m.score for m in ranking.matches}
    assert all(abs(matrix[0, c] - scores[f"d{c}"] / 100) < 1e-6 for c in range(len(cvs)))


def test_a_ranker_learned_from_decisions_runs_over_the_pipeline_features(
    registry: Path, tmp_path: Path
) -> None:
    """Logistic regression on the examples' match features, labels from ground_truth.csv."""
    settings = Settings(cache_dir=tmp_path / "engine-cache", use_cache=False, models_dir=registry)
    engine = fake_engine(settings)
    job = engine.parse(Path(NURSE), DocumentKind.JOB)
    cvs = engine.parse_many(sorted(Path(CVS).iterdir())).documents
    plain = engine.rank(job, cvs).matches
    gold = {
        row["cv"]: int(row["label"] == "match")
        for row in csv.DictReader((ROOT / "examples" / "ground_truth.csv").open(encoding="utf-8"))
        if row["job"] == "icu-nurse.txt"
    }
    labels = np.asarray([gold[m.cv_id] for m in plain])
    model = fit_linear(feature_table(plain), labels, MATCH_FEATURES)
    save_linear(model, tmp_path / "fb")
    register(tmp_path / "fb", registry, name="fb", kind="feedback-ranker", extra={})
    code, out, err = _run("rank", NURSE, CVS, "-f", "json", "--ranker", "fb@v1")
    assert code == 0, err
    rows = json.loads(out)["results"]
    by_id = {m.cv_id: m for m in plain}
    for row in rows:
        match = by_id[row["id"]]
        p = model.probability(feature_table([match]))[0]
        assert row["score"] == round((25.0 if match.knockout else 100.0) * p, 1)
        assert row["stages"][0]["calibration"] == "stored"
    assert {r["id"] for r in rows[:2]} == {
        "grace-thompson-icu-nurse.md",
        "lucia-fernandez-enfermera-uci-es.html",
    }


# ---- the cross-encoder (MiniLM) -------------------------------------------------------------
@pytest.fixture(scope="module")
def full_registry(ranker_registry: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ce")
    ce = _train(folder, "cross-encoder", "ce")
    shutil.copytree(ranker_registry / "rk", ce / "rk")
    return ce


@pytest.mark.models
def test_rerank_and_ranker_together(
    full_registry: Path, registry: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    del registry
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(full_registry))
    get_settings.cache_clear()
    assert (full_registry / "ce" / "v1" / CALIBRATION_FILE).is_file()
    args = ("--rerank", "ce@v1", "--rerank-top", "3", "--ranker", "rk@v1")
    first = _run("rank", JOB, CVS, "-f", "json", *args)
    assert first[0] == 0, first[2]
    assert _run("rank", JOB, CVS, "-f", "json", *args)[1] == first[1]  # stderr: load bars
    rows = json.loads(first[1])["results"]
    kinds = [[s["kind"] for s in r["stages"]] for r in rows]
    assert sum(k == ["ranker", "rerank"] for k in kinds) == 3
    assert sum(k == ["ranker"] for k in kinds) == len(rows) - 3
    reranked = sorted(
        (r for r in rows if len(r["stages"]) == 2), key=lambda r: r["stages"][1]["rank_before"]
    )
    assert [r["stages"][1]["rank_before"] for r in reranked] == [1, 2, 3]
    assert all(r["stages"][1]["score_before"] == r["stages"][0]["score_after"] for r in reranked)
    assert all(r["reasons"][-1].startswith("re-ranked by ce@v1: ") for r in reranked)
    settings = Settings(cache_dir=tmp_path / "c", use_cache=False, models_dir=full_registry)
    engine = fake_engine(settings)
    job = engine.parse(Path(JOB), DocumentKind.JOB)
    cvs = engine.parse_many(sorted(Path(CVS).iterdir())).documents
    ranking = engine.rank(job, cvs, stages=Stages(rerank="ce@v1", rerank_top=3, ranker="rk@v1"))
    assert [(m.cv_id, m.score) for m in ranking.matches] == [(r["id"], r["score"]) for r in rows]
    out = tmp_path / "report.json"
    data = str(_pairs_file(tmp_path))
    code, _, err = _run(
        "eval", "pairs", "--data", data, "-m", "hybrid+rerank:ce@v1", "--out", str(out)
    )
    assert code == 0, err
    ids = json.loads(out.read_text(encoding="utf-8"))["methods"]["hybrid+rerank:ce@v1"]["model_ids"]
    assert ids["rerank"] == "ce@v1 (top 50, calibration stored)"
