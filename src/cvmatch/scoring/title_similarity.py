"""Title ↔ title similarity over a corpus of job titles (TalentCLEF task A style, issue 7).

Job titles are short and their relevant sets are clusters (a title's equivalents and close
neighbours), so two classic IR steps over the embedding space help beyond plain cosine:

1. **Pseudo-relevance feedback** (Rocchio): the query vector moves towards the mean of its
   ``prf_k`` nearest corpus titles, ``q' = normalise(q + prf_weight · mean(top-k))``.
2. **Corpus-neighbour smoothing** (cluster hypothesis): a corpus title also earns the mean score
   of its ``neighbours`` nearest corpus titles, ``s'(q, d) = s(q, d) + neighbour_weight ·
   mean_{d' ∈ N(d)} s(q, d')``.
3. **Hubness reduction** (the CSLS correction of Conneau et al. 2018): a title that sits in a
   dense region is close to everything, so its score loses ``hub_weight`` × its mean cosine to
   its ``hub_k`` nearest corpus titles.

Several encoders are fused by summing their per-query z-scored matrices (each row centred and
scaled to unit variance), so models with different cosine bands weigh the same.

The defaults (``prf_k=3, prf_weight=1, neighbours=5, neighbour_weight=1, hub_k=10,
hub_weight=1``) were chosen on ESCO English tuning titles (labels ESCO v1.2 lacks,
``bench/talentclef_titles.py --grid``), never on TalentCLEF EN validation. Scores are deterministic:
ties in the neighbour lists are broken by corpus order. Neighbour lists and feedback come from
the blocked exact search of :mod:`cvmatch.index.exact`, so memory grows with the corpus, not its
square (issue 25).
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.index.budget import budget_bytes, ensure_fits, row_blocks
from cvmatch.index.exact import ExactIndex

_MATRIX = 2


@dataclass(frozen=True)
class TitleSimilarityParams:
    """Hyper-parameters of :func:`title_scores` (0 turns a step off)."""

    prf_k: int = 3
    prf_weight: float = 1.0
    neighbours: int = 5
    neighbour_weight: float = 1.0
    hub_k: int = 10
    hub_weight: float = 1.0

    def __post_init__(self) -> None:
        counts = (self.prf_k, self.neighbours, self.hub_k)
        if min(counts) < 0 or min(self.prf_weight, self.neighbour_weight, self.hub_weight) < 0:
            raise InvalidInputError(f"title similarity parameters must be ≥ 0, got {self}")


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def feedback_queries(
    queries: np.ndarray, corpus: np.ndarray, k: int, weight: float, budget: int | None = None
) -> np.ndarray:
    """Rocchio feedback: each unit query vector plus ``weight`` × mean of its top-``k`` titles.

    The top ``k`` come from a blocked exact search (ties: lower corpus index first), so no
    ``queries x corpus`` matrix larger than the block ``budget`` (bytes) is built.
    """
    if k == 0 or weight == 0 or corpus.shape[0] == 0:
        return queries
    top = ExactIndex(corpus, budget).search(queries, k).indices
    return _unit(queries + weight * corpus[top].mean(axis=1))


def corpus_neighbours(
    corpus: np.ndarray, k: int, budget: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest other corpus titles of each title and their cosines, each ``(n, k)``.

    Exact, in row blocks of at most ``budget`` bytes: memory grows with ``n``, time with ``n²``.
    """
    found = ExactIndex(corpus, budget).neighbours(k)
    return found.indices, found.scores


@dataclass(frozen=True, eq=False)
class _Vectors:
    """Corpus vectors hashed by content, so the neighbour lists of one corpus are built once."""

    array: np.ndarray

    @cached_property
    def digest(self) -> str:
        content = hashlib.sha256(np.ascontiguousarray(self.array).data)
        return f"{self.array.dtype}{self.array.shape}{content.hexdigest()}"

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Vectors) and other.digest == self.digest


# The evaluation runner scores queries block by block against one corpus: its neighbour lists
# (n² time) are kept for the last corpora instead of being rebuilt for every block.
@lru_cache(maxsize=2)
def _cached_neighbours(
    corpus: _Vectors, k: int, budget: int | None
) -> tuple[np.ndarray, np.ndarray]:
    return corpus_neighbours(corpus.array, k, budget)


def smooth(
    scores: np.ndarray, neighbours: np.ndarray, weight: float, budget: int | None = None
) -> np.ndarray:
    """``scores + weight`` × the mean score of each column's neighbour columns."""
    if weight == 0 or neighbours.shape[1] == 0:
        return scores
    smoothed = scores.copy()
    _smooth_in_place(smoothed, neighbours, weight, budget)
    return smoothed


def _smooth_in_place(
    scores: np.ndarray, neighbours: np.ndarray, weight: float, budget: int | None
) -> None:
    """:func:`smooth` row block by row block: the gathered ``(rows, n, k)`` block fits the budget."""
    cell = scores.dtype.itemsize * (neighbours.shape[1] + 1)
    limit = budget_bytes() if budget is None else budget
    for rows in row_blocks(scores.shape[0], scores.shape[1], cell, limit):
        block = scores[rows]
        block += weight * block[:, neighbours].mean(axis=2)


def zscore_rows(scores: np.ndarray) -> np.ndarray:
    """Each row centred and divided by its standard deviation (a constant row becomes 0)."""
    spread = scores.std(axis=1, keepdims=True)
    centred: np.ndarray = scores - scores.mean(axis=1, keepdims=True)
    return centred / np.where(spread == 0, 1.0, spread)


def title_scores(
    queries: np.ndarray,
    corpus: np.ndarray,
    params: TitleSimilarityParams,
    budget: int | None = None,
) -> np.ndarray:
    """``(queries, corpus)`` scores of one encoder's vectors: feedback, cosine, smoothing.

    Beside the returned matrix, memory holds the corpus vectors, its neighbour lists and one
    block of at most ``budget`` bytes (default: ``Settings.block_budget_mib``).

    Raises:
        InvalidInputError: The vectors are not 2-D or differ in width.
        MemoryBudgetError: The corpus vectors (float64) do not fit in the available memory.
    """
    if queries.ndim != _MATRIX or corpus.ndim != _MATRIX or queries.shape[1] != corpus.shape[1]:
        raise InvalidInputError(
            f"title vectors must be 2-D with one width, got {queries.shape} and {corpus.shape}"
        )
    ensure_fits(3 * corpus.size * 8, f"title similarity over {corpus.shape[0]:,} titles", budget)
    q, d = _unit(queries.astype(np.float64)), _unit(corpus.astype(np.float64))
    q = feedback_queries(q, d, params.prf_k, params.prf_weight, budget)
    scores: np.ndarray = q @ d.T
    near, cosines = _cached_neighbours(_Vectors(d), max(params.neighbours, params.hub_k), budget)
    if params.neighbour_weight and params.neighbours and near.shape[1]:
        _smooth_in_place(scores, near[:, : params.neighbours], params.neighbour_weight, budget)
    if params.hub_k and params.hub_weight and near.shape[1]:
        scores -= params.hub_weight * cosines[:, : params.hub_k].mean(axis=1)
    return scores


def fuse_title_scores(matrices: Sequence[np.ndarray]) -> np.ndarray:
    """One matrix: the single input unchanged, else the sum of per-row z-scores."""
    if not matrices:
        raise InvalidInputError("title fusion needs at least one score matrix")
    if len(matrices) == 1:
        return matrices[0]
    if len({m.shape for m in matrices}) != 1:
        raise InvalidInputError(
            f"title score matrices differ in shape: {[m.shape for m in matrices]}"
        )
    fused: np.ndarray = np.sum([zscore_rows(m) for m in matrices], axis=0)
    return fused
