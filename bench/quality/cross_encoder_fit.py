"""Export the trained RJDB cross-encoder to int8 ONNX and fit its fusion on the validation split.

Steps (protocol: docs/benchmarks/cross-encoder.md):

1. export ``--model`` (the ``CrossEncoder`` folder ``cvmatch train`` registered) to int8 ONNX
   without its word embeddings (:mod:`cvmatch.encoders.cross_encoder_onnx`) into ``--out``,
   with a manifest (kind ``cross-encoder``) so ``--rerank FOLDER`` loads it;
2. rebuild the recipe's splits (same seed) and take its **validation** split only — calibration
   -half triples the trainer did not train on;
3. fit ``w``, ``a``, ``b`` of the fused score there (:func:`cvmatch.scoring.rerank_fusion.
   fit_fusion`) on the ONNX model's logits and the ``hybrid`` scores the pairs builder stored;
4. report the ONNX ↔ torch agreement on those pairs and the validation figures.

    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_fit \
        --model models/rjdb-cross-encoder/v1 --out models/rjdb-cross-encoder-int8/v1
"""

import argparse
import json
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

from bench.common import normalise
from bench.quality.cross_encoder_pairs import DEFAULT_OUT
from cvmatch.encoders.cross_encoder_onnx import OnnxCrossEncoder, export_cross_encoder_int8
from cvmatch.encoders.trained import MANIFEST, read_manifest
from cvmatch.scoring.rerank import EVIDENCE_INPUT
from cvmatch.scoring.rerank_fusion import RerankSettings, fit_fusion, fused_raw
from cvmatch.training.config import load_config
from cvmatch.training.cross_encoder import load_cross_encoder, pair_logits
from cvmatch.training.runner import prepare

RECIPE = Path("recipes/experiments/rjdb-cross-encoder.yaml")


def pairwise(scores: np.ndarray, labels: np.ndarray, groups: list[str]) -> float:
    """Share of (positive, negative) pairs of one group where the positive scores higher."""
    wins = total = 0
    for g in set(groups):
        idx = [i for i, x in enumerate(groups) if x == g]
        for i in idx:
            for j in idx:
                if labels[i] > 0 and labels[j] <= 0:
                    total += 1
                    wins += scores[i] > scores[j]
    return wins / total if total else float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    config = load_config(RECIPE)
    start = time.perf_counter()
    export_cross_encoder_int8(args.model, args.out, shared_embeddings=True)
    if (args.model / MANIFEST).is_file():
        manifest = read_manifest(args.model)
    else:  # the trainer's best checkpoint (a run stopped early): the manifest the registry writes
        manifest = {
            "format": 1,
            "kind": "cross-encoder",
            "encoder": None,
            "base_model": config.base_model,
            "max_length": config.max_length,
            "config": json.loads(config.model_dump_json()),
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    manifest |= {
        "name": args.out.parent.name,
        "version": 1,
        "format": "onnx-int8",
        "input": EVIDENCE_INPUT,
    }
    manifest["trained_as"] = str(args.model)
    (args.out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    exported = time.perf_counter() - start
    hybrid = {}
    for line in DEFAULT_OUT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        hybrid[(normalise(row["jd"]), normalise(row["resume"]))] = float(row["hybrid"])
    _, splits = prepare(config)
    pairs = splits.validation
    queries = [p.query for p in pairs]
    documents = [p.document for p in pairs]
    first = np.array([hybrid[(normalise(p.query), normalise(p.document))] for p in pairs])
    labels = np.array([p.label for p in pairs], dtype=np.float64)
    groups = [p.group for p in pairs]
    onnx = OnnxCrossEncoder(args.out, config.max_length, threads=1)
    t = time.perf_counter()
    logits = onnx(queries, documents)
    onnx_seconds = time.perf_counter() - t
    torch_logits = pair_logits(
        load_cross_encoder(str(args.model), config.max_length, False), config.max_length
    )(queries, documents)
    weight, calibration = fit_fusion(
        first,
        logits,
        labels,
        f"validation split of {RECIPE} ({len(pairs)} pairs, int8 ONNX logits)",
    )
    calibration.save(args.out)
    RerankSettings(EVIDENCE_INPUT, weight, calibration.fitted_on).save(args.out)
    fused = fused_raw(first, logits, weight)
    rho = spearmanr(logits, torch_logits).statistic
    result = {
        "validation_pairs": len(pairs),
        "validation_groups": len(set(groups)),
        "fusion_weight": weight,
        "calibration": {"a": calibration.a, "b": calibration.b},
        "pairwise_validation": {
            "hybrid": pairwise(first, labels, groups),
            "cross_encoder_int8": pairwise(logits, labels, groups),
            "cross_encoder_fp32": pairwise(torch_logits, labels, groups),
            "fused": pairwise(fused, labels, groups),
        },
        "onnx_vs_torch": {
            "mean_abs_diff": float(np.mean(np.abs(logits - torch_logits))),
            "max_abs_diff": float(np.max(np.abs(logits - torch_logits))),
            "spearman": float(rho),
        },
        "onnx_bytes": (args.out / "model.onnx").stat().st_size,
        "export_seconds": round(exported, 1),
        "onnx_seconds_per_pair": round(onnx_seconds / max(1, len(pairs)), 4),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
