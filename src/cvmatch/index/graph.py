"""A corpus's neighbour graph: exact up to a size, approximate (faiss HNSW) above it.

Each corpus row's ``k`` nearest *other* rows by inner product. Up to ``exact_limit`` rows the
graph is :func:`cvmatch.index.refined.exact_neighbours` (float64 results, ties by corpus index;
``n²`` multiply-adds). Above it a faiss HNSW graph over the float32 rows finds ``k + MARGIN``
candidates per row in ``n log n`` time, and they are re-scored and ordered in float64 as in the
exact tier, so the lists differ from the exact ones only where HNSW missed a true neighbour.

The HNSW parameters are fixed, not tuned per corpus: ``M = 32`` links per node,
``efConstruction = 80`` and ``efSearch = max(64, 4 × candidates)``. The graph is built on one
OpenMP thread: faiss's parallel insertion depends on thread timing, a single thread makes the
graph (and so every score) the same on every run. ``docs/benchmarks/memory.md`` gives the
size limit's default, the time saved and the change in retrieval quality.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import faiss
import numpy as np

from cvmatch.index.exact import TopK, rescored
from cvmatch.index.refined import (
    MARGIN,
    CorpusRows,
    exact_neighbours,
    neighbours_of,
    rescore_candidates,
)

HNSW_LINKS = 32
"""Links per node (faiss ``M``)."""
EF_CONSTRUCTION = 80
"""Candidate list while a node is inserted."""
_MIN_EF_SEARCH = 64
_SEARCH_ROWS = 8192
"""Rows searched per faiss call (bounds the result arrays of one call)."""


def neighbour_graph(
    corpus: CorpusRows,
    k: int,
    exact_limit: int,
    budget: int | None = None,
    corpus32: np.ndarray | None = None,
) -> TopK:
    """Each row's ``k`` nearest other rows, best first: exact up to ``exact_limit`` rows."""
    if len(corpus) <= exact_limit:
        return exact_neighbours(corpus, k, budget, corpus32)
    return approximate_neighbours(corpus, k, corpus32)


def approximate_neighbours(corpus: CorpusRows, k: int, corpus32: np.ndarray | None = None) -> TopK:
    """HNSW candidates of every row, re-scored in float64 (see the module docstring)."""
    n = len(corpus)
    k = max(0, min(k, n - 1))
    if k == 0:
        return TopK(np.zeros((n, 0), np.int64), np.zeros((n, 0), np.float64))
    vectors = np.ascontiguousarray(corpus.float32() if corpus32 is None else corpus32)
    width = min(k + MARGIN + 1, n)
    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_LINKS, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = EF_CONSTRUCTION
    index.hnsw.efSearch = max(_MIN_EF_SEARCH, 4 * width)
    with _one_thread():
        index.add(vectors)
    indices = np.empty((n, width), dtype=np.int64)
    for first in range(0, n, _SEARCH_ROWS):
        rows = slice(first, first + _SEARCH_ROWS)
        indices[rows] = index.search(vectors[rows], width)[1]
    del index
    return _best_others(corpus, indices, k)


def _best_others(corpus: CorpusRows, indices: np.ndarray, k: int) -> TopK:
    """The ``k`` best float64 candidates of each row, itself and missing (-1) slots excluded."""
    rows = np.arange(len(corpus))
    exact = rescore_candidates(corpus.rows64, rows, np.maximum(indices, 0), corpus)
    exact[(indices < 0) | (indices == rows[:, None])] = -np.inf
    found = rescored(indices, exact, k)
    short = np.flatnonzero(~np.isfinite(found.scores).all(axis=1))
    if len(short):  # HNSW returned fewer than k other rows (rare): those rows searched exactly
        redone = neighbours_of(corpus, short, k)
        found.indices[short], found.scores[short] = redone.indices, redone.scores
    return found


@contextmanager
def _one_thread() -> Iterator[None]:
    """Run faiss on one OpenMP thread inside the block (restored after)."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)
