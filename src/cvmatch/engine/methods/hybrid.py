"""``hybrid``: the default product pipeline over parsed text, score / 100 (0–1)."""

from collections.abc import Sequence

import numpy as np

from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.methods.hybrid_two_stage import TwoStageHybridMethod
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.evaluation.suite import HYBRID
from cvmatch.index.budget import budget_bytes, row_blocks
from cvmatch.types import Document, DocumentKind, Match

_MATCH_BYTES = 2048
"""Estimated memory of one :class:`cvmatch.types.Match` (explain off) while a block is scored."""


class HybridMethod(EvalMethod):
    """:meth:`cvmatch.engine.Engine.matrix` with ``explain=False`` over parsed texts."""

    def __init__(self, pipeline: MatchPipeline) -> None:
        self._pipeline = pipeline

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Match scores / 100 of every query (job side) with every corpus text (CV side)."""
        parse = self._pipeline.parse_text
        jobs = [parse(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(queries)]
        cvs = [parse(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(corpus)]
        scores = np.empty((len(jobs), len(cvs)), dtype=np.float64)
        # Match objects cost ~2 KiB each: a few job rows at a time keep them in the budget.
        budget = budget_bytes(self._pipeline.settings.block_budget_mib)
        for rows in row_blocks(len(jobs), len(cvs), _MATCH_BYTES, budget):
            matches = self._pipeline.matrix(jobs[rows], cvs, explain=False)
            scores[rows] = [self._row(jobs[rows][i], cvs, row) for i, row in enumerate(matches)]
        return scores

    def _row(self, job: Document, cvs: Sequence[Document], matches: list[Match]) -> list[float]:
        """One job's scores / 100, column by column (a subclass may re-score them first)."""
        del job, cvs
        return [m.score / 100.0 for m in matches]

    def model_ids(self) -> dict[str, str]:
        """Both encoders' model ids and the fusion weights."""
        s, encoders = self._pipeline.settings, self._pipeline.encoders
        return {
            "english": encoders.model_id(s.english_encoder),
            "multilingual": encoders.model_id(s.multilingual_encoder),
            "weights": f"dense={s.dense_weight},lexical={s.lexical_weight}",
        }


class HybridFamily(MethodFamily):
    """``hybrid`` (takes no argument); on a retrieval task, two stages above a corpus size."""

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The pipeline method; an argument is refused."""
        del argument
        if method != HYBRID:
            raise InvalidInputError(f"{method!r}: the hybrid method takes no argument")
        settings = context.pipeline.settings
        if isinstance(context.task, RetrievalTask) and settings.hybrid_candidates:
            full = HybridMethod(context.pipeline)
            return TwoStageHybridMethod(
                context.pipeline, full, settings.hybrid_full_limit, settings.hybrid_candidates
            )
        return HybridMethod(context.pipeline)
