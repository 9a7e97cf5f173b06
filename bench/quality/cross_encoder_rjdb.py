"""The fused cross-encoder stage vs ``hybrid`` on the RJDB dev report half (one look per model).

Both through ``Engine.rank`` — the code path of ``cvmatch rank JOB CVS [--rerank MODEL]``:

* **pairwise**: per report-half triple, the job ranks its matched CV and its near miss; a win is
  the matched CV's shown score strictly above the near miss's (a tie is no win);
* **ranking**: per report-half triple, the job ranks its matched CV (the one relevant), its near
  miss and ``--pool - 2`` CVs of other report-half triples (seeded sample, seed 0); MRR,
  nDCG@10 and precision@1 of the matched CV in the returned order. The whole list is re-read
  (pool ≤ the stage's top 50), so one ``rank`` call gives both: each match's stage effect keeps
  ``hybrid``'s rank and score before the stage;
* paired bootstrap (1,000 resamples, seed 0) of stage − ``hybrid`` per triple;
* **cost**: the stage's model on one job's 50 candidates (evidence view, int8 ONNX, two
  threads), median of 5 calls after one warm-up, with the load average.

The calibration half is never read. Protocol: docs/benchmarks/cross-encoder.md.

    nice -n 10 .venv/bin/python -m bench.quality.cross_encoder_rjdb --model FOLDER
"""

import argparse
import json
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, write_json
from bench.quality.cross_encoder_pairs import rjdb_halves, triples
from bench.quality.requirements_rjdb import REFERENCE
from cvmatch.encoders.cross_encoder_onnx import OnnxCrossEncoder
from cvmatch.engine import Engine, Stages
from cvmatch.evaluation import bootstrap_ci, paired_bootstrap_ci
from cvmatch.scoring.rerank import rerank_texts
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Ranking, StageEffect


def effect(ranking: Ranking, cv_id: str) -> StageEffect:
    """The cross-encoder stage's effect on ``cv_id`` (hybrid's score/rank before it)."""
    match = next(m for m in ranking.matches if m.cv_id == cv_id)
    if not match.stages:
        raise SystemExit(f"{cv_id} was not re-read: the pool must not exceed the stage's top")
    return match.stages[-1]


def extra_pool(
    engine: Engine, texts: list[tuple[str, str, str]], report: list[int], g: int, n: int
) -> list[Document]:
    """``n`` more CVs (the cost probe's 50-CV list): matched CVs of the next report triples."""
    others = [t for t in report if t != g][-n:]
    return [engine.parse_text(texts[t][1], DocumentKind.CV, f"extra-{t}") for t in others]


def task_of(
    engine: Engine,
    texts: list[tuple[str, str, str]],
    report: list[int],
    g: int,
    sample: tuple[np.random.Generator, int],
) -> tuple[Document, list[Document]]:
    """Triple ``g``'s job and pool: its matched CV (``cv-g-1``), near miss (``cv-g-0``), then
    ``size - 2`` CVs of other report-half triples drawn by ``rng`` (``sample = (rng, size)``)."""
    rng, size = sample
    job_text, matched, near = texts[g]
    job = engine.parse_text(job_text, DocumentKind.JOB, f"job-{g}")
    pair = [
        engine.parse_text(matched, DocumentKind.CV, f"cv-{g}-1"),
        engine.parse_text(near, DocumentKind.CV, f"cv-{g}-0"),
    ]
    others = [t for t in report if t != g]
    picks = rng.choice(len(others) * 2, size=size - 2, replace=False)
    return job, pair + [
        engine.parse_text(
            texts[others[p // 2]][1 + p % 2],
            DocumentKind.CV,
            f"cv-{others[p // 2]}-{1 - p % 2}",
        )
        for p in sorted(picks.tolist())
    ]


def metrics(rank: int) -> dict[str, float]:
    return {
        "mrr": 1.0 / rank,
        "ndcg@10": 1.0 / math.log2(rank + 1) if rank <= 10 else 0.0,
        "p@1": float(rank == 1),
    }


def summarise(base: list[float], staged: list[float]) -> dict[str, object]:
    b = bootstrap_ci(np.array(base), 1000, seed=0)
    s = bootstrap_ci(np.array(staged), 1000, seed=0)
    d = paired_bootstrap_ci(np.array(staged), np.array(base), 1000, seed=0)
    return {
        "hybrid": [round(b.mean, 4), round(b.low, 4), round(b.high, 4)],
        "staged": [round(s.mean, 4), round(s.low, 4), round(s.high, 4)],
        "delta": [round(d.mean, 4), round(d.low, 4), round(d.high, 4)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--pool", type=int, default=30)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--stop-after",
        type=float,
        default=None,
        help="seconds: stop starting new triples then and report the prefix done",
    )
    args = parser.parse_args()
    texts = triples(DATA_DIR)
    _, report = rjdb_halves(len(texts))
    cache = Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
    engine = Engine(Settings(reference_date=REFERENCE, cache_dir=cache))
    stages = Stages(rerank=args.model)
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    wins: dict[str, list[float]] = {"hybrid": [], "staged": []}
    ties = {"hybrid": 0, "staged": 0}
    ranks: dict[str, list[dict[str, float]]] = {"hybrid": [], "staged": []}
    cost_views: list[tuple[str, str]] = []
    done = 0
    for g in report:
        if args.stop_after is not None and time.perf_counter() - start > args.stop_after:
            break
        done += 1
        job_text = texts[g][0]
        job, pool = task_of(engine, texts, report, g, (rng, args.pool))
        pair = pool[:2]
        # One staged call per list: with the whole list re-read (pool <= rerank top), every
        # match carries its stage effect, whose rank/score "before" are hybrid's own.
        two = engine.rank(job, pair, stages=stages)
        for name, key in (("hybrid", "score_before"), ("staged", "score_after")):
            up, down = (getattr(effect(two, f"cv-{g}-{x}"), key) for x in (1, 0))
            wins[name].append(float(up > down))
            ties[name] += up == down
        full = engine.rank(job, pool, stages=stages)
        matched = effect(full, f"cv-{g}-1")
        ranks["hybrid"].append(metrics(matched.rank_before))
        ranks["staged"].append(metrics(matched.rank_after))
        if not cost_views:
            wide = engine.rank(job, pool + extra_pool(engine, texts, report, g, 50 - len(pool)))
            cost_views = [rerank_texts(m, job_text, "") for m in wide.matches[:50]]
        if done % 25 == 0:
            print(f"  {done}/{len(report)} {time.perf_counter() - start:.0f} s", file=sys.stderr)
    seconds = time.perf_counter() - start
    model = OnnxCrossEncoder(Path(args.model), 256, threads=2)
    queries, documents = [v[0] for v in cost_views], [v[1] for v in cost_views]
    model(queries, documents)  # warm-up: loads the session
    timings = []
    for _ in range(5):
        t = time.perf_counter()
        model(queries, documents)
        timings.append(time.perf_counter() - t)
    result = {
        "model": args.model,
        "report_triples": len(report),
        "triples_done": done,
        "pairwise_accuracy": summarise(wins["hybrid"], wins["staged"]),
        "pairwise_ties": ties,
        "ranking_pool": args.pool,
        "ranking": {
            key: summarise([r[key] for r in ranks["hybrid"]], [r[key] for r in ranks["staged"]])
            for key in ("mrr", "ndcg@10", "p@1")
        },
        "stage_seconds_top50": {
            "median": round(float(np.median(timings)), 3),
            "all": [round(x, 3) for x in timings],
        },
        "load_average": os.getloadavg(),
        "seconds": round(seconds, 1),
    }
    print(json.dumps(result, indent=2))
    if args.out:
        write_json(args.out, result)


if __name__ == "__main__":
    main()
