"""Run a retrieval task with any scoring callable and summarise each metric with a bootstrap CI.

The evaluation layer sits below the engine, so it never builds a scorer itself: the caller passes
a :data:`Scorer`, ``(query texts, corpus texts) -> (queries, corpus) score matrix`` (higher is
better). :meth:`cvmatch.engine.EvaluationFacade.similarity_matrix` provides one for every registered
encoder, a trained model folder and the default ``hybrid`` pipeline.

Queries are scored in blocks of at most ``batch_size`` rows and at most the block budget
(``CVMATCH_BLOCK_BUDGET_MIB``) of float64 scores, so memory grows with the corpus, never with
``queries x corpus``; a corpus so large that one query's row exceeds the budget is refused before
anything is scored (:class:`cvmatch.errors.MemoryBudgetError`). A scorer that fits on the texts
it sees (TF-IDF, BM25) therefore sees the corpus plus one block of queries. In
``max_over_labels`` tasks each item scores its best label before ranking.

Every metric reads only the ranks of a query's relevant items, so a query is evaluated from
those ranks (counted against one numpy sort of its row), never from a ranking: the values
equal :func:`~cvmatch.evaluation.ranking_metrics.evaluate_run` on the full ranking, and a weak
method that ranks relevant items deep costs no more than a strong one.
"""

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.bootstrap import bootstrap_ci
from cvmatch.evaluation.datasets.base import RetrievalTask, max_over_groups_matrix
from cvmatch.evaluation.ranking_metrics import (
    RunEvaluation,
    metrics_from_positions,
    parse_metric,
    relevant_ids,
)
from cvmatch.evaluation.results import MetricEstimate
from cvmatch.index.budget import budget_bytes, rows_per_block

logger = logging.getLogger(__name__)

Scorer = Callable[[Sequence[str], Sequence[str]], NDArray[np.floating]]
"""``(queries, corpus) -> (len(queries), len(corpus))`` scores; higher means more relevant."""
Progress = Callable[[str, int, int], None]
"""Called as ``(stage, done, total)``; the CLI draws it as a progress bar."""

DEFAULT_RETRIEVAL_METRICS = (
    "map",
    "mrr",
    "mrr@10",
    "mrr@100",
    "ndcg@10",
    "ndcg_exp@10",
    "recall@10",
    "recall@100",
    "recall@1",
    "recall@5",
    "hit@1",
    "hit@10",
    "p@10",
    "r_precision",
)


@dataclass(frozen=True)
class EvalOptions:
    """Settings shared by the runners.

    Attributes:
        n_resamples: Bootstrap resamples per interval.
        confidence: Interval coverage.
        seed: Bootstrap seed (same seed, same interval).
        batch_size: Queries (or jobs) scored per scorer call, at most (see ``budget``).
        budget: Bytes of one block of float64 scores (None: ``Settings.block_budget_mib``); a
            large corpus gets fewer queries per scorer call.
    """

    n_resamples: int = 1000
    confidence: float = 0.95
    seed: int = 0
    batch_size: int = 1000
    budget: int | None = None


@dataclass(frozen=True)
class RetrievalResult:
    """Per-query values and their summary for one scorer on one task."""

    evaluation: RunEvaluation
    summary: dict[str, MetricEstimate]
    seconds: float
    notes: tuple[str, ...]


def check_scores(scores: NDArray[np.floating], shape: tuple[int, int]) -> NDArray[np.float64]:
    """Return ``scores`` as float64 after checking its shape and that every value is finite.

    Raises:
        InvalidInputError: Wrong shape or a NaN/infinite score (a broken scorer).
    """
    matrix = np.asarray(scores, dtype=np.float64)
    if matrix.shape != shape:
        raise InvalidInputError(f"the scorer returned shape {matrix.shape}, expected {shape}")
    if not np.isfinite(matrix).all():
        raise InvalidInputError("the scorer returned NaN or infinite scores")
    return matrix


def _judged_queries(task: RetrievalTask) -> list[str]:
    unknown = [qid for qid in task.qrels if qid not in task.queries]
    if unknown:
        raise InvalidInputError(
            f"{len(unknown)} qrels query id(s) have no query text, e.g. {unknown[:3]}; "
            "check that the queries file and the qrels use the same ids"
        )
    return [qid for qid in task.qrels if relevant_ids(task.qrels[qid])]


def _item_ids(task: RetrievalTask) -> tuple[list[str], list[str] | None]:
    """Corpus ids in file order and, in max-over-labels mode, the group of each one."""
    doc_ids = list(task.corpus)
    if not doc_ids:
        raise InvalidInputError(f"task {task.name!r} has an empty corpus")
    if task.corpus_groups is None:
        return doc_ids, None
    missing = [doc for doc in doc_ids if doc not in task.corpus_groups]
    if missing:
        raise InvalidInputError(f"corpus documents without a group, e.g. {missing[:3]}")
    return doc_ids, [task.corpus_groups[doc] for doc in doc_ids]


@dataclass(frozen=True)
class _Columns:
    """The ranked columns of a block: their ids and each id's rank in string order (ties)."""

    keys: list[str]
    position: dict[str, int]
    id_rank: NDArray[np.int64]

    @classmethod
    def of(cls, columns: Sequence[object]) -> "_Columns":
        keys = [str(column) for column in columns]
        id_rank = np.empty(len(keys), dtype=np.int64)
        id_rank[np.argsort(np.asarray(keys, dtype=object), kind="stable")] = np.arange(len(keys))
        return cls(keys, {key: i for i, key in enumerate(keys)}, id_rank)


@dataclass
class _Corpus:
    """The corpus's ids, their groups, and the ranked columns of the last block (kept)."""

    doc_ids: list[str]
    groups: list[str] | None
    last: _Columns | None = None

    def columns(self, keys: Sequence[object]) -> _Columns:
        """:meth:`_Columns.of` ``keys``, sorted once while every block brings the same keys."""
        names = [str(key) for key in keys]
        if self.last is None or self.last.keys != names:
            self.last = _Columns.of(names)
        return self.last


def _positions(row: NDArray[np.float64], columns: _Columns, relevant: set[str]) -> dict[str, int]:
    """1-based rank of each relevant column in the (score desc, id asc) ranking of ``row``.

    Every metric reads only these ranks (:func:`metrics_from_positions`), so no ranking is
    built: one sort of the row (in C) and a binary search per relevant column count the columns
    scoring higher; only a tied score needs a pass for the ids ahead of it. At 100k labels a
    query's ranking down to its last relevant label was most of the corpus, and turning it
    into a dict and ranking it in Python made the evaluation outgrow the corpus (issue 25).
    """
    wanted = [(doc, columns.position[doc]) for doc in relevant if doc in columns.position]
    if not wanted:
        return {}
    ascending = np.sort(row)
    scores = row[[column for _doc, column in wanted]]
    above = np.searchsorted(ascending, scores, side="right")
    equal = above - np.searchsorted(ascending, scores, side="left")
    positions = {}
    for (doc, column), score, right, same in zip(wanted, scores, above, equal, strict=True):
        ahead = 0
        if same > 1:  # ties go by id: count the tied columns whose id sorts first
            tied = (row == score) & (columns.id_rank < columns.id_rank[column])
            ahead = int(np.count_nonzero(tied))
        positions[doc] = int(len(row) - right + ahead) + 1
    return positions


def _evaluate_block(
    scores: NDArray[np.float64],
    qids: Sequence[str],
    task: RetrievalTask,
    corpus: _Corpus,
    metrics: Sequence[str],
) -> list[RunEvaluation]:
    """Each query of the block evaluated on its own: one query's run dict alive at a time."""
    keys: Sequence[object] = corpus.doc_ids
    if corpus.groups is not None:
        scores, keys = max_over_groups_matrix(scores, corpus.groups)
    ranked = corpus.columns(keys)
    parts = []
    for qid, row in zip(qids, scores, strict=True):
        qrels = task.qrels[qid]
        values = metrics_from_positions(
            _positions(row, ranked, relevant_ids(qrels)), qrels, metrics
        )
        per_query = {name: np.asarray([values[name]], dtype=np.float64) for name in metrics}
        parts.append(RunEvaluation(per_query=per_query, query_ids=(qid,)))
    return parts


def _merge(
    parts: list[RunEvaluation], metrics: Sequence[str], skipped: tuple[str, ...]
) -> RunEvaluation:
    per_query = {
        name: np.concatenate([part[name] for part in parts]) if parts else np.zeros(0)
        for name in metrics
    }
    return RunEvaluation(
        per_query=per_query,
        query_ids=tuple(qid for part in parts for qid in part.query_ids),
        skipped_queries=skipped,
    )


def summarise(
    values: dict[str, NDArray[np.float64]], options: EvalOptions
) -> dict[str, MetricEstimate]:
    """Mean and bootstrap interval of each metric's per-query values (empty arrays give zeros)."""
    summary = {}
    for name, per_query in values.items():
        if not len(per_query):
            summary[name] = MetricEstimate(0.0, 0.0, 0.0)
            continue
        ci = bootstrap_ci(per_query, options.n_resamples, options.confidence, options.seed)
        summary[name] = MetricEstimate(ci.mean, ci.low, ci.high)
    return summary


def evaluate_retrieval(
    task: RetrievalTask,
    scorer: Scorer,
    metrics: Sequence[str] = DEFAULT_RETRIEVAL_METRICS,
    options: EvalOptions | None = None,
    on_progress: Progress | None = None,
) -> RetrievalResult:
    """Score every judged query of ``task`` against its corpus and evaluate ``metrics``.

    Queries whose qrels hold no relevant item are skipped (listed in the notes); qrels on ids
    absent from the corpus count as relevant items never retrieved.

    Raises:
        InvalidInputError: Unknown metric, qrels on query ids without text, an empty corpus,
            or a scorer returning a wrong shape or non-finite scores.
        MemoryBudgetError: One query's row of scores exceeds the block budget.
    """
    opts = options or EvalOptions()
    for name in metrics:
        parse_metric(name)
    start = time.perf_counter()
    qids = _judged_queries(task)
    skipped = tuple(qid for qid in task.qrels if qid not in set(qids))
    doc_ids, groups = _item_ids(task)
    corpus_texts = [task.corpus[doc] for doc in doc_ids]
    columns = _Corpus(doc_ids, groups)
    budget = budget_bytes() if opts.budget is None else opts.budget
    step = min(opts.batch_size, rows_per_block(len(doc_ids), 8, budget))
    parts = []
    for first in range(0, len(qids), step):
        block = qids[first : first + step]
        raw = scorer([task.queries[qid] for qid in block], corpus_texts)
        scores = check_scores(raw, (len(block), len(doc_ids)))
        parts += _evaluate_block(scores, block, task, columns, metrics)
        if on_progress is not None:
            on_progress(f"scoring {task.name}", first + len(block), len(qids))
    evaluation = _merge(parts, metrics, skipped)
    notes = [f"{len(qids)} judged queries, {len(doc_ids)} corpus documents"]
    if skipped:
        notes.append(f"{len(skipped)} queries without a relevant item were skipped")
    if task.excluded_queries:
        notes.append(f"{len(task.excluded_queries)} source queries left out by the loader")
    return RetrievalResult(
        evaluation=evaluation,
        summary=summarise(dict(evaluation.per_query), opts),
        seconds=time.perf_counter() - start,
        notes=tuple(notes),
    )
