"""Replay of a simulated recruiter: does learning from decisions beat the star blend?

Protocol (fixed before any figure of this version; the reference is docs/benchmarks/feedback.md):

* **Data.** Three labelled sets, one "job" per query, pools built by
  :mod:`bench.quality.feedback_pools` (TalentCLEF EN validation titles, RJDB dev groups of the
  40 nearest triples, Hahu dev ads with other ads' CV-like sentences). Each set's jobs are split
  in halves by a hash (:func:`bench.quality.feedback_pools.half`): the learners are developed on
  the ``dev`` halves only; the ``report`` halves are run once per candidate.
* **Features and scores** are the product's: ``Engine.matrix`` (default settings) scores each
  pair; the learners read the stored match features, the per-requirement status and the
  feedback encoder's vectors (``Engine.embed``). Cached in ``bench/out/``.
* **Recruiter policy.** The recruiter reviews the candidates top-down in the order of the initial
  ranking (job score, ties by id), the same order for every method, so after k decisions every
  method ranks the same remaining candidates (a paired comparison). A gold-relevant candidate is
  shortlisted *and* starred, any other rejected (no ``Settings.max_stars`` cap).
* **Methods.** ``none``: the job score; ``star``: the star blend
  (:func:`cvmatch.scoring.feedback.rerank`, ``Settings.star_weight``); the three candidate
  learners of :func:`cvmatch.scoring.feedback_ranker.feedback_rerank`, each from 10 decisions
  (the star blend below): ``logistic`` (the first learner), ``rocchio`` and ``pairwise``.
* **Metrics.** After k ∈ {0, 5, 10, 20, 50} decisions: nDCG@10 and precision@10 of the
  remaining candidates, ranked by each method; jobs with no relevant candidate left are skipped
  at that k (for all methods; counts reported). 95 % bootstrap CIs over jobs and paired CIs of
  each learner minus the star blend (1,000 resamples, seed 0).
* **Target.** learner − star nDCG@10 at k = 20 with a paired CI above 0.

Run (from the repository root; the pools take minutes the first time, seconds from the cache):
  PYTHONPATH=$PWD/src nice python -m bench.quality.feedback_replay --split report
"""

import argparse
import logging
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, OUT, git_commit, load_average, machine, write_json
from bench.quality.feedback_pools import BUILDERS, SETS, Pool, half, load_pools, save_pools
from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci, evaluate_run, paired_bootstrap_ci
from cvmatch.scoring.feedback import order, rerank
from cvmatch.scoring.feedback_ranker import FeedbackLearner, JobFeedback, feedback_rerank
from cvmatch.scoring.match_features import MATCH_FEATURES
from cvmatch.settings import Settings

CHECKPOINTS = (0, 5, 10, 20, 50)
LEARNERS = {
    "logistic": FeedbackLearner(method="logistic"),
    "rocchio": FeedbackLearner(method="rocchio", l2=100.0),
    "pairwise": FeedbackLearner(method="pairwise", l2=100.0),
}
METHODS = ("none", "star", *LEARNERS)
METRICS = ("ndcg@10", "p@10")

Results = dict[int, dict[str, dict[str, np.ndarray]]]


def method_scores(
    pool: Pool, decided: np.ndarray, learner: FeedbackLearner | str, star_weight: float
) -> np.ndarray:
    """0-100 scores of every candidate after the ``decided`` rows' decisions."""
    starred = [int(r) for r in decided if pool.gold[r] == 1]
    if learner == "none":
        return pool.scores
    if learner == "star":
        return rerank(pool.scores, pool.vectors, starred, star_weight).scores
    if isinstance(learner, str):
        raise ValueError(f"unknown method {learner!r}; known: {METHODS}")
    labels = {int(r): int(pool.gold[r]) for r in decided}
    job = JobFeedback(
        pool.scores, pool.vectors, pool.features, MATCH_FEATURES, labels, starred, pool.status
    )
    return feedback_rerank(job, star_weight, learner).scores


def replay(
    pools: list[Pool], methods: dict[str, FeedbackLearner | str], star_weight: float
) -> Results:
    """Per checkpoint and method, per-job metric values over the remaining candidates."""
    results: Results = {}
    for k in CHECKPOINTS:
        qrels: dict[str, dict[str, int]] = {}
        runs: dict[str, dict[str, dict[str, float]]] = {m: {} for m in methods}
        for pool in pools:
            review = order(pool.scores, pool.ids)
            decided, remaining = review[:k], np.sort(review[k:])
            qrels[pool.qid] = {str(pool.ids[r]): int(pool.gold[r]) for r in remaining}
            for name, learner in methods.items():
                scores = method_scores(pool, decided, learner, star_weight)
                runs[name][pool.qid] = {str(pool.ids[r]): float(scores[r]) for r in remaining}
        results[k] = {}
        for name in methods:
            evaluation = evaluate_run(runs[name], qrels, METRICS)
            results[k][name] = {m: evaluation[m] for m in METRICS}
            results[k][name]["queries"] = np.asarray([len(evaluation.query_ids)])
    return results


def summarise(results: Results, label: str) -> dict[str, object]:
    """Means, CIs and paired differences to the star blend, printed and returned."""
    summary: dict[str, object] = {}
    for k, by_method in results.items():
        row: dict[str, object] = {"queries": int(by_method["star"]["queries"][0])}
        for metric in METRICS:
            for method, values in by_method.items():
                ci = bootstrap_ci(values[metric], seed=0)
                row[f"{method} {metric}"] = [ci.mean, ci.low, ci.high]
            for method in by_method:
                if method in {"none", "star"}:
                    continue
                d = paired_bootstrap_ci(
                    by_method[method][metric], by_method["star"][metric], seed=0
                )
                row[f"{method}-star {metric}"] = [d.mean, d.low, d.high]
        summary[str(k)] = row
        print(f"{label} k={k}: " + "; ".join(f"{n} {_fmt(v)}" for n, v in row.items()), flush=True)
    return summary


def _fmt(value: object) -> str:
    if isinstance(value, list):
        return f"{value[0]:.3f} [{value[1]:.3f}, {value[2]:.3f}]"
    return str(value)


def pools_of(name: str, data_dir: Path, settings: Settings) -> list[Pool]:
    """The set's pools, from the cache or built (and cached) by the engine."""
    cache = OUT / f"feedback_replay_{name}.npz"
    if not cache.exists():
        save_pools(BUILDERS[name](data_dir, Engine(settings), settings), cache)
    return load_pools(cache)


def _methods(names: list[str], l2: float | None) -> dict[str, FeedbackLearner | str]:
    """The methods to run; on dev, the learners with another ``l2`` (``None``: as fixed)."""
    chosen: dict[str, FeedbackLearner | str] = {}
    for name in names:
        learner = LEARNERS.get(name)
        if learner is None:
            chosen[name] = name
        else:
            chosen[name] = learner if l2 is None else replace(learner, l2=l2)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--split", choices=("dev", "report"), required=True)
    parser.add_argument("--sets", default=",".join(SETS))
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument(
        "--l2", type=float, default=None, help="dev only: override the learners' l2"
    )
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    if args.l2 is not None and args.split == "report":
        parser.error("--l2 is for the dev split; the report uses the fixed learners")
    logging.basicConfig(level=logging.ERROR)
    settings = Settings()
    started = time.perf_counter()
    report: dict[str, object] = {}
    for name in args.sets.split(","):
        methods = _methods(args.methods.split(","), args.l2)
        pools = [p for p in pools_of(name, args.data, settings) if half(name, p.qid) == args.split]
        results = replay(pools, methods, settings.star_weight)
        report[name] = {"jobs": len(pools), "checkpoints": summarise(results, name)}
    write_json(
        args.out or OUT / f"feedback_replay_{args.split}.json",
        {
            "split": args.split,
            "sets": report,
            "learners": {n: vars(m) for n, m in methods.items() if isinstance(m, FeedbackLearner)},
            "star_weight": settings.star_weight,
            "english_encoder": settings.english_encoder,
            "feedback_encoder": settings.feedback_encoder,
            "total_seconds": time.perf_counter() - started,
            "load_average": load_average(),
            "commit": git_commit(),
            **machine(),
        },
    )


if __name__ == "__main__":
    main()
