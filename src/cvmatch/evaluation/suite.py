"""Run several methods on one task: the library call behind ``cvmatch eval`` and the benchmark.

A method is a name that a :data:`MethodScorer` understands, ``(method, queries, corpus) -> score
matrix``; :meth:`cvmatch.engine.EvaluationFacade.similarity_matrix` is the product's one, so evaluation
scores with exactly the code the product ranks with. ``model_ids`` tells what each method ran.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

import numpy as np
from numpy.typing import NDArray

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.pairs_runner import PairOptions, PairsResult, evaluate_pairs
from cvmatch.evaluation.results import MethodEvaluation
from cvmatch.evaluation.runner import (
    DEFAULT_RETRIEVAL_METRICS,
    EvalOptions,
    Progress,
    RetrievalResult,
    evaluate_retrieval,
)

__all__ = [
    "HYBRID",
    "MethodScorer",
    "ModelIds",
    "PairOptions",  # defined beside evaluate_pairs; the engine and CLI import it from here
    "TaskRun",
    "run_pairs",
    "run_retrieval",
]

MethodScorer = Callable[[str, Sequence[str], Sequence[str]], NDArray[np.floating]]
"""``(method, queries or jobs, corpus or CVs) -> score matrix``."""
ModelIds = Callable[[str], dict[str, str]]
"""``method -> {role: model id}``, recorded in the report."""

HYBRID = "hybrid"
"""The method name of the default product pipeline."""


@dataclass(frozen=True)
class TaskRun:
    """Every method's result on one task.

    Attributes:
        task: Task name.
        kind: ``"retrieval"`` or ``"pairs"``.
        methods: Method name → summary, in the order run.
        retrieval: Method name → full retrieval result (per-query values), retrieval tasks only.
        pairs: Method name → full pairs result (scores for plots), pairs tasks only.
        primary_metric: The headline metric of the task.
    """

    task: str
    kind: str
    methods: dict[str, MethodEvaluation]
    retrieval: dict[str, RetrievalResult] = field(default_factory=dict)
    pairs: dict[str, PairsResult] = field(default_factory=dict)
    primary_metric: str | None = None


def _check_methods(methods: Sequence[str]) -> list[str]:
    names = list(dict.fromkeys(methods))
    if not names:
        raise InvalidInputError("no method given; pass --method NAME (e.g. tfidf-word, hybrid)")
    return names


def run_retrieval(  # noqa: PLR0913 (callers in engine/evaluation.py; issue 16)
    task: RetrievalTask,
    methods: Sequence[str],
    scorer: MethodScorer,
    model_ids: ModelIds,
    *,
    metrics: Sequence[str] = DEFAULT_RETRIEVAL_METRICS,
    options: EvalOptions | None = None,
    on_progress: Progress | None = None,
) -> TaskRun:
    """Evaluate each method on a retrieval task (metrics in ``metrics`` order)."""
    summaries: dict[str, MethodEvaluation] = {}
    results: dict[str, RetrievalResult] = {}
    names = list(metrics)
    if task.primary_metric not in names:
        names.insert(0, task.primary_metric)
    for method in _check_methods(methods):
        result = evaluate_retrieval(task, partial(scorer, method), names, options, on_progress)
        results[method] = result
        summaries[method] = MethodEvaluation(
            method, result.summary, model_ids(method), result.seconds, result.notes
        )
    return TaskRun(
        task.name, "retrieval", summaries, retrieval=results, primary_metric=task.primary_metric
    )


def run_pairs(  # noqa: PLR0913 (callers in engine/evaluation.py; issue 16)
    task: PairsTask,
    methods: Sequence[str],
    scorer: MethodScorer,
    model_ids: ModelIds,
    *,
    pair_options: PairOptions | None = None,
    options: EvalOptions | None = None,
    on_progress: Progress | None = None,
) -> TaskRun:
    """Evaluate each method on a pairs task."""
    settings = pair_options or PairOptions()
    summaries: dict[str, MethodEvaluation] = {}
    results: dict[str, PairsResult] = {}
    for method in _check_methods(methods):
        result = evaluate_pairs(
            task.pairs,
            partial(scorer, method),
            pair_options=settings,
            options=options,
            on_progress=on_progress,
        )
        results[method] = result
        notes = (*result.notes, *(f"{k} = {v:.4g}" for k, v in result.thresholds.items()))
        summaries[method] = MethodEvaluation(
            method, result.summary, model_ids(method), result.seconds, notes
        )
    primary = task.primary_metric if settings.group_by is not None else "roc_auc"
    return TaskRun(task.name, "pairs", summaries, pairs=results, primary_metric=primary)
