"""The optional LLM step over a ranking or a pair (``--llm``; issue 21, docs/llm.md).

:class:`LlmStep` re-reads the top K of a ranking through :class:`cvmatch.llm.reviewer.Reviewer`
and re-orders those K by fused score (the rest keep their place below). When no endpoint is
configured it is off and callers leave their output untouched; when the endpoint fails the
ranking is the deterministic one and the outcome says so (``degraded``, a warning).
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from cvmatch.llm.config import LlmConfig, llm_config
from cvmatch.llm.payload import review_to_dict, run_to_dict
from cvmatch.llm.results import Review, RunStats
from cvmatch.llm.reviewer import Pair, Reviewer
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Match, Ranking

__all__ = ["LlmOutcome", "LlmStep"]


@dataclass(frozen=True)
class LlmOutcome:
    """A ranking after the LLM step, the reviews by the other side's id, and the run's stats."""

    ranking: Ranking
    reviews: Mapping[str, Review]
    stats: RunStats
    degraded: bool
    config: LlmConfig

    def add_to_ranking(self, payload: dict[str, Any]) -> dict[str, Any]:
        """``payload`` (``output.ranking_to_dict``) with the ``llm`` block and per-result fields."""
        results = []
        for row in payload["results"]:
            review = self.reviews.get(row["id"])
            if review is None:  # beyond the top K: as the deterministic ranking gave it
                results.append(row)
                continue
            results.append(row | {"fused_score": review.fused_score, "llm": review_to_dict(review)})
        block = run_to_dict(self.config, self.stats.reviewed, self.degraded)
        return payload | {"results": results, "llm": block | {"warnings": self.stats.warnings}}

    def add_to_match(self, payload: dict[str, Any], cv_id: str) -> dict[str, Any]:
        """``payload`` (one pair, ``output.match_to_dict``) with its review and the ``llm`` block."""
        ranked = self.add_to_ranking({"results": [payload | {"id": cv_id}]})
        row: dict[str, Any] = ranked["results"][0]
        del row["id"]
        return row | {"llm_run": ranked["llm"]}


class LlmStep:
    """The LLM re-reading step built from the settings (off when no endpoint is set)."""

    def __init__(self, settings: Settings) -> None:
        self._config = llm_config(settings)

    @property
    def configured(self) -> bool:
        """Whether an endpoint is configured (``CVMATCH_LLM_BASE_URL`` and ``_MODEL``)."""
        return self._config is not None

    def rerank(
        self, ranking: Ranking, query: Document, others: Mapping[str, Document]
    ) -> LlmOutcome:
        """Review the top K of ``ranking`` (``others``: the ranked documents by id).

        Raises:
            RuntimeError: When called while not configured (check :attr:`configured`).
        """
        config = self._require()
        top = ranking.matches[: config.top_k]
        pairs = [_pair(query, others, match) for match in top]
        run = Reviewer(config).review(pairs)
        reviews = {_other_id(query, r.job_id, r.cv_id): r for r in run.reviews}
        if not run.degraded:
            fused = {id(m): reviews[_other_id(query, m.job_id, m.cv_id)].fused_score for m in top}
            order = sorted(top, key=lambda m: (-fused[id(m)], _other_id(query, m.job_id, m.cv_id)))
            ranking = replace(ranking, matches=(*order, *ranking.matches[config.top_k :]))
        return LlmOutcome(ranking, reviews, run.stats, run.degraded, config)

    def review_pair(self, job: Document, cv: Document, match: Match) -> LlmOutcome:
        """Review one pair (``cvmatch score --llm``)."""
        ranking = Ranking(job.id, DocumentKind.JOB, (match,))
        return self.rerank(ranking, job, {cv.id: cv})

    def _require(self) -> LlmConfig:
        if self._config is None:
            raise RuntimeError("the LLM step is not configured (set CVMATCH_LLM_BASE_URL)")
        return self._config


def _other_id(query: Document, job_id: str, cv_id: str) -> str:
    return cv_id if query.kind is DocumentKind.JOB else job_id


def _pair(query: Document, others: Mapping[str, Document], match: Match) -> Pair:
    if query.kind is DocumentKind.JOB:
        return query, others[match.cv_id], match
    return others[match.job_id], query, match
