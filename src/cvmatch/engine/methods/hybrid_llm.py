"""``hybrid+llm``: the product pipeline, then the LLM step on each job's top K (issue 21).

Every query (job side) is scored against the corpus (CV side) as ``hybrid`` does; its top K CVs
are then re-read through the configured endpoint (:class:`cvmatch.engine.llm.LlmStep`) and take
their fused score. Scores are / 100 (0–1). The answers are cached like ``--llm``'s, so a second
evaluation sends no request. When the endpoint fails the run keeps the hybrid scores and says
so in a warning (logged).
"""

import logging
from collections.abc import Sequence

import numpy as np

from cvmatch.engine.llm import LlmStep
from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.methods.hybrid import HybridMethod
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.errors import InvalidInputError
from cvmatch.llm.prompt import PROMPT_VERSION
from cvmatch.types import DocumentKind, Ranking

HYBRID_LLM = "hybrid+llm"
"""Method name of the pipeline followed by the LLM step."""
NOT_CONFIGURED = (
    "hybrid+llm needs an LLM endpoint: set CVMATCH_LLM_BASE_URL and CVMATCH_LLM_MODEL (docs/llm.md)"
)

logger = logging.getLogger(__name__)


class HybridLlmMethod(EvalMethod):
    """Hybrid match scores with each query's top K replaced by their fused score."""

    def __init__(self, pipeline: MatchPipeline) -> None:
        self._pipeline = pipeline
        self._step = LlmStep(pipeline.settings)
        if not self._step.configured:
            raise InvalidInputError(NOT_CONFIGURED)

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Fused scores / 100 of every query (job side) with every corpus text (CV side)."""
        parse = self._pipeline.parse_text
        jobs = [parse(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(queries)]
        cvs = [parse(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(corpus)]
        by_id = {cv.id: cv for cv in cvs}
        column = {cv.id: c for c, cv in enumerate(cvs)}
        scores = np.empty((len(jobs), len(cvs)), dtype=np.float64)
        for j, job in enumerate(jobs):
            row = self._pipeline.matrix([job], cvs, explain=False)[0]
            scores[j] = [m.score / 100.0 for m in row]
            ordered = tuple(sorted(row, key=lambda m: (-m.score, m.cv_id)))
            outcome = self._step.rerank(Ranking(job.id, DocumentKind.JOB, ordered), job, by_id)
            for warning in outcome.stats.warnings:
                logger.warning("%s", warning)
            for cv_id, review in outcome.reviews.items():
                scores[j, column[cv_id]] = review.fused_score / 100.0
        return scores

    def model_ids(self) -> dict[str, str]:
        """The hybrid ids, plus the LLM model, prompt version, weight and K."""
        s = self._pipeline.settings
        llm = f"{s.llm_model},prompt={PROMPT_VERSION},weight={s.llm_weight},top_k={s.llm_top_k}"
        return HybridMethod(self._pipeline).model_ids() | {"llm": llm}


class HybridLlmFamily(MethodFamily):
    """``hybrid+llm`` (takes no argument)."""

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The method over the context's pipeline; refused without an endpoint."""
        del argument
        if method != HYBRID_LLM:
            raise InvalidInputError(f"{method!r}: the hybrid+llm method takes no argument")
        return HybridLlmMethod(context.pipeline)
