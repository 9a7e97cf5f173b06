"""Benchmarks over the engine's scorers: the work is in :mod:`cvmatch.evaluation`."""

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.engine.recommend_method import RecommendScorer, is_recommend
from cvmatch.engine.titles_method import TitlesScorer, is_titles
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.runner import EvalOptions
from cvmatch.evaluation.suite import HYBRID, PairOptions, TaskRun, run_pairs, run_retrieval
from cvmatch.index.budget import budget_bytes, row_blocks
from cvmatch.types import DocumentKind

if TYPE_CHECKING:
    from cvmatch.engine.core import Engine

_MATCH_BYTES = 2048
"""Estimated memory of one :class:`cvmatch.types.Match` (explain off) while a block is scored."""


class EvaluationFacade:
    """Evaluate registry encoders, model folders and the ``hybrid`` pipeline on labelled tasks."""

    def __init__(self, engine: "Engine") -> None:
        self._engine = engine

    def similarity_matrix(
        self, method: str, queries: Sequence[str], corpus: Sequence[str]
    ) -> np.ndarray:
        """Score every query (job side) against every corpus text (CV side) with ``method``.

        ``method`` is ``"hybrid"`` (the default pipeline: :meth:`Engine.matrix` with
        ``explain=False`` over :meth:`Engine.parse_text` documents, score / 100 so it lies in
        0-1), a registered encoder name, or a model folder (e.g. one trained with cvmatch).
        """
        engine = self._engine
        if method == HYBRID:
            jobs = [engine.parse_text(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(queries)]
            cvs = [engine.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(corpus)]
            scores = np.empty((len(jobs), len(cvs)), dtype=np.float64)
            # Match objects cost ~2 KiB each: a few job rows at a time keep them in the budget.
            budget = budget_bytes(engine.settings.block_budget_mib)
            for rows in row_blocks(len(jobs), len(cvs), _MATCH_BYTES, budget):
                matches = engine.matrix(jobs[rows], cvs, explain=False)
                scores[rows] = [[m.score / 100.0 for m in row] for row in matches]
            return scores
        if is_titles(method):
            return TitlesScorer(engine, method)(queries, corpus)
        scorer = load_encoder(method)
        if isinstance(scorer, DenseEncoder):
            scorer = engine.encoder(method)  # shared instance, with the embedding cache
        return np.asarray(scorer.similarity(list(queries), list(corpus)), dtype=np.float64)

    def method_ids(self, method: str) -> dict[str, str]:
        """The model ids behind ``method`` (for evaluation reports)."""
        if method == HYBRID:
            s = self._engine.settings
            return {
                "english": self._engine.encoder(s.english_encoder).model_id,
                "multilingual": self._engine.encoder(s.multilingual_encoder).model_id,
                "weights": f"dense={s.dense_weight},lexical={s.lexical_weight}",
            }
        if is_titles(method):
            return TitlesScorer(self._engine, method).model_ids()
        return {"model_id": load_encoder(method).model_id}

    def evaluate(
        self,
        task: RetrievalTask | PairsTask,
        methods: Sequence[str],
        pair_options: PairOptions | None = None,
        options: EvalOptions | None = None,
    ) -> TaskRun:
        """Evaluate ``methods`` on a retrieval or pairs task."""
        progress = self._engine.on_progress
        options = options or EvalOptions()
        if options.budget is None:  # the engine's settings, not the process-wide ones
            options = replace(options, budget=budget_bytes(self._engine.settings.block_budget_mib))
        if isinstance(task, RetrievalTask):
            recommenders = {
                m: RecommendScorer(self._engine, task, m) for m in methods if is_recommend(m)
            }

            def similarity(
                method: str, queries: Sequence[str], corpus: Sequence[str]
            ) -> np.ndarray:
                if method in recommenders:
                    return recommenders[method](queries, corpus)
                return self.similarity_matrix(method, queries, corpus)

            def model_ids(method: str) -> dict[str, str]:
                if method in recommenders:
                    scorer = recommenders[method]
                    ids = {"model_id": scorer.model_id()}
                    return ids | ({"ad_weights": w} if (w := scorer.ad_weights()) else {})
                return self.method_ids(method)

            return run_retrieval(
                task, methods, similarity, model_ids, options=options, on_progress=progress
            )
        if any(is_recommend(m) for m in methods):
            raise InvalidInputError(
                "the recommend method ranks occupations: use it on a retrieval task"
            )
        return run_pairs(
            task,
            methods,
            self.similarity_matrix,
            self.method_ids,
            pair_options=pair_options,
            options=options,
            on_progress=progress,
        )
