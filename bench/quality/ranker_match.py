"""Train the match-feature RankNet ranker of a recipe (``recipes/rjdb-match-ranker.yaml``).

Builds the ranked lists of the RJDB dev calibration half with ``Engine.rank`` (the pipeline's
own matches, so the features are exactly what ``--ranker`` reads at use time), fits and selects
the model on them (:mod:`cvmatch.training.ranker_match`) and registers it in the trained-model
registry (``CVMATCH_MODELS_DIR``) as ``<name>@vN`` of kind ``match-ranker``. The report half of
the split is never read. Protocol: docs/benchmarks/defaults.md.

    CVMATCH_MODELS_DIR=bench/out/models nice -n 10 .venv/bin/python -m bench.quality.ranker_match \
        --recipe recipes/rjdb-match-ranker.yaml
"""

import argparse
import hashlib
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

from bench.common import DATA_DIR
from bench.quality.cross_encoder_pairs import triples
from cvmatch.engine import Engine
from cvmatch.evaluation.datasets.rjdb import rjdb_halves
from cvmatch.scoring.match_features import MATCH_FEATURES, feature_table
from cvmatch.settings import Settings, get_settings
from cvmatch.training.feedback_train import save_linear
from cvmatch.training.model_registry import register
from cvmatch.training.ranker_match import KIND, MatchList, train_match_ranker
from cvmatch.types import DocumentKind

RJDB = DATA_DIR / "rjdb" / "rjdb_dev.jsonl"


def calibration_lists(
    engine: Engine, texts: list[tuple[str, str, str]], half: list[int], pool: int, seed: int
) -> tuple[dict[int, MatchList], dict[int, MatchList]]:
    """Per calibration-half triple: its job ranked over matched, near miss and others; and the
    (matched, near miss) rows alone."""
    rng = np.random.default_rng(seed)
    lists, pairs = {}, {}
    for done, g in enumerate(half, start=1):
        job_text, matched, near = texts[g]
        job = engine.parse_text(job_text, DocumentKind.JOB, f"job-{g}")
        others = [t for t in half if t != g]
        picks = sorted(rng.choice(len(others) * 2, size=pool - 2, replace=False).tolist())
        cvs = [
            engine.parse_text(matched, DocumentKind.CV, f"cv-{g}-1"),
            engine.parse_text(near, DocumentKind.CV, f"cv-{g}-0"),
        ] + [
            engine.parse_text(
                texts[others[p // 2]][1 + p % 2],
                DocumentKind.CV,
                f"cv-{others[p // 2]}-{1 - p % 2}",
            )
            for p in picks
        ]
        matches = engine.rank(job, cvs).matches
        labels = np.asarray([float(m.cv_id == f"cv-{g}-1") for m in matches])
        lists[g] = MatchList(feature_table(list(matches)), labels)
        pair = [m for m in matches if m.cv_id in {f"cv-{g}-1", f"cv-{g}-0"}]
        pairs[g] = MatchList(
            feature_table(pair), np.asarray([float(m.cv_id.endswith("-1")) for m in pair])
        )
        if done % 25 == 0:
            print(f"  {done}/{len(half)}", file=sys.stderr)
    return lists, pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipe", type=Path, default=Path("recipes/rjdb-match-ranker.yaml"))
    args = parser.parse_args()
    recipe = yaml.safe_load(args.recipe.read_text(encoding="utf-8"))
    data = recipe["data"]
    if (data["source"], data["half"]) != ("rjdb", "calibration"):
        raise SystemExit("only the RJDB calibration half is supported")
    start = time.perf_counter()
    texts = triples(DATA_DIR)
    half, _ = rjdb_halves(len(texts))  # the report half is never read
    order = list(half)
    random.Random(data["seed"]).shuffle(order)  # noqa: S311 - a reproducible split
    cut = round(len(order) * data["validation_fraction"])
    validation, train = sorted(order[:cut]), sorted(order[cut:])
    cache = Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
    engine = Engine(Settings(reference_date=recipe["reference_date"], cache_dir=cache))
    lists, pairs = calibration_lists(engine, texts, half, data["pool"], data["pool_seed"])
    model, report = train_match_ranker(
        [lists[g] for g in train],
        [lists[g] for g in validation],
        MATCH_FEATURES,
        tuple(recipe["l2_grid"]),
        calibrate_on=[pairs[g] for g in validation] if data["calibrate_on"] == "pairs" else None,
    )
    sha = hashlib.sha256(RJDB.read_bytes()).hexdigest()
    extra = {
        "config": recipe,
        "recipe": str(args.recipe),
        "metrics": {
            "val_mrr": report["validation_mrr"],
            "val_pairwise": report["validation_pairwise"],
        },
        "training": report | {"train_triples": train, "validation_triples": validation},
        "data_sha256": sha,
    }
    with tempfile.TemporaryDirectory() as tmp:
        save_linear(model, Path(tmp))
        trained = register(
            Path(tmp),
            get_settings().trained_models_dir,
            name=recipe["name"],
            kind=KIND,
            extra=extra,
        )
    out = {
        "model": trained.model_ref,
        "path": trained.path,
        "seconds": round(time.perf_counter() - start, 1),
    }
    print(json.dumps(out | {"report": report}, indent=2))


if __name__ == "__main__":
    main()
