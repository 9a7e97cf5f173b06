"""Could ``titles`` score only each query's candidate list and keep today's results? (issue 25)

``titles`` adds corpus-neighbour smoothing and a hubness term to each corpus title's score, so
every column needs that title's neighbour list: an exact k-NN graph of the corpus, ``n²`` time.
Linear time would mean computing lists only for the titles a query "needs". This bench checks
two ways of choosing them on real ESCO labels (the ``memory_scaling`` task at one size):

* **candidate lists**: each query's top ``C`` titles by the feedback cosine get the full score,
  the others rank below them. Reported: how often a query's top 10 (titles and order) equals the
  exact method's, the union of candidate titles (whose lists must be built) and MAP.
* **a bound**: a title can enter the top 10 only if ``cosine + neighbour_weight · (mean of the
  query's 5 best cosines) − hub_weight · hub(title)`` reaches the exact 10th score, even with the
  true hubness term known (the best case for any bound). Reported: how many titles per query
  pass that test, and their union (lists to build).

Run from the repository root (uses the embedding cache of ``memory_scaling``)::

    PYTHONPATH=$PWD/src CVMATCH_CACHE_DIR=/tmp/memscale/cache \\
        python -m bench.perf.titles_candidates --size 10000 --queries 300
"""

import argparse
import json
import logging
import sys
import tempfile
from pathlib import Path

import numpy as np

from bench.perf.memory_scaling import DATA, write_task
from cvmatch.engine import Engine
from cvmatch.evaluation.formats import read_tsv
from cvmatch.index.exact import top_k_rows
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    corpus_neighbours,
    feedback_queries,
    title_scores,
)

logger = logging.getLogger("bench.perf.titles_candidates")
DEPTHS = (10, 20, 50, 100, 200, 500)


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _average_precision(row: np.ndarray, relevant: np.ndarray) -> float:
    order = np.lexsort((np.arange(len(row)), -row))
    ranks = np.flatnonzero(np.isin(order, relevant)) + 1
    return float(np.mean(np.arange(1, len(ranks) + 1) / ranks)) if len(ranks) else 0.0


def candidate_scores(
    plain: np.ndarray, near: np.ndarray, hub: np.ndarray, depth: int
) -> np.ndarray:
    """Full scores on each row's top ``depth`` of ``plain``; the rest below, in ``plain`` order."""
    out = np.empty_like(plain)
    for i, (row, top) in enumerate(zip(plain, top_k_rows(plain, depth), strict=True)):
        full = row[top] + row[near[top, :5]].mean(axis=1) - hub[top]
        rest = np.ones(len(row), dtype=bool)
        rest[top] = False
        out[i] = row - (row[rest].max() if rest.any() else 0.0) + full.min() - 1e-3
        out[i, top] = full
    return out


def run(size: int, n_queries: int, data: Path) -> dict[str, object]:
    """Exact titles vs candidate lists vs the bound, on one task."""
    task = write_task(Path(tempfile.mkdtemp()) / f"corpus-{size}", data, size, n_queries)
    corpus, queries = read_tsv(task / "C.tsv"), read_tsv(task / "Q.tsv")
    column = {doc: i for i, doc in enumerate(corpus)}
    relevant: dict[str, list[int]] = {}
    for line in (task / "R.tsv").read_text(encoding="utf-8").splitlines():
        qid, _, doc, _ = line.split()
        relevant.setdefault(qid, []).append(column[doc])
    engine = Engine()
    encoder = engine.encoder(engine.settings.english_encoder)
    d = encoder.encode(list(corpus.values()), role="query")
    q = encoder.encode(list(queries.values()), role="query")
    exact = title_scores(q, d, TitleSimilarityParams())
    unit = _unit(d.astype(np.float64))
    plain = feedback_queries(_unit(q.astype(np.float64)), unit, 3, 1.0) @ unit.T
    near, cosines = corpus_neighbours(unit, 10)
    hub = cosines.mean(axis=1)
    ids = list(queries)
    best = top_k_rows(exact, 10)
    result: dict[str, object] = {"size": size, "queries": len(ids)}
    result["exact_map"] = np.mean(
        [_average_precision(exact[i], relevant[ids[i]]) for i in range(len(ids))]
    )
    rows = []
    for depth in DEPTHS:
        scores = candidate_scores(plain, near, hub, depth)
        same = np.mean(
            [np.array_equal(a, b) for a, b in zip(top_k_rows(scores, 10), best, strict=True)]
        )
        rows.append(
            {
                "depth": depth,
                "union": len(np.unique(top_k_rows(plain, depth))),
                "top10_identical": float(same),
                "map": float(
                    np.mean(
                        [_average_precision(scores[i], relevant[ids[i]]) for i in range(len(ids))]
                    )
                ),
            }
        )
    result["candidates"] = rows
    tenth = np.sort(exact, axis=1)[:, -10]
    top5 = np.sort(plain, axis=1)[:, -5:].mean(axis=1)
    passing = plain + top5[:, None] - hub[None, :] >= tenth[:, None]
    counts = passing.sum(axis=1)
    result["bound"] = {
        "per_query_median": float(np.median(counts)),
        "per_query_p90": float(np.percentile(counts, 90)),
        "union": int(passing.any(axis=0).sum()),
    }
    return result


def main() -> None:
    """Parse the options, run, print the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DATA)
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    found = run(options.size, options.queries, options.data)
    sys.stdout.write(json.dumps(found, indent=2, default=float) + "\n")


if __name__ == "__main__":
    main()
