"""The report-half protocol of ``bench.quality.ranker_rjdb`` (docs/benchmarks/defaults.md).

A ``--ranker`` stage against ``hybrid`` on the RJDB dev report half, both read from one
``Engine.rank(…, stages=Stages(ranker=NAME))`` call per list: the ranker re-scores every
candidate, so each match's stage effect holds ``hybrid``'s score and rank before the stage.
"""

import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR
from bench.quality.cross_encoder_pairs import triples
from bench.quality.cross_encoder_rjdb import metrics, summarise
from bench.quality.requirements_rjdb import REFERENCE
from cvmatch.engine import Engine, Stages
from cvmatch.evaluation.datasets.rjdb import rjdb_halves
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Ranking, StageEffect


def effect(ranking: Ranking, cv_id: str) -> StageEffect:
    """The ranker's effect on ``cv_id`` (``hybrid``'s score and rank before it)."""
    match = next(m for m in ranking.matches if m.cv_id == cv_id)
    if not match.stages:
        raise SystemExit(f"{cv_id} was not re-scored by the stage")
    return match.stages[-1]


def _pool(
    engine: Engine, texts: list[tuple[str, str, str]], others: list[int], picks: list[int]
) -> list[Document]:
    """CVs of other report-half triples: pick ``p`` is triple ``p // 2``, matched if even."""
    return [
        engine.parse_text(
            texts[others[p // 2]][1 + p % 2], DocumentKind.CV, f"cv-{others[p // 2]}-{1 - p % 2}"
        )
        for p in picks
    ]


def report_half(ranker: str, pool: int) -> dict[str, object]:
    """Run the protocol for ``ranker`` (a shipped name, ``name@vN`` or folder); the results."""
    texts = triples(DATA_DIR)
    _, report = rjdb_halves(len(texts))
    cache = Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
    engine = Engine(Settings(reference_date=REFERENCE, cache_dir=cache))
    stages = Stages(ranker=ranker)
    rng = np.random.default_rng(0)
    start = time.perf_counter()
    wins: dict[str, list[float]] = {"hybrid": [], "staged": []}
    ranks: dict[str, list[dict[str, float]]] = {"hybrid": [], "staged": []}
    model = ""
    for done, g in enumerate(report, start=1):
        job_text, matched, near = texts[g]
        job = engine.parse_text(job_text, DocumentKind.JOB, f"job-{g}")
        pair = [
            engine.parse_text(matched, DocumentKind.CV, f"cv-{g}-1"),
            engine.parse_text(near, DocumentKind.CV, f"cv-{g}-0"),
        ]
        two = engine.rank(job, pair, stages=stages)
        for name, key in (("hybrid", "score_before"), ("staged", "score_after")):
            up, down = (getattr(effect(two, f"cv-{g}-{x}"), key) for x in (1, 0))
            wins[name].append(float(up > down))
        others = [t for t in report if t != g]
        picks = rng.choice(len(others) * 2, size=pool - 2, replace=False)
        full = engine.rank(
            job, pair + _pool(engine, texts, others, sorted(picks.tolist())), stages=stages
        )
        found = effect(full, f"cv-{g}-1")
        model = found.model
        ranks["hybrid"].append(metrics(found.rank_before))
        ranks["staged"].append(metrics(found.rank_after))
        if done % 25 == 0:
            print(f"  {done}/{len(report)} {time.perf_counter() - start:.0f} s", file=sys.stderr)
    result: dict[str, object] = {
        "ranker": ranker,
        "model": model,
        "report_triples": len(report),
        "pairwise_accuracy": summarise(wins["hybrid"], wins["staged"]),
        "ranking_pool": pool,
        "ranking": {
            key: summarise([r[key] for r in ranks["hybrid"]], [r[key] for r in ranks["staged"]])
            for key in ("mrr", "ndcg@10", "p@1")
        },
        "load_average": os.getloadavg(),
        "seconds": round(time.perf_counter() - start, 1),
    }
    print(json.dumps(result, indent=2))
    return result
