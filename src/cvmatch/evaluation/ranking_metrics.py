"""Ranking metrics per query, and :func:`evaluate_run` over a whole run.

Conventions (shared by every function here):

* A *ranking* is a sequence of unique doc ids, best first. *Qrels* map doc id → integer
  relevance; relevance > 0 is relevant, <= 0 is judged non-relevant, and unjudged docs are
  non-relevant. ``R`` is the number of relevant docs in the qrels (retrieved or not).
* A query with ``R = 0`` scores 0.0 on every metric. Such a query says nothing about a system, so
  :func:`evaluate_run` skips it (logged and listed in :attr:`RunEvaluation.skipped_queries`)
  unless ``keep_empty=True``.
* Cut-offs ``k`` count ranks 1..k; a ranking shorter than ``k`` is not padded with relevant docs
  (``precision@k`` still divides by ``k``, as trec_eval does).
* Scores become rankings through :func:`rank_by_scores`: score descending, ties broken by doc id
  ascending (plain string order), so equal scores never depend on dict or corpus order.
"""

import logging
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cvmatch.errors import InvalidInputError

logger = logging.getLogger(__name__)

Ranking = Sequence[str]
QueryQrels = Mapping[str, int]
Gain = Literal["linear", "exponential"]


def rank_by_scores(doc_ids: Sequence[str], scores: ArrayLike) -> list[str]:
    """Order ``doc_ids`` by score descending; equal scores go by doc id ascending.

    >>> rank_by_scores(["b", "a", "c"], [0.5, 0.5, 0.9])
    ['c', 'a', 'b']

    Raises:
        InvalidInputError: Lengths differ, a doc id repeats or a score is NaN.
    """
    values = np.asarray(scores, dtype=np.float64)
    if values.ndim != 1 or len(values) != len(doc_ids):
        raise InvalidInputError(
            f"got {len(doc_ids)} doc ids but scores of shape {values.shape}; pass one score per id"
        )
    if np.isnan(values).any():
        raise InvalidInputError("a score is NaN; fix the scorer before ranking")
    _check_unique(doc_ids)
    order = sorted(range(len(doc_ids)), key=lambda i: (-values[i], doc_ids[i]))
    return [doc_ids[i] for i in order]


def _check_unique(ranking: Ranking) -> None:
    if len(set(ranking)) != len(ranking):
        raise InvalidInputError("a doc id appears twice in the ranking; rank each doc once")


def _check_k(k: int | None) -> None:
    if k is not None and k < 1:
        raise InvalidInputError(f"cut-off k must be >= 1, got {k}")


def relevant_ids(qrels: QueryQrels) -> set[str]:
    """Return the doc ids judged relevant (relevance > 0)."""
    return {doc for doc, rel in qrels.items() if rel > 0}


def _top(ranking: Ranking, k: int | None) -> Ranking:
    _check_unique(ranking)
    _check_k(k)
    return ranking if k is None else ranking[:k]


def average_precision(ranking: Ranking, qrels: QueryQrels) -> float:
    """Average precision: mean of precision@i over the ranks i of relevant docs, divided by R.

    Relevant docs never retrieved contribute 0. ``R = 0`` gives 0.0 (see the module docstring).
    """
    relevant = relevant_ids(qrels)
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc in enumerate(_top(ranking, None), start=1):
        if doc in relevant:
            hits += 1
            total += hits / rank
    return total / len(relevant)


def reciprocal_rank(ranking: Ranking, qrels: QueryQrels, k: int | None = None) -> float:
    """``1 / rank`` of the first relevant doc within the top ``k`` (all ranks if ``None``), else 0."""
    relevant = relevant_ids(qrels)
    for rank, doc in enumerate(_top(ranking, k), start=1):
        if doc in relevant:
            return 1.0 / rank
    return 0.0


def _gain(relevance: int, gain: Gain) -> float:
    if gain == "linear":
        return float(relevance)
    if gain == "exponential":
        return float(2**relevance - 1)
    raise InvalidInputError(f"unknown gain {gain!r}; use 'linear' or 'exponential'")


def ndcg(ranking: Ranking, qrels: QueryQrels, k: int | None = None, gain: Gain = "linear") -> float:
    """Normalised DCG@k: ``sum gain(rel_i) / log2(i + 1)`` over ranks i <= k, over its ideal.

    The ideal ranking sorts *all* relevant qrels by relevance, so relevant docs missing from the
    run still lower the score. ``gain`` is ``rel`` (linear) or ``2**rel - 1`` (exponential); the two
    agree on binary qrels. No relevant doc gives 0.0.
    """
    top = _top(ranking, k)
    dcg = sum(
        _gain(qrels[doc], gain) / math.log2(rank + 1)
        for rank, doc in enumerate(top, start=1)
        if qrels.get(doc, 0) > 0
    )
    ideal_rels = sorted((rel for rel in qrels.values() if rel > 0), reverse=True)
    if k is not None:
        ideal_rels = ideal_rels[:k]
    ideal = sum(_gain(rel, gain) / math.log2(rank + 1) for rank, rel in enumerate(ideal_rels, 1))
    return dcg / ideal if ideal > 0 else 0.0


def _hits_at(ranking: Ranking, qrels: QueryQrels, k: int) -> int:
    relevant = relevant_ids(qrels)
    return sum(1 for doc in _top(ranking, k) if doc in relevant)


def recall(ranking: Ranking, qrels: QueryQrels, k: int) -> float:
    """Relevant docs in the top ``k`` divided by R (0.0 when R = 0)."""
    total = len(relevant_ids(qrels))
    return _hits_at(ranking, qrels, k) / total if total else 0.0


def hit(ranking: Ranking, qrels: QueryQrels, k: int) -> float:
    """1.0 if any relevant doc is in the top ``k``, else 0.0."""
    return 1.0 if _hits_at(ranking, qrels, k) > 0 else 0.0


def precision(ranking: Ranking, qrels: QueryQrels, k: int) -> float:
    """Relevant docs in the top ``k`` divided by ``k`` (even when the ranking is shorter)."""
    return _hits_at(ranking, qrels, k) / k


def r_precision(ranking: Ranking, qrels: QueryQrels) -> float:
    """Precision at rank R, i.e. the share of the top R that is relevant (0.0 when R = 0)."""
    total = len(relevant_ids(qrels))
    return _hits_at(ranking, qrels, total) / total if total else 0.0


def top_k_run(
    scores: NDArray[np.floating], query_ids: Sequence[str], doc_ids: Sequence[str], k: int
) -> dict[str, dict[str, float]]:
    """Turn a ``(queries, docs)`` score matrix into a run keeping each query's top ``k`` docs.

    The kept docs are exactly the first ``k`` of :func:`rank_by_scores` (same tie rule), so metrics
    with cut-offs <= ``k`` are unchanged; average precision is truncated at ``k``.

    Raises:
        InvalidInputError: The matrix shape does not match the ids, or ``k < 1``.
    """
    _check_k(k)
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.shape != (len(query_ids), len(doc_ids)):
        raise InvalidInputError(
            f"scores have shape {matrix.shape}, expected ({len(query_ids)}, {len(doc_ids)})"
        )
    if np.isnan(matrix).any():
        raise InvalidInputError("a score is NaN; fix the scorer before ranking")
    _check_unique(doc_ids)
    id_order = np.argsort(np.asarray(doc_ids, dtype=object), kind="stable")
    id_rank = np.empty(len(doc_ids), dtype=np.int64)
    id_rank[id_order] = np.arange(len(doc_ids))
    keep = min(k, len(doc_ids))
    run: dict[str, dict[str, float]] = {}
    for qid, row in zip(query_ids, matrix, strict=True):
        # Every doc scoring at least the k-th best score is a candidate, so ties are all seen.
        cutoff = np.partition(row, len(row) - keep)[len(row) - keep]
        candidates = np.flatnonzero(row >= cutoff)
        order = candidates[np.lexsort((id_rank[candidates], -row[candidates]))][:keep]
        run[qid] = {doc_ids[i]: float(row[i]) for i in order}
    return run


QueryMetric = Callable[[Ranking, QueryQrels], float]

# name -> (function of (ranking, qrels, k), whether "@k" is required, allowed, or forbidden)
_METRICS: dict[str, tuple[Callable[[Ranking, QueryQrels, int | None], float], str]] = {
    "map": (lambda r, q, _k: average_precision(r, q), "none"),
    "mrr": (reciprocal_rank, "optional"),
    "ndcg": (ndcg, "optional"),
    "ndcg_exp": (lambda r, q, k: ndcg(r, q, k, gain="exponential"), "optional"),
    "recall": (lambda r, q, k: recall(r, q, _required(k)), "required"),
    "hit": (lambda r, q, k: hit(r, q, _required(k)), "required"),
    "p": (lambda r, q, k: precision(r, q, _required(k)), "required"),
    "r_precision": (lambda r, q, _k: r_precision(r, q), "none"),
}
_KNOWN = "map, mrr, mrr@K, ndcg, ndcg@K, ndcg_exp, ndcg_exp@K, recall@K, hit@K, p@K, r_precision"
_NAME = re.compile(r"^(?P<base>[a-z_]+)(?:@(?P<k>[0-9]+))?$")


def _required(k: int | None) -> int:
    if k is None:  # unreachable through parse_metric, which checks the "@K" first
        raise InvalidInputError("this metric needs a cut-off, e.g. recall@10")
    return k


def _parse(name: str) -> tuple[str, int | None]:
    """``(base name, cut-off)`` of a metric name, checked as :func:`parse_metric` documents."""
    match = _NAME.match(name.strip().lower())
    entry = _METRICS.get(match["base"]) if match else None
    if match is None or entry is None:
        raise InvalidInputError(f"unknown metric {name!r}; known: {_KNOWN}")
    cutoff = entry[1]
    k = int(match["k"]) if match["k"] is not None else None
    if (cutoff == "required" and k is None) or (cutoff == "none" and k is not None) or k == 0:
        raise InvalidInputError(f"bad cut-off in metric {name!r}; known: {_KNOWN}")
    return match["base"], k


def parse_metric(name: str) -> QueryMetric:
    """Return the per-query function for a metric name such as ``"ndcg@10"`` or ``"map"``.

    ``mrr``/``ndcg`` without ``@K`` use the whole ranking; ``ndcg_exp`` uses ``2**rel - 1`` gains.

    Raises:
        InvalidInputError: The name is unknown or its cut-off is missing, forbidden or zero; the
            message lists the known names.
    """
    base, k = _parse(name)
    function = _METRICS[base][0]
    return lambda ranking, qrels: function(ranking, qrels, k)


def metrics_from_positions(
    positions: Mapping[str, int], qrels: QueryQrels, metrics: Sequence[str]
) -> dict[str, float]:
    """Each metric of one query from the 1-based ranks of its relevant docs alone.

    Every metric here reads only where the relevant docs sit, so a query's values need their
    ranks, not its ranking (which at a large corpus is most of the corpus: issue 25).
    ``positions`` maps a relevant doc id to its rank in the full ranking (the
    :func:`rank_by_scores` order); a relevant doc absent from it was never retrieved. The values
    equal ``parse_metric(name)(ranking, qrels)`` on that ranking, float for float: the sums run
    in rank order as there.
    """
    relevant = relevant_ids(qrels)
    found = sorted((rank, doc) for doc, rank in positions.items() if doc in relevant)
    total = len(relevant)
    values: dict[str, float] = {}
    for name in metrics:
        base, k = _parse(name)
        within = [(rank, doc) for rank, doc in found if k is None or rank <= k]
        if base == "map":
            value = 0.0
            for hits, (rank, _doc) in enumerate(found, start=1):
                value += hits / rank
            values[name] = value / total if total else 0.0
        elif base == "mrr":
            values[name] = 1.0 / within[0][0] if within else 0.0
        elif base in ("ndcg", "ndcg_exp"):
            gain: Gain = "linear" if base == "ndcg" else "exponential"
            dcg = sum(_gain(qrels[doc], gain) / math.log2(rank + 1) for rank, doc in within)
            ideal_rels = sorted((rel for rel in qrels.values() if rel > 0), reverse=True)
            if k is not None:
                ideal_rels = ideal_rels[:k]
            ideal = sum(_gain(rel, gain) / math.log2(i + 1) for i, rel in enumerate(ideal_rels, 1))
            values[name] = dcg / ideal if ideal > 0 else 0.0
        elif base == "recall":
            values[name] = len(within) / total if total else 0.0
        elif base == "hit":
            values[name] = 1.0 if within else 0.0
        elif base == "p":
            values[name] = len(within) / _required(k)
        else:  # r_precision
            values[name] = sum(1 for rank, _doc in found if rank <= total) / total if total else 0.0
    return values


@dataclass(frozen=True, eq=False)
class RunEvaluation(Mapping[str, NDArray[np.float64]]):
    """Per-query metric values of a run, readable as ``{metric name: array over queries}``.

    Attributes:
        per_query: Metric name → one value per entry of ``query_ids``.
        query_ids: The evaluated queries, in qrels order.
        skipped_queries: Queries left out because their qrels hold no relevant doc.
        missing_queries: Evaluated queries absent from the run (they score 0 everywhere).
        unjudged_queries: Run queries that have no qrels (ignored).
    """

    per_query: dict[str, NDArray[np.float64]]
    query_ids: tuple[str, ...]
    skipped_queries: tuple[str, ...] = ()
    missing_queries: tuple[str, ...] = ()
    unjudged_queries: tuple[str, ...] = ()

    def __getitem__(self, name: str) -> NDArray[np.float64]:
        return self.per_query[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.per_query)

    def __len__(self) -> int:
        return len(self.per_query)

    def means(self) -> dict[str, float]:
        """Mean of each metric over the evaluated queries (0.0 when there are none)."""
        return {name: float(v.mean()) if len(v) else 0.0 for name, v in self.per_query.items()}


def evaluate_run(
    run: Mapping[str, Mapping[str, float]],
    qrels: Mapping[str, QueryQrels],
    metrics: Sequence[str],
    *,
    keep_empty: bool = False,
) -> RunEvaluation:
    """Score every judged query of ``run`` on each metric.

    Args:
        run: Query id → {doc id: score}; each query is ranked with :func:`rank_by_scores`.
        qrels: Query id → {doc id: relevance}; these queries define what is evaluated.
        metrics: Metric names understood by :func:`parse_metric`.
        keep_empty: Keep queries without relevant docs (scored 0.0) instead of skipping them.

    Returns:
        Per-query values plus the skipped, missing and unjudged query ids.

    Raises:
        InvalidInputError: An unknown metric name, or a NaN score in the run.
    """
    functions = {name: parse_metric(name) for name in metrics}
    evaluated: list[str] = []
    skipped: list[str] = []
    for qid, judged in qrels.items():
        (evaluated if keep_empty or relevant_ids(judged) else skipped).append(qid)
    if skipped:
        logger.warning("skipping %d queries with no relevant doc: %s", len(skipped), skipped[:5])
    missing = [qid for qid in evaluated if qid not in run]
    if missing:
        logger.warning("%d judged queries are absent from the run; they score 0", len(missing))
    values = {name: np.zeros(len(evaluated), dtype=np.float64) for name in functions}
    for row, qid in enumerate(evaluated):
        if qid not in run:
            continue
        ranking = rank_by_scores(list(run[qid]), list(run[qid].values()))
        for name, function in functions.items():
            values[name][row] = function(ranking, qrels[qid])
    return RunEvaluation(
        per_query=values,
        query_ids=tuple(evaluated),
        skipped_queries=tuple(skipped),
        missing_queries=tuple(missing),
        unjudged_queries=tuple(qid for qid in run if qid not in qrels),
    )
