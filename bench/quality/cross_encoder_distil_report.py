"""The distilled student inside ``hybrid`` vs ``hybrid`` on the RJDB dev report half (one look).

Amendment 6 of docs/benchmarks/cross-encoder.md. The student is the int8 export of the
margin-MSE bi-encoder (``bench.quality.cross_encoder_distil export``); ``hybrid`` is the
default engine (English dense encoder ``minilm-int8``). Both rank the same parsed documents
through ``Engine.rank``, with the protocol's own pieces (:mod:`bench.quality.cross_encoder_rjdb`:
the pool of 30 per triple, the per-rank metrics, the paired bootstrap):

* **pairwise**: per report-half triple, the matched CV's shown score strictly above the near
  miss's, each engine ranking the two alone;
* **ranking**: MRR, nDCG@10 and precision@1 of the matched CV in the triple's pool of 30;
* **dense only**: the student's cosine(job, matched CV) strictly above cosine(job, near miss),
  against ``minilm-int8``'s (texts chunked and pooled as inside ``hybrid``).

The calibration half is never read.

    nice -n 10 python -m bench.quality.cross_encoder_distil_report --student FOLDER --out FILE
"""

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, write_json
from bench.quality.cross_encoder_pairs import rjdb_halves, triples
from bench.quality.cross_encoder_rjdb import metrics, summarise, task_of
from bench.quality.requirements_rjdb import REFERENCE
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.shipped import ShippedEncoder
from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import Document, Ranking

BASE_ENCODER = "minilm-int8"


def engines(student: Path) -> tuple[Engine, Engine, str]:
    """(default ``hybrid``, ``hybrid`` over the student, the student's name)."""
    cache = Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
    encoder = ShippedEncoder(student, threads=1)
    base = Engine(Settings(reference_date=REFERENCE, cache_dir=cache))
    studied = Engine(
        Settings(reference_date=REFERENCE, cache_dir=cache, english_encoder=encoder.name),
        encoders={encoder.name: encoder},
    )
    return base, studied, encoder.name


def position(ranking: Ranking, cv_id: str) -> int:
    """1-based rank of ``cv_id`` in the returned order."""
    return next(i for i, m in enumerate(ranking.matches, start=1) if m.cv_id == cv_id)


def pair_win(engine: Engine, job: Document, pair: list[Document]) -> float:
    """1.0 when the matched CV (``pair[0]``) scores strictly above the near miss (shown scores)."""
    scores = {m.cv_id: m.score for m in engine.rank(job, pair).matches}
    return float(scores[pair[0].id] > scores[pair[1].id])


def dense_win(encoder: DenseEncoder, job: str, matched: str, near: str) -> float:
    """1.0 when cosine(job, matched) > cosine(job, near miss) under ``encoder``."""
    query = encoder.encode([job], role="query")[0]
    cvs = encoder.encode([matched, near], role="passage")
    return float(query @ cvs[0] > query @ cvs[1])


def run(student: Path, pool: int, stop_after: float | None) -> dict[str, object]:
    """Every measurement of the module docstring (a prefix of the half if ``stop_after``)."""
    texts = triples(DATA_DIR)
    _, report = rjdb_halves(len(texts))
    base, studied, name = engines(student)
    systems = {"hybrid": base, "student": studied}
    dense = {"hybrid": base.encoder(BASE_ENCODER), "student": studied.encoder(name)}
    rng = np.random.default_rng(0)
    wins: dict[str, list[float]] = {"hybrid": [], "student": []}
    cosine_wins: dict[str, list[float]] = {"hybrid": [], "student": []}
    ranks: dict[str, list[dict[str, float]]] = {"hybrid": [], "student": []}
    start = time.perf_counter()
    for done, g in enumerate(report, start=1):
        if stop_after is not None and time.perf_counter() - start > stop_after:
            break
        job, docs = task_of(base, texts, report, g, (rng, pool))
        for key, engine in systems.items():
            wins[key].append(pair_win(engine, job, docs[:2]))
            ranks[key].append(metrics(position(engine.rank(job, docs), f"cv-{g}-1")))
            cosine_wins[key].append(dense_win(dense[key], *texts[g]))
        if done % 25 == 0:
            print(f"  {done}/{len(report)} {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return {
        "student": str(student),
        "student_model_id": dense["student"].model_id,
        "report_triples": len(report),
        "triples_done": len(wins["hybrid"]),
        "pairwise_accuracy": _named(summarise(wins["hybrid"], wins["student"])),
        "ranking_pool": pool,
        "ranking": {
            key: _named(
                summarise([r[key] for r in ranks["hybrid"]], [r[key] for r in ranks["student"]])
            )
            for key in ("mrr", "ndcg@10", "p@1")
        },
        "dense_pairwise_accuracy": _named(summarise(cosine_wins["hybrid"], cosine_wins["student"])),
        "load_average": os.getloadavg(),
        "seconds": round(time.perf_counter() - start, 1),
    }


def _named(summary: dict[str, object]) -> dict[str, object]:
    """The protocol's summary with its second system called ``student``."""
    return {"hybrid": summary["hybrid"], "student": summary["staged"], "delta": summary["delta"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--student", type=Path, required=True)
    parser.add_argument("--pool", type=int, default=30)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--stop-after",
        type=float,
        default=None,
        help="seconds: stop starting new triples then and report the prefix done",
    )
    args = parser.parse_args()
    result = run(args.student, args.pool, args.stop_after)
    print(json.dumps(result, indent=2))
    if args.out:
        write_json(args.out, result)


if __name__ == "__main__":
    main()
