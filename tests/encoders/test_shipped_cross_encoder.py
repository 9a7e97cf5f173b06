"""The shipped RJDB cross-encoder (an opt-in ``--rerank`` stage): its files, and known orderings.

The model is ``bench.quality.cross_encoder_ship``'s copy of the int8 export
(docs/benchmarks/cross-encoder.md). The orderings below are what the shipped file gives on this
fixture; a change of the file, of the evidence view or of the fusion shows up here.
"""

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from cvmatch.encoders.cross_encoder_onnx import OnnxCrossEncoder, is_onnx_cross_encoder
from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.engine import Engine, Stages
from cvmatch.scoring.rerank_fusion import load_rerank_settings
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

pytestmark = [pytest.mark.models, pytest.mark.disable_socket]

FOLDER = WEIGHTS_DIR / "rjdb-cross-encoder-int8"
MANIFEST = json.loads((FOLDER / "manifest.json").read_text(encoding="utf-8"))
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

JOB = (
    "Database administrator. Requirements: Apache Cassandra administration; Linux; "
    "5+ years of database administration; backup and recovery."
)
CVS = {
    "full": (
        "Database administrator since 2015.\n"
        "Administered Apache Cassandra clusters of 60 nodes.\n"
        "Linux (Red Hat) servers, shell scripting.\n"
        "Designed backup and recovery for every cluster."
    ),
    "near-miss": (
        "Database administrator since 2022.\n"
        "Linux (Red Hat) servers, shell scripting.\n"
        "Designed backup and recovery for every cluster."
    ),
    "unrelated": "Head chef since 2012.\nRan a restaurant kitchen of 12 cooks.",
}


def test_the_manifest_lists_every_file_and_its_data_licence() -> None:
    files = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(FOLDER.iterdir())
        if p.name != "manifest.json"
    }
    assert files == MANIFEST["files"]
    assert MANIFEST["kind"] == "cross-encoder"
    assert "CC BY-SA 4.0" in MANIFEST["licence"]
    assert all("Megagon Labs" in source["attribution"] for source in MANIFEST["data"])
    assert MANIFEST["default_for"] == []  # opt-in: it did not meet the target
    assert MANIFEST["held_out"]
    assert (Path(__file__).resolve().parents[2] / MANIFEST["recipe"]).is_file()
    assert sum(p.stat().st_size for p in FOLDER.iterdir()) <= 12 * 2**20  # ce's share


def test_the_shipped_file_loads_without_a_tokenizer_of_its_own() -> None:
    assert is_onnx_cross_encoder(FOLDER)
    settings = load_rerank_settings(FOLDER)
    assert settings is not None
    assert settings.input == "evidence"
    assert settings.fusion_weight is not None


def test_rank_with_the_shipped_stage_is_deterministic_and_ordered(tmp_path: Path) -> None:
    engine = Engine(Settings(cache_dir=tmp_path / "cache", models_dir=tmp_path / "models"))
    job = engine.parse_text(JOB, DocumentKind.JOB, "job")
    cvs = [engine.parse_text(text, DocumentKind.CV, name) for name, text in CVS.items()]
    stages = Stages(rerank=str(FOLDER))
    first = engine.rank(job, cvs, stages=stages)
    again = engine.rank(job, cvs, stages=stages)
    assert [(m.cv_id, m.score) for m in first.matches] == [
        (m.cv_id, m.score) for m in again.matches
    ]
    assert [m.cv_id for m in first.matches] == ["full", "near-miss", "unrelated"]
    assert all(m.stages and m.stages[-1].calibration == "stored" for m in first.matches)
    # The fused, re-calibrated scores keep the first stage's order here and stay on 0-100.
    assert [round(m.score) for m in first.matches] == [75, 39, 1]


def test_the_model_alone_gives_its_reference_logits() -> None:
    # Reference logits of the shipped file on the export machine. The model alone barely
    # separates these hand-written views (its validation pairwise accuracy is 0.81): the stage's
    # order comes from the fusion with the first stage. The tolerance covers int8 kernels of other
    # CPU families (docs/benchmarks/cross-encoder.md).
    model = OnnxCrossEncoder(FOLDER, 256, threads=2)
    asked = "Apache Cassandra administration; Linux; 5+ years of database administration"
    logits = model(
        [asked] * 3,
        [
            "Administered Apache Cassandra clusters of 60 nodes. | Linux (Red Hat) servers",
            "Linux (Red Hat) servers",
            "Ran a restaurant kitchen of 12 cooks.",
        ],
    )
    assert np.allclose(logits, [-1.2593, -1.2225, -1.2720], atol=0.02)
