"""Trained scoring stages over a ranked list: re-score, re-order, record how each moved a pair.

A stage (:class:`ScoringStage`) is a trained model that gives each job–CV pair a raw output —
a cross-encoder's logit (:mod:`cvmatch.scoring.rerank`) or a learned ranker's score over the
pair's texts or over the pipeline's match features (:mod:`cvmatch.scoring.ranker_stage`) — and a calibration that turns it into the 0–100 score
(:mod:`cvmatch.scoring.stage_calibration`). :func:`apply_stage` runs one over a list, best
first: the first ``top`` pairs (all without ``top``) are re-scored, then the whole list is
sorted again by score (one decimal; equal scores by the unrounded stage score, then by the
tie key, i.e. the other side's id). Each re-scored pair
keeps its evidence and gains a :class:`~cvmatch.types.StageEffect` and one reason line.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from cvmatch.scoring.stage_calibration import StageCalibration, rank_preserving
from cvmatch.types import Document, Match, StageEffect

STORED = "stored"
RANK_PRESERVING = "rank-preserving"


class StageKind(StrEnum):
    """What kind of trained model a stage runs."""

    RERANK = "rerank"
    """A cross-encoder re-reading the top of the list."""
    RANKER = "ranker"
    """Learned weights over the pipeline's features."""


_LABELS = {StageKind.RERANK: "re-ranked by", StageKind.RANKER: "ranked by"}


@dataclass(frozen=True)
class Candidate:
    """A scored pair with the two documents it pairs (what a stage reads)."""

    match: Match
    job: Document
    cv: Document


PairScorer = Callable[[Sequence[Candidate]], np.ndarray]
"""Raw outputs of a trained model for scored pairs (higher: better match)."""


@dataclass(frozen=True)
class ScoringStage:
    """One trained model applied to a ranked list (``top``: only its best pairs; None: all)."""

    model: str
    kind: StageKind
    scorer: PairScorer
    calibration: StageCalibration | None
    top: int | None = None
    knockout_cap: float = 25.0

    def scores(self, raw: np.ndarray, before: np.ndarray, knockout: np.ndarray) -> np.ndarray:
        """Unrounded 0–100 scores of the re-scored pairs, from their raw outputs."""
        if self.calibration is None:
            return rank_preserving(before, raw)
        p = self.calibration.probability(raw)
        return np.asarray(np.where(knockout, self.knockout_cap, 100.0) * p)


def apply_stage(
    stage: ScoringStage, candidates: Sequence[Candidate], tie: Callable[[Match], str]
) -> list[Candidate]:
    """Re-score the first ``stage.top`` candidates and sort the list again (see module doc)."""
    head = list(candidates[: stage.top] if stage.top else candidates)
    if not head:
        return list(candidates)
    raw = np.asarray(stage.scorer(head), dtype=np.float64)
    before = np.asarray([c.match.score for c in head], dtype=np.float64)
    knockout = np.asarray([c.match.knockout for c in head], dtype=bool)
    precise = stage.scores(raw, before, knockout)
    after = np.round(precise, 1)  # one decimal, as the first stage's scores
    moved = [replace(c, match=replace(c.match, score=float(after[i]))) for i, c in enumerate(head)]
    # Equal shown scores keep the model's finer order, then the tie key (the other side's id).
    fine = {id(c): float(precise[i]) for i, c in enumerate(moved)}
    ordered = sorted(
        [*moved, *candidates[len(head) :]],
        key=lambda c: (-c.match.score, -fine.get(id(c), c.match.score), tie(c.match)),
    )
    rank_after = {id(c): rank for rank, c in enumerate(ordered, start=1)}
    effects = {
        id(c): StageEffect(
            model=stage.model,
            kind=stage.kind.value,
            raw=round(float(raw[i]), 4),
            score_before=float(before[i]),
            score_after=float(after[i]),
            rank_before=i + 1,
            rank_after=rank_after[id(c)],
            calibration=RANK_PRESERVING if stage.calibration is None else STORED,
        )
        for i, c in enumerate(moved)
    }
    return [_with_effect(c, effects[id(c)]) if id(c) in effects else c for c in ordered]


def _with_effect(candidate: Candidate, effect: StageEffect) -> Candidate:
    label = _LABELS[StageKind(effect.kind)]
    reason = (
        f"{label} {effect.model}: score {effect.score_before:g} → {effect.score_after:g}, "
        f"rank {effect.rank_before} → {effect.rank_after}"
    )
    match = candidate.match
    return replace(
        candidate,
        match=replace(match, stages=(*match.stages, effect), reasons=(*match.reasons, reason)),
    )
