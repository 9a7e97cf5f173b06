"""Benchmarks over the engine's scorers: the work is in :mod:`cvmatch.evaluation`.

Methods come from the registry of :mod:`cvmatch.engine.methods.registry`.
"""

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from cvmatch.engine.methods.base import EvalMethod, MethodContext
from cvmatch.engine.methods.recommend import RETRIEVAL_ONLY
from cvmatch.engine.methods.registry import build_method, method_family
from cvmatch.engine.occupations import OccupationFacade
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.runner import EvalOptions
from cvmatch.evaluation.suite import PairOptions, TaskRun, run_pairs, run_retrieval
from cvmatch.index.budget import budget_bytes


class EvaluationFacade:
    """Evaluate registry encoders, model folders and the ``hybrid`` pipeline on labelled tasks."""

    def __init__(self, pipeline: MatchPipeline, occupations: OccupationFacade) -> None:
        self._pipeline = pipeline
        self._occupations = occupations

    def similarity_matrix(
        self, method: str, queries: Sequence[str], corpus: Sequence[str]
    ) -> np.ndarray:
        """Score every query (job side) against every corpus text (CV side) with ``method``.

        ``method`` is ``"hybrid"`` (the default pipeline: :meth:`Engine.matrix` with
        ``explain=False`` over :meth:`Engine.parse_text` documents, score / 100 so it lies in
        0-1), ``titles[:MODEL[+MODEL]]``, a registered encoder name, or a model folder (e.g. one
        trained with cvmatch).
        """
        return self._method(method).similarity(queries, corpus)

    def method_ids(self, method: str) -> dict[str, str]:
        """The model ids behind ``method`` (for evaluation reports)."""
        return self._method(method).model_ids()

    def evaluate(
        self,
        task: RetrievalTask | PairsTask,
        methods: Sequence[str],
        pair_options: PairOptions | None = None,
        options: EvalOptions | None = None,
    ) -> TaskRun:
        """Evaluate ``methods`` on a retrieval or pairs task (each method built once)."""
        progress = self._pipeline.encoders.on_progress
        options = options or EvalOptions()
        if options.budget is None:  # the engine's settings, not the process-wide ones
            budget = budget_bytes(self._pipeline.settings.block_budget_mib)
            options = replace(options, budget=budget)
        if isinstance(task, PairsTask) and any(method_family(m)[0].retrieval_only for m in methods):
            raise InvalidInputError(RETRIEVAL_ONLY)
        built: dict[str, EvalMethod] = {}

        def method(name: str) -> EvalMethod:
            if name not in built:
                built[name] = self._method(name, task)
            return built[name]

        def similarity(name: str, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
            return method(name).similarity(queries, corpus)

        def model_ids(name: str) -> dict[str, str]:
            return method(name).model_ids()

        if isinstance(task, RetrievalTask):
            return run_retrieval(
                task, methods, similarity, model_ids, options=options, on_progress=progress
            )
        return run_pairs(
            task,
            methods,
            similarity,
            model_ids,
            pair_options=pair_options,
            options=options,
            on_progress=progress,
        )

    def _method(self, method: str, task: RetrievalTask | PairsTask | None = None) -> EvalMethod:
        return build_method(method, MethodContext(self._pipeline, self._occupations, task))
