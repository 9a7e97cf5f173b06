"""Replay of a simulated recruiter: does learning from decisions beat the star blend?

Protocol, fixed before any result was looked at:

* **Data.** TalentCLEF 2025 task A, English validation (105 job-title queries, 2,619 titles,
  binary expert qrels, ~23 relevant per query): each query is a "job", its candidates the
  ``POOL`` = 100 corpus titles the engine's English encoder (``Settings.english_encoder``) ranks
  highest, gold = the qrels. RJDB dev was the first choice but has one matched CV per job (its
  "group" is a triple): after the recruiter's first shortlist nothing relevant remains, so a
  per-job curve cannot be measured there (see docs/benchmarks/feedback.md).
* **Features and scores** are the product's: ``Engine.matrix`` (default settings) scores each
  (query, candidate) pair; the features are :mod:`cvmatch.scoring.match_features` of the
  returned :class:`~cvmatch.types.Match`; the star blend's vectors come from
  ``Settings.feedback_encoder`` (``Engine.embed``). Cached in ``bench/out/``.
* **Recruiter policy.** The recruiter reviews the candidates top-down in the order of the initial
  ranking (job score, ties by id), the same order for every method, so after k decisions every
  method ranks the same remaining candidates (a paired comparison). A gold-relevant candidate is
  shortlisted *and* starred, any other rejected. Every shortlist is a star (no
  ``Settings.max_stars`` cap: a stronger baseline than the product's 5 stars).
* **Methods.** ``none``: the job score; ``star``: :func:`cvmatch.scoring.feedback.rerank` with
  ``Settings.star_weight`` (0.5) over the starred candidates; ``learned``:
  :func:`cvmatch.scoring.feedback_ranker.feedback_rerank` with its defaults
  (``FeedbackLearner()``: ``min_decisions`` 10, ``l2_c`` 1.0, ``learned_weight`` 0.5,
  balanced class weights), the star blend below 10 decisions.
* **Metrics.** After k ∈ {0, 5, 10, 20, 50} decisions: nDCG@10 and precision@10 of the
  remaining (undecided) candidates, ranked by each method; queries with no relevant candidate
  left are skipped at that k (for all methods; counts reported). 95 % bootstrap CIs over queries
  and paired CIs of the differences (1,000 resamples, seed 0).
* **Target.** learned − star nDCG@10 at k = 20 with a paired CI above 0.

Run (from the repository root; ~5 min on 2 busy cores the first time, seconds from the cache):
  PYTHONPATH=$PWD/src nice python -m bench.quality.feedback_replay --data /work/shared/data
"""

import argparse
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, OUT, git_commit, load_average, machine, write_json
from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci, evaluate_run, paired_bootstrap_ci
from cvmatch.evaluation.datasets.talentclef import load_talentclef_en_validation
from cvmatch.scoring.feedback import order, rerank
from cvmatch.scoring.feedback_ranker import FeedbackLearner, JobFeedback, feedback_rerank
from cvmatch.scoring.match_features import MATCH_FEATURES, feature_table
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

POOL = 100
CHECKPOINTS = (0, 5, 10, 20, 50)
METHODS = ("none", "star", "learned")
METRICS = ("ndcg@10", "p@10")
LEARNER = FeedbackLearner()
CACHE = OUT / "feedback_replay_talentclef.npz"


@dataclass(frozen=True)
class Pool:
    """One query's candidates (rows aligned)."""

    qid: str
    ids: np.ndarray
    gold: np.ndarray
    scores: np.ndarray
    features: np.ndarray
    vectors: np.ndarray


def build_pools(data_dir: Path, settings: Settings) -> list[Pool]:
    """Score each query's top-``POOL`` titles with the engine (the slow part)."""
    task = load_talentclef_en_validation(data_dir)
    engine = Engine(settings)
    corpus_ids = sorted(task.corpus, key=int)
    corpus_docs = [engine.parse_text(task.corpus[c], DocumentKind.CV, c) for c in corpus_ids]
    _, first = engine.embed(corpus_docs, settings.english_encoder)
    _, feedback = engine.embed(corpus_docs, settings.feedback_encoder)
    pools = []
    for qid in sorted(task.qrels, key=int):
        job = engine.parse_text(task.queries[qid], DocumentKind.JOB, f"q{qid}")
        _, query_vector = engine.embed([job], settings.english_encoder)
        rows = np.argsort(-(first @ query_vector[0]), kind="stable")[:POOL]
        rows = np.sort(rows)  # id order: the engine ranks them, not this retrieval
        matches = engine.matrix([job], [corpus_docs[r] for r in rows])[0]
        ids = np.asarray([int(corpus_ids[r]) for r in rows], dtype=np.int64)
        judged = task.qrels[qid]
        gold = np.asarray([int(judged.get(corpus_ids[r], 0) > 0) for r in rows])
        scores = np.asarray([m.score for m in matches], dtype=np.float64)
        pools.append(Pool(qid, ids, gold, scores, feature_table(matches), feedback[rows]))
        print(f"query {qid}: {int(gold.sum())} relevant in the pool", flush=True)
    return pools


def save_pools(pools: list[Pool], path: Path) -> None:
    """One npz: per query ``<qid>.<field>`` arrays."""
    arrays = {"qids": np.asarray([p.qid for p in pools])}
    for p in pools:
        for name in ("ids", "gold", "scores", "features", "vectors"):
            arrays[f"{p.qid}.{name}"] = getattr(p, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(path, **arrays)


def load_pools(path: Path) -> list[Pool]:
    """Pools written by :func:`save_pools`."""
    with np.load(path) as a:
        return [
            Pool(
                str(q),
                a[f"{q}.ids"],
                a[f"{q}.gold"],
                a[f"{q}.scores"],
                a[f"{q}.features"],
                a[f"{q}.vectors"],
            )
            for q in a["qids"]
        ]


def method_scores(pool: Pool, decided: np.ndarray, method: str, star_weight: float) -> np.ndarray:
    """0-100 scores of every candidate after the ``decided`` rows' decisions."""
    starred = [int(r) for r in decided if pool.gold[r] == 1]
    if method == "none":
        return pool.scores
    if method == "star":
        return rerank(pool.scores, pool.vectors, starred, star_weight).scores
    labels = {int(r): int(pool.gold[r]) for r in decided}
    job = JobFeedback(pool.scores, pool.vectors, pool.features, MATCH_FEATURES, labels, starred)
    return feedback_rerank(job, star_weight, LEARNER).scores


def replay(pools: list[Pool], star_weight: float) -> dict[int, dict[str, dict[str, np.ndarray]]]:
    """Per checkpoint and method, per-query metric values over the remaining candidates."""
    results: dict[int, dict[str, dict[str, np.ndarray]]] = {}
    for k in CHECKPOINTS:
        qrels: dict[str, dict[str, int]] = {}
        runs: dict[str, dict[str, dict[str, float]]] = {m: {} for m in METHODS}
        for pool in pools:
            review = order(pool.scores, pool.ids)
            decided, remaining = review[:k], np.sort(review[k:])
            qrels[pool.qid] = {str(pool.ids[r]): int(pool.gold[r]) for r in remaining}
            for method in METHODS:
                scores = method_scores(pool, decided, method, star_weight)
                runs[method][pool.qid] = {str(pool.ids[r]): float(scores[r]) for r in remaining}
        results[k] = {}
        for method in METHODS:
            evaluation = evaluate_run(runs[method], qrels, METRICS)
            results[k][method] = {m: evaluation[m] for m in METRICS}
            results[k][method]["queries"] = np.asarray([len(evaluation.query_ids)])
    return results


def summarise(results: dict[int, dict[str, dict[str, np.ndarray]]]) -> dict[str, object]:
    """Means, CIs and paired differences, printed and returned for the JSON file."""
    summary: dict[str, object] = {}
    for k, by_method in results.items():
        row: dict[str, object] = {"queries": int(by_method["none"]["queries"][0])}
        for metric in METRICS:
            for method in METHODS:
                ci = bootstrap_ci(by_method[method][metric], seed=0)
                row[f"{method} {metric}"] = [ci.mean, ci.low, ci.high]
            for base in ("star", "none"):
                d = paired_bootstrap_ci(
                    by_method["learned"][metric], by_method[base][metric], seed=0
                )
                row[f"learned-{base} {metric}"] = [d.mean, d.low, d.high]
        summary[str(k)] = row
        print(f"k={k}: " + "; ".join(f"{n} {_fmt(v)}" for n, v in row.items()), flush=True)
    return summary


def _fmt(value: object) -> str:
    if isinstance(value, list):
        return f"{value[0]:.3f} [{value[1]:.3f}, {value[2]:.3f}]"
    return str(value)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    parser.add_argument("--out", type=Path, default=OUT / "feedback_replay.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    settings = Settings()
    started = time.perf_counter()
    if CACHE.exists():
        pools = load_pools(CACHE)
    else:
        pools = build_pools(args.data, settings)
        save_pools(pools, CACHE)
    built = time.perf_counter() - started
    summary = summarise(replay(pools, settings.star_weight))
    write_json(
        args.out,
        {
            "dataset": "talentclef_en_validation",
            "pool": POOL,
            "queries": len(pools),
            "relevant_in_pools": int(sum(int(p.gold.sum()) for p in pools)),
            "learner": vars(LEARNER),
            "star_weight": settings.star_weight,
            "english_encoder": settings.english_encoder,
            "feedback_encoder": settings.feedback_encoder,
            "checkpoints": summary,
            "features_seconds": built,
            "total_seconds": time.perf_counter() - started,
            "load_average": load_average(),
            "commit": git_commit(),
            **machine(),
        },
    )


if __name__ == "__main__":
    main()
