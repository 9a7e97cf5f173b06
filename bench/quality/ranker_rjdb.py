"""RJDB dev: a trained ranker against ``hybrid`` (report half) or the hand-set weights (recipe split).

Two protocols:

* **report half** (default; docs/benchmarks/defaults.md): the shipped or trained ranker as a
  ``--ranker`` stage through ``Engine.rank`` (the code path of ``cvmatch rank --ranker NAME`` and
  of ``-m hybrid+ranker:NAME``) on the report half of ``make bench-requirements``' seeded split,
  which the ranker never trained on. Pairwise: per triple the job ranks its matched CV and its
  near miss, a win is the matched CV's shown score strictly above the near miss's. Ranking: the
  job ranks its matched CV, its near miss and ``--pool - 2`` CVs of other report-half triples
  (seeded sample, seed 0, as ``bench.quality.cross_encoder_rjdb``); MRR, nDCG@10 and
  precision@1 of the matched CV. ``hybrid``'s figures come from the same calls (each match's
  stage effect keeps its score and rank before the stage); paired bootstrap over triples
  (1,000 resamples, seed 0). The calibration half is never read.
* **recipe split** (``--recipe``): the recipe's own grouped test triples, strict pairwise
  accuracy of the RankNet model's features against the engine's product score.

Run: nice -n 10 .venv/bin/python -m bench.quality.ranker_rjdb --ranker rjdb-ranknet
     CVMATCH_MODELS_DIR=models nice -n 10 .venv/bin/python -m bench.quality.ranker_rjdb \
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
from bench.quality.ranker_report import report_half
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
    parser.add_argument("--recipe", type=Path, default=None, help="recipe-split protocol")
    parser.add_argument("--ranker", required=True, help="shipped name, name@vN or folder")
    parser.add_argument("--pool", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", type=Path, default=OUT / "ranker_rjdb.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    if args.recipe is None:
        write_json(args.out, report_half(args.ranker, args.pool))
        return
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
