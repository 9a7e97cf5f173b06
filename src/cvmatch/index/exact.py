"""Exact inner-product top-k, computed in row blocks so memory stays linear in the corpus.

:class:`ExactIndex` holds a corpus of vectors and answers :meth:`ExactIndex.search` (the ``k``
highest inner products of each query) and :meth:`ExactIndex.neighbours` (each corpus row's ``k``
nearest other rows). Queries are scored in blocks of rows sized from the block budget
(:mod:`cvmatch.index.budget`): a block's products, its ``argpartition`` indices and a mask, never
a ``queries x corpus`` matrix. Arithmetic stays in the vectors' dtype (pass float32 to halve time
and memory; float64 gives the same numbers as one big ``queries @ corpus.T``).

Ties are deterministic: equal scores go by ascending corpus index, exactly as a stable
``argsort(-scores)`` would order them. It is the exact tier an approximate index can sit beside:
same ``search``/``neighbours`` interface, same :class:`TopK` result.

>>> index = ExactIndex(np.eye(3, dtype=np.float32))
>>> index.search(np.asarray([[1.0, 1.0, 0.0]], dtype=np.float32), 2).indices.tolist()
[[0, 1]]
"""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.index.budget import budget_bytes, row_blocks

_MATRIX = 2
_PARTITION_INDEX_BYTES = 8
_MASK_BYTES = 1


@dataclass(frozen=True)
class TopK:
    """The ``k`` best corpus rows of each query, best first: both ``(queries, k)``."""

    indices: np.ndarray
    """Corpus row indices (int64)."""
    scores: np.ndarray
    """Their inner products, in the vectors' dtype."""


class ExactIndex:
    """Exact inner-product search over fixed corpus vectors, in row blocks under a byte budget.

    Args:
        vectors: ``(corpus, dim)`` vectors (unit vectors give cosines).
        budget: Bytes one block may take; default ``Settings.block_budget_mib``.
    """

    name = "exact"

    def __init__(self, vectors: np.ndarray, budget: int | None = None) -> None:
        if vectors.ndim != _MATRIX:
            raise InvalidInputError(f"index vectors must be 2-D, got shape {vectors.shape}")
        self.vectors = vectors
        self.budget = budget_bytes() if budget is None else budget

    def __len__(self) -> int:
        return int(self.vectors.shape[0])

    def score_blocks(
        self, queries: np.ndarray, extra_bytes: int = 0
    ) -> Iterator[tuple[slice, np.ndarray]]:
        """``(rows, queries[rows] @ vectors.T)`` block by block (``extra_bytes``: caller's per cell)."""
        self._check_queries(queries)
        cell = self.vectors.dtype.itemsize + extra_bytes
        for rows in row_blocks(len(queries), len(self), cell, self.budget):
            yield rows, queries[rows] @ self.vectors.T

    def search(self, queries: np.ndarray, k: int, exclude: np.ndarray | None = None) -> TopK:
        """The ``k`` highest inner products of each query (``k`` is capped at the corpus size).

        ``exclude`` gives, per query, one corpus row it may not return (e.g. itself).
        """
        return self._top(queries, k, exclude)

    def neighbours(self, k: int) -> TopK:
        """Each corpus row's ``k`` nearest *other* rows (``k`` capped at ``len(self) - 1``)."""
        k = min(k, max(len(self) - 1, 0))
        return self._top(self.vectors, k, np.arange(len(self)))

    def _check_queries(self, queries: np.ndarray) -> None:
        if queries.ndim != _MATRIX or queries.shape[1] != self.vectors.shape[1]:
            raise InvalidInputError(
                f"queries of shape {queries.shape} do not match index vectors {self.vectors.shape}"
            )

    def _top(self, queries: np.ndarray, k: int, exclude: np.ndarray | None) -> TopK:
        k = max(0, min(k, len(self)))
        indices = np.zeros((len(queries), k), dtype=np.int64)
        scores = np.zeros((len(queries), k), dtype=np.result_type(queries, self.vectors))
        if k == 0:
            return TopK(indices, scores)
        for rows, block in self.score_blocks(queries, _PARTITION_INDEX_BYTES + _MASK_BYTES):
            if exclude is not None:
                block[np.arange(rows.stop - rows.start), exclude[rows]] = -np.inf
            indices[rows] = top_k_rows(block, k)
            scores[rows] = np.take_along_axis(block, indices[rows], axis=1)
        return TopK(indices, scores)


def top_k_rows(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` highest scores of each row, best first, ties by lower index.

    The same columns as ``np.argsort(-scores, axis=1, kind="stable")[:, :k]``, in linear time per
    row: ``argpartition`` finds the ``k``-th best score, and a row where more columns tie with it
    than fit is resolved on its candidates alone.
    """
    n = scores.shape[1]
    k = min(k, n)
    if k == 0:
        return np.zeros((scores.shape[0], 0), dtype=np.int64)
    part = np.argpartition(scores, n - k, axis=1)[:, n - k :]
    cutoff = np.take_along_axis(scores, part[:, :1], axis=1)
    tied = np.count_nonzero(scores >= cutoff, axis=1) > k
    values = np.take_along_axis(scores, part, axis=1)
    order = np.lexsort((part, -values), axis=1)
    top = np.take_along_axis(part, order, axis=1)
    for row in np.flatnonzero(tied):
        candidates = np.flatnonzero(scores[row] >= cutoff[row, 0])
        best = np.lexsort((candidates, -scores[row, candidates]))[:k]
        top[row] = candidates[best]
    return top


def rescored(candidates: np.ndarray, exact: np.ndarray, k: int) -> TopK:
    """The ``k`` best of each row's ``candidates`` by their ``exact`` scores, ties by lower index.

    A float32 search that keeps a few candidates beyond ``k``, re-scored here in float64, gives
    the float64 search's top ``k`` at float32 cost: only values closer than float32 rounding to
    the cut could fall differently, and the margin keeps those among the candidates.
    """
    order = np.lexsort((candidates, -exact), axis=1)[:, :k]
    return TopK(
        np.take_along_axis(candidates, order, axis=1), np.take_along_axis(exact, order, axis=1)
    )
