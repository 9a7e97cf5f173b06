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
ties in the neighbour lists are broken by corpus order (stable sorts).
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.errors import InvalidInputError

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


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Column indices of the ``k`` highest scores of each row (ties: lower index first)."""
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def feedback_queries(queries: np.ndarray, corpus: np.ndarray, k: int, weight: float) -> np.ndarray:
    """Rocchio feedback: each unit query vector plus ``weight`` × mean of its top-``k`` titles."""
    if k == 0 or weight == 0 or corpus.shape[0] == 0:
        return queries
    top = _top(queries @ corpus.T, min(k, corpus.shape[0]))
    return _unit(queries + weight * corpus[top].mean(axis=1))


def corpus_neighbours(corpus: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest other corpus titles of each title and their cosines, each ``(n, k)``."""
    k = max(0, min(k, corpus.shape[0] - 1))
    similarity = corpus @ corpus.T
    np.fill_diagonal(similarity, -np.inf)
    near = _top(similarity, k)
    return near, np.take_along_axis(similarity, near, axis=1)


def smooth(scores: np.ndarray, neighbours: np.ndarray, weight: float) -> np.ndarray:
    """``scores + weight`` × the mean score of each column's neighbour columns."""
    if weight == 0 or neighbours.shape[1] == 0:
        return scores
    smoothed: np.ndarray = scores + weight * scores[:, neighbours].mean(axis=2)
    return smoothed


def zscore_rows(scores: np.ndarray) -> np.ndarray:
    """Each row centred and divided by its standard deviation (a constant row becomes 0)."""
    spread = scores.std(axis=1, keepdims=True)
    centred: np.ndarray = scores - scores.mean(axis=1, keepdims=True)
    return centred / np.where(spread == 0, 1.0, spread)


def title_scores(
    queries: np.ndarray, corpus: np.ndarray, params: TitleSimilarityParams
) -> np.ndarray:
    """``(queries, corpus)`` scores of one encoder's vectors: feedback, cosine, smoothing."""
    if queries.ndim != _MATRIX or corpus.ndim != _MATRIX or queries.shape[1] != corpus.shape[1]:
        raise InvalidInputError(
            f"title vectors must be 2-D with one width, got {queries.shape} and {corpus.shape}"
        )
    q, d = _unit(queries.astype(np.float64)), _unit(corpus.astype(np.float64))
    q = feedback_queries(q, d, params.prf_k, params.prf_weight)
    scores: np.ndarray = q @ d.T
    near, cosines = corpus_neighbours(d, max(params.neighbours, params.hub_k))
    scores = smooth(scores, near[:, : params.neighbours], params.neighbour_weight)
    if params.hub_k and params.hub_weight and near.shape[1]:
        scores = scores - params.hub_weight * cosines[:, : params.hub_k].mean(axis=1)
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
