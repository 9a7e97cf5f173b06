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
the blocked exact search of :mod:`cvmatch.index.exact` (float32, re-scored in float64), and the
corpus side is prepared once per corpus (:mod:`cvmatch.scoring.title_corpus`), so memory grows
with the corpus, not its square (issue 25). Above ``graph_exact_limit`` titles (default 50,000)
the corpus-neighbour graph is approximate (faiss HNSW, :mod:`cvmatch.index.graph`), so its time
grows with ``n log n`` instead of ``n²``.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.index.budget import budget_bytes, ensure_fits, row_blocks
from cvmatch.index.refined import CorpusRows, exact_neighbours, exact_search
from cvmatch.scoring.title_corpus import GraphParams, prepared

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
    graph_exact_limit: int = 50_000
    """Corpora up to this many titles get the exact neighbour graph, larger ones an
    approximate one (faiss HNSW, :mod:`cvmatch.index.graph`): linear-ish time, close results."""

    def __post_init__(self) -> None:
        counts = (self.prf_k, self.neighbours, self.hub_k, self.graph_exact_limit)
        if min(counts) < 0 or min(self.prf_weight, self.neighbour_weight, self.hub_weight) < 0:
            raise InvalidInputError(f"title similarity parameters must be ≥ 0, got {self}")


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def feedback_queries(
    queries: np.ndarray, corpus: np.ndarray, k: int, weight: float, budget: int | None = None
) -> np.ndarray:
    """Rocchio feedback: each unit query vector plus ``weight`` × mean of its top-``k`` titles.

    The top ``k`` are those of float64 inner products (ties: lower corpus index first), found by
    a blocked float32 search re-scored in float64, so no ``queries x corpus`` matrix larger than
    the block ``budget`` (bytes) is built.
    """
    if k == 0 or weight == 0 or corpus.shape[0] == 0:
        return queries
    rows = CorpusRows(corpus, unit=False)
    top = exact_search(queries.astype(np.float64), rows, k, budget).indices
    return _unit(queries + weight * rows.rows64(top).mean(axis=1))


def corpus_neighbours(
    corpus: np.ndarray, k: int, budget: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest other corpus titles of each title and their cosines, each ``(n, k)``.

    Exact (float64 inner products), in row blocks of at most ``budget`` bytes: memory grows with
    ``n``, time with ``n²``.
    """
    found = exact_neighbours(CorpusRows(corpus, unit=False), k, budget)
    return found.indices, found.scores


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
    """``(queries, corpus)`` float64 scores of one encoder's vectors: feedback, cosine, smoothing.

    Beside the returned matrix, memory holds the caller's corpus vectors, two float32 copies
    (:class:`cvmatch.scoring.title_corpus.PreparedCorpus`, kept for the next block) and one block
    of at most ``budget`` bytes (default: ``Settings.block_budget_mib``). The scores equal those
    of float64 arithmetic throughout to ~1e-7 (the expanded vectors are stored in float32).

    Raises:
        InvalidInputError: The vectors are not 2-D or differ in width.
        MemoryBudgetError: The corpus vectors do not fit in the available memory.
    """
    if queries.ndim != _MATRIX or corpus.ndim != _MATRIX or queries.shape[1] != corpus.shape[1]:
        raise InvalidInputError(
            f"title vectors must be 2-D with one width, got {queries.shape} and {corpus.shape}"
        )
    needed = corpus.nbytes + 2 * corpus.size * 4
    ensure_fits(needed, f"title similarity over {len(corpus):,} titles", budget)
    rows = CorpusRows(corpus, unit=True)
    graph = GraphParams(
        params.neighbours,
        params.neighbour_weight,
        params.hub_k,
        params.hub_weight,
        params.graph_exact_limit,
    )
    ready = prepared(rows, graph, budget)
    q = _unit(queries.astype(np.float64))
    if params.prf_k and params.prf_weight and len(rows):
        top = exact_search(q, rows, params.prf_k, budget, ready.unit32).indices
        q = _unit(q + params.prf_weight * rows.rows64(top).mean(axis=1))
    scores = _products(q, ready.expanded)
    if ready.hub is not None:
        scores -= ready.hub
    return scores


def _products(queries: np.ndarray, corpus: np.ndarray, step: int = 8192) -> np.ndarray:
    """``queries @ corpus.T`` in float64, float32 ``corpus`` up-cast a block of columns at a time."""
    out = np.empty((len(queries), len(corpus)), dtype=np.float64)
    for first in range(0, len(corpus), step):
        block = corpus[first : first + step].astype(np.float64)
        out[:, first : first + step] = queries @ block.T
    return out


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
