"""RJDB matched vs near-miss CV: the trained ranker against the engine's hand-set weights.

The recipe's own grouped split (rebuilt with its seed) keeps whole RJDB triples on one side;
only the *test* triples (never trained on nor used for model selection) are scored here. Per
triple the matched CV must score strictly above its near-miss copy (required skills removed,
experience shortened): strict pairwise accuracy, 95 % bootstrap CI over triples and paired
differences (1,000 resamples, seed 0).

Scorers:
* ``engine`` — the product score (``Engine.matrix``): calibrated 0.5 × requirement coverage +
  0.3 × dense + 0.2 × lexical, knock-out cap; the hand-set weights;
* ``dense`` — the ranker's dense feature alone (cosine of ``ranker.dense_model``);
* ``ranker:<name@vN>`` — the trained RankNet model over its features.

Run: CVMATCH_MODELS_DIR=models nice -n 10 .venv/bin/python -m bench.quality.ranker_rjdb \
  --recipe recipes/rjdb-ranker.yaml --ranker rjdb-ranker@v1
"""

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

from bench.common import OUT, write_json
from cvmatch.encoders import DenseEncoder, load_encoder
from cvmatch.encoders.trained import resolve_trained
from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci, paired_bootstrap_ci
from cvmatch.settings import Settings, get_settings
from cvmatch.training.config import load_config
from cvmatch.training.features import FeatureContext, feature_matrix
from cvmatch.training.ranker import Ranker
from cvmatch.training.requirement_features import REFERENCE
from cvmatch.training.runner import prepare
from cvmatch.types import DocumentKind

Score = Callable[[str, Sequence[str], FeatureContext], np.ndarray]


def test_triples(recipe: Path) -> list[tuple[str, str, str]]:
    """(job, matched CV, near-miss CV) of the recipe's test split, in group order."""
    _, splits = prepare(load_config(recipe, "ranker"))
    by_group: dict[str, dict[float, str]] = {}
    jobs: dict[str, str] = {}
    for pair in splits.test:
        by_group.setdefault(pair.group, {})[pair.label] = pair.document
        jobs[pair.group] = pair.query
    return [
        (jobs[g], sides[1.0], sides[0.0])
        for g, sides in sorted(by_group.items())
        if 1.0 in sides and 0.0 in sides
    ]


def engine_wins(triples: list[tuple[str, str, str]]) -> np.ndarray:
    engine = Engine(settings=Settings(reference_date=REFERENCE))
    wins = []
    for i, (job, good, bad) in enumerate(triples):
        j = engine.parse_text(job, DocumentKind.JOB, f"job-{i}")
        cvs = [
            engine.parse_text(t, DocumentKind.CV, f"cv-{i}-{k}") for k, t in enumerate((good, bad))
        ]
        matched, unmatched = engine.matrix([j], cvs, explain=False)[0]
        wins.append(float(matched.score > unmatched.score))
    return np.asarray(wins)


def feature_wins(
    triples: list[tuple[str, str, str]], score: Score, context: FeatureContext
) -> np.ndarray:
    return np.asarray(
        [float(np.greater(*score(job, [good, bad], context))) for job, good, bad in triples]
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipe", type=Path, default=Path("recipes/rjdb-ranker.yaml"))
    parser.add_argument("--ranker", required=True, help="trained ranker, name@vN or folder")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT / "ranker_rjdb.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    OUT.mkdir(exist_ok=True)
    triples = test_triples(args.recipe)
    print(f"{len(triples)} test triples", flush=True)
    folder = resolve_trained(args.ranker, get_settings().trained_models_dir) or Path(args.ranker)
    manifest = json.loads((folder / "cvmatch-model.json").read_text(encoding="utf-8"))
    dense = load_encoder(manifest["config"]["ranker"]["dense_model"], threads=args.threads)
    assert isinstance(dense, DenseEncoder)  # noqa: S101
    context = FeatureContext(dense)
    ranker = Ranker(folder)
    wins: dict[str, np.ndarray] = {}
    timings: dict[str, float] = {}
    scorers: dict[str, Score] = {
        "dense": lambda q, c, ctx: feature_matrix(["dense"], q, c, ctx)[:, 0],
        f"ranker:{args.ranker}": ranker.score,
    }
    for label, score in scorers.items():
        started = time.perf_counter()
        wins[label] = feature_wins(triples, score, context)
        timings[label] = time.perf_counter() - started
    started = time.perf_counter()
    wins["engine"] = engine_wins(triples)
    timings["engine"] = time.perf_counter() - started
    results: dict[str, object] = {"triples": len(triples), "features": list(ranker.features)}
    for label, values in wins.items():
        ci = bootstrap_ci(values, seed=0)
        results[label] = {"mean": ci.mean, "low": ci.low, "high": ci.high, "s": timings[label]}
        print(f"{label}: strict pairwise accuracy {ci.mean:.3f} [{ci.low:.3f}, {ci.high:.3f}]")
    for label in scorers:
        d = paired_bootstrap_ci(wins[label], wins["engine"], seed=0)
        results[f"{label} - engine"] = {"mean": d.mean, "low": d.low, "high": d.high}
        print(f"{label} - engine: {d.mean:+.3f} [{d.low:+.3f}, {d.high:+.3f}]")
    write_json(args.out, results)


if __name__ == "__main__":
    main()
