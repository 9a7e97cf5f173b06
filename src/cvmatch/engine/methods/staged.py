"""``hybrid+ranker:NAME`` and ``hybrid+rerank:NAME``: the pipeline with a trained stage on top.

The same stages as ``cvmatch rank --ranker NAME`` / ``--rerank NAME`` (:mod:`cvmatch.engine.
stages`), so ``cvmatch eval`` measures what users run: each query's candidates are ranked by
``hybrid``, the stage re-scores them (the cross-encoder the best ``rerank_top``, default 50)
and the scores / 100 are the method's. The candidates of a query are the whole corpus on a
retrieval task, and on a pairs task the CVs the task pairs with that job (its own list, as a
recruiter would see it); the other columns keep their ``hybrid`` scores.
"""

from collections.abc import Sequence

from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.methods.hybrid import HybridMethod
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.engine.stages import Stages, candidates_of
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask
from cvmatch.types import Document, Match

RANKER = "hybrid+ranker"
"""Method name prefix: ``hybrid`` then a trained ranker (``hybrid+ranker:NAME``)."""
RERANK = "hybrid+rerank"
"""Method name prefix: ``hybrid`` then a trained cross-encoder (``hybrid+rerank:NAME``)."""


_ORDER_STEP = 1e-9
"""Per-position decrement that encodes the staged ranking's tie order in the scores."""


class StagedHybridMethod(HybridMethod):
    """``hybrid`` whose rows are re-scored by trained stages (``lists``: pairs-task lists)."""

    def __init__(
        self,
        pipeline: MatchPipeline,
        stages: Stages,
        lists: dict[str, frozenset[str]] | None = None,
    ) -> None:
        super().__init__(pipeline)
        self._stages = stages
        self._lists = lists

    def _row(self, job: Document, cvs: Sequence[Document], matches: list[Match]) -> list[float]:
        column = {m.cv_id: c for c, m in enumerate(matches)}
        scores = [m.score / 100.0 for m in matches]
        members = matches
        if self._lists is not None:
            paired = self._lists.get(job.text, frozenset())
            members = [m for m, cv in zip(matches, cvs, strict=True) if cv.text in paired]
        ordered = sorted(members, key=lambda m: (-m.score, m.cv_id))
        candidates = candidates_of(ordered, [job], cvs)
        staged = self._pipeline.stages.apply(self._stages, candidates, _by_cv)
        for position, candidate in enumerate(staged):
            # Scores are shown to one decimal; the tiny step keeps the ranking's own order
            # among equal scores (the stage's finer score, then the id) for the metrics.
            score = candidate.match.score / 100.0 - position * _ORDER_STEP
            scores[column[candidate.match.cv_id]] = score
        return scores

    def model_ids(self) -> dict[str, str]:
        """The ``hybrid`` ids plus each stage's model and calibration."""
        stages = self._pipeline.stages.stages(self._stages)
        described = {
            f"{stage.kind.value}": f"{stage.model} (top {stage.top or 'all'}, calibration "
            f"{'stored' if stage.calibration else 'rank-preserving'})"
            for stage in stages
        }
        return super().model_ids() | described


def _by_cv(match: Match) -> str:
    return match.cv_id


class StagedHybridFamily(MethodFamily):
    """``hybrid+ranker:NAME`` or ``hybrid+rerank:NAME`` (``rerank``: which one)."""

    def __init__(self, *, rerank: bool) -> None:
        self._rerank = rerank

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The pipeline with the stage ``argument`` names (the model is checked now)."""
        if not argument:
            raise InvalidInputError(f"{method!r}: name the trained model, e.g. {method}:NAME@v1")
        stages = Stages(rerank=argument) if self._rerank else Stages(ranker=argument)
        context.pipeline.stages.stages(stages)  # unknown or wrong-kind models fail here
        lists = None
        if isinstance(context.task, PairsTask):
            paired: dict[str, set[str]] = {}
            for pair in context.task.pairs:
                paired.setdefault(pair.job, set()).add(pair.cv)
            lists = {job: frozenset(cvs) for job, cvs in paired.items()}
        return StagedHybridMethod(context.pipeline, stages, lists)
