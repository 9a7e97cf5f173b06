"""Exact float64 top-k at float32 cost: faiss finds candidates, float64 re-scores them.

:func:`exact_search` and :func:`exact_neighbours` return what a float64 ``queries @ corpus.T``
and a stable ``argsort`` would (ties: lower corpus index first), without building it:

1. faiss's blocked brute-force search (``faiss.knn``, float32, inner product) keeps the
   ``k + MARGIN`` best candidates of each query: linear memory, BLAS speed, a heap per query
   instead of a partition of the whole row.
2. The candidates are re-scored in float64 from the caller's vectors and re-ranked
   (:func:`cvmatch.index.exact.rescored`).
3. A row is proven when its ``k``-th float64 score beats the last float32 candidate by more than
   the float32 error bound ``(dim + 2) · 2⁻²⁴`` (unit vectors): no other row can then reach its
   top ``k``. The rare row that is not (a tie group wider than the margin, e.g. many duplicate
   titles) is recomputed by the blocked search of :class:`cvmatch.index.exact.ExactIndex`,
   whose ties go by corpus index.

Time is still ``queries x corpus x dim`` multiply-adds; memory is the float32 copy plus lists.
"""

from collections.abc import Callable
from dataclasses import dataclass

import faiss
import numpy as np

from cvmatch.index.exact import ExactIndex, TopK, rescored

MARGIN = 16
"""Candidates kept beyond ``k`` and re-scored in float64 (near-ties at the cut)."""
_GATHER_BYTES = 64 * 1024 * 1024
"""At most this much float64 in one gathered block of candidate rows."""

Rows = Callable[[np.ndarray], np.ndarray]
"""The float64 query rows at some indices."""


class CorpusRows:
    """The caller's corpus vectors: float64 rows on demand, float32 for searches.

    Args:
        vectors: ``(n, dim)`` vectors as given.
        unit: Scale every row to unit length (a zero row stays zero) before use.
    """

    def __init__(self, vectors: np.ndarray, *, unit: bool) -> None:
        self.vectors = vectors
        self.unit = unit
        self._norms: np.ndarray | None = None

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def norms(self, step: int = 16_384) -> np.ndarray:
        """Each row's float64 length (1 for a zero row), computed once."""
        if self._norms is None:
            norms = np.empty(len(self), dtype=np.float64)
            for first in range(0, len(self), step):
                block = self.vectors[first : first + step].astype(np.float64)
                norms[first : first + step] = np.linalg.norm(block, axis=1)
            self._norms = np.where(norms == 0, 1.0, norms)
        return self._norms

    def rows64(self, indices: np.ndarray | slice) -> np.ndarray:
        """The rows at ``indices`` (any shape) in float64, as ``(*indices.shape, dim)``."""
        rows = self.vectors[indices].astype(np.float64)
        if not self.unit:
            return rows
        unit: np.ndarray = rows / self.norms()[indices][..., None]
        return unit

    def float32(self, step: int = 16_384) -> np.ndarray:
        """Every row (unit if asked) in float32, built a block of rows at a time."""
        out = np.empty(self.vectors.shape, dtype=np.float32)
        for first in range(0, len(self), step):
            out[first : first + step] = self.rows64(slice(first, first + step))
        return out


def _candidates(queries: np.ndarray, corpus: np.ndarray, width: int) -> TopK:
    """Faiss's ``width`` best float32 inner products per query (ties in faiss's order)."""
    scores, indices = faiss.knn(
        np.ascontiguousarray(queries, dtype=np.float32),
        np.ascontiguousarray(corpus, dtype=np.float32),
        width,
        metric=faiss.METRIC_INNER_PRODUCT,
    )
    return TopK(indices.astype(np.int64), scores)


def _without(found: TopK, exclude: np.ndarray) -> TopK:
    """Each row's candidates minus its excluded index (or minus its last one when absent)."""
    hit = found.indices == exclude[:, None]
    hit[~hit.any(axis=1), -1] = True
    keep = ~hit
    width = found.indices.shape[1] - 1
    return TopK(found.indices[keep].reshape(-1, width), found.scores[keep].reshape(-1, width))


def rescore_candidates(
    queries: Rows, rows: np.ndarray, indices: np.ndarray, corpus: CorpusRows
) -> np.ndarray:
    """float64 ``queries[rows[i]] · corpus[indices[i, j]]`` for every candidate, block by block."""
    count, width = indices.shape
    step = max(1, _GATHER_BYTES // max(1, width * corpus.vectors.shape[1] * 8))
    exact = np.empty((count, width), dtype=np.float64)
    for first in range(0, count, step):
        block = slice(first, min(first + step, count))
        gathered = corpus.rows64(indices[block])
        exact[block] = np.einsum("rd,rcd->rc", queries(rows[block]), gathered)
    return exact


@dataclass(frozen=True)
class _Search:
    """One search: float64 query rows, their float32 copy, the corpus and what to exclude."""

    queries: Rows
    queries32: np.ndarray
    corpus: CorpusRows
    corpus32: np.ndarray
    budget: int | None
    exclude: np.ndarray | None = None


def _top64(search: _Search, k: int) -> TopK:
    """The float64 top ``k`` of every query (see the module docstring)."""
    available = len(search.corpus) - (search.exclude is not None)
    k = max(0, min(k, available))
    count = len(search.queries32)
    if k == 0:
        return TopK(np.zeros((count, 0), np.int64), np.zeros((count, 0), np.float64))
    width = min(k + MARGIN + (search.exclude is not None), len(search.corpus))
    found = _candidates(search.queries32, search.corpus32, width)
    if search.exclude is not None:
        found = _without(found, search.exclude)
    every = np.arange(count)
    result = rescored(
        found.indices, rescore_candidates(search.queries, every, found.indices, search.corpus), k
    )
    if found.indices.shape[1] >= available:
        return result  # every row was a candidate
    bound = (search.corpus.vectors.shape[1] + 2) * 2.0**-24
    unproven = np.flatnonzero(result.scores[:, k - 1] <= found.scores.min(axis=1) + bound)
    if len(unproven):
        redone = _blocked(search, unproven, k)
        result.indices[unproven], result.scores[unproven] = redone.indices, redone.scores
    return result


def _blocked(search: _Search, rows: np.ndarray, k: int) -> TopK:
    """``rows`` by the blocked search, whose ties go by corpus index, then re-scored."""
    exclude = None if search.exclude is None else search.exclude[rows]
    index = ExactIndex(search.corpus32, search.budget)
    found = index.search(search.queries32[rows], k + MARGIN, exclude)
    return rescored(
        found.indices, rescore_candidates(search.queries, rows, found.indices, search.corpus), k
    )


def exact_search(
    queries: np.ndarray,
    corpus: CorpusRows,
    k: int,
    budget: int | None = None,
    corpus32: np.ndarray | None = None,
) -> TopK:
    """The ``k`` highest float64 inner products of each float64 query with the corpus rows.

    ``corpus32``: the corpus's float32 rows when the caller keeps them (else built here).
    """
    search = _Search(
        lambda rows: queries[rows],
        queries.astype(np.float32),
        corpus,
        corpus.float32() if corpus32 is None else corpus32,
        budget,
    )
    return _top64(search, k)


def exact_neighbours(
    corpus: CorpusRows, k: int, budget: int | None = None, corpus32: np.ndarray | None = None
) -> TopK:
    """Each corpus row's ``k`` nearest other rows by float64 inner product, best first."""
    vectors = corpus.float32() if corpus32 is None else corpus32
    search = _Search(corpus.rows64, vectors, corpus, vectors, budget, np.arange(len(corpus)))
    return _top64(search, k)


def neighbours_of(
    corpus: CorpusRows,
    rows: np.ndarray,
    k: int,
    budget: int | None = None,
    corpus32: np.ndarray | None = None,
) -> TopK:
    """The ``k`` nearest other rows of the corpus rows ``rows`` only (blocked exact search)."""
    vectors = corpus.float32() if corpus32 is None else corpus32
    search = _Search(corpus.rows64, vectors, corpus, vectors, budget, np.arange(len(corpus)))
    return _blocked(search, rows, max(0, min(k, len(corpus) - 1)))
