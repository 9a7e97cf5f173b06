"""The per-job learner on hand-checkable toy data, and the match features it reads."""

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback import rerank
from cvmatch.scoring.feedback_ranker import (
    FeedbackLearner,
    JobFeedback,
    feedback_rerank,
    fit_linear,
)
from cvmatch.scoring.match_features import MATCH_FEATURES, match_features
from cvmatch.types import (
    Evidence,
    EvidenceStatus,
    Importance,
    Match,
    Requirement,
    RequirementKind,
    Signals,
)

# 20 candidates. Odd rows have the skill the recruiter wants (feature 1), even rows do not; the
# job score prefers the even rows: row i scores 90 - i, +5 when i is even.
N = 20
SKILL = np.asarray([[float(i % 2)] for i in range(N)])
SCORES = np.asarray([90.0 - i + (5.0 if i % 2 == 0 else 0.0) for i in range(N)])
VECTORS = np.tile(np.asarray([[1.0, 0.0]], dtype=np.float32), (N, 1))  # one point: no star signal


def job(decided: int) -> JobFeedback:
    """The first ``decided`` rows decided by the skill: odd → shortlisted (and starred)."""
    labels = {i: i % 2 for i in range(decided)}
    starred = [i for i, y in labels.items() if y == 1]
    return JobFeedback(SCORES, VECTORS, SKILL, ("skill",), labels, starred)


def test_below_the_threshold_it_is_the_star_blend() -> None:
    toy = job(9)
    result = feedback_rerank(toy, 0.5, FeedbackLearner(min_decisions=10))
    blend = rerank(SCORES, VECTORS, list(toy.starred), 0.5)
    assert result.model is None
    assert result.decisions == 9
    np.testing.assert_array_equal(result.scores, blend.scores)
    # Every vector is the same point, so the similarity is 1 and the blend is 0.5 * s + 50:
    # row 10 (even: 90 - 10 + 5 = 85) stays above row 11 (odd: 90 - 11 = 79): 92.5 > 89.5.
    assert result.scores[10] == pytest.approx(0.5 * 85.0 + 50.0)
    assert result.scores[10] > result.scores[11]


@pytest.mark.parametrize("method", ["pairwise", "logistic"])
def test_after_enough_decisions_the_wanted_feature_ranks_first(method: str) -> None:
    learner = FeedbackLearner(min_decisions=10, method=method, l2=1.0)
    result = feedback_rerank(job(10), 0.5, learner)
    assert result.model is not None
    weights = dict(zip(result.model.names, result.model.coef, strict=True))
    assert weights["skill"] > 0  # the skill column pushes up
    # Undecided row 11 has the skill but a lower job score than row 10 (79 vs 85):
    assert result.scores[11] > result.scores[10]
    undecided = np.arange(10, N)
    top_half = undecided[np.argsort(-result.scores[undecided], kind="stable")][:5]
    assert set(top_half.tolist()) == {11, 13, 15, 17, 19}


def test_one_class_only_falls_back_to_the_star_blend() -> None:
    toy = JobFeedback(SCORES, VECTORS, SKILL, ("skill",), dict.fromkeys(range(12), 0))
    result = feedback_rerank(toy, 0.5)
    assert result.model is None
    np.testing.assert_array_equal(result.scores, SCORES)


def test_the_fit_is_deterministic_and_checks_its_input() -> None:
    x, y = SKILL[:10], np.asarray([i % 2 for i in range(10)])
    first, second = fit_linear(x, y, ("skill",)), fit_linear(x, y, ("skill",))
    np.testing.assert_array_equal(first.coef, second.coef)
    assert first.probability(np.asarray([[1.0]]))[0] > 0.5 > first.probability([[0.0]])[0]
    with pytest.raises(InvalidInputError, match="both a positive and a negative"):
        fit_linear(x, np.zeros(10), ("skill",))
    with pytest.raises(InvalidInputError, match="do not match"):
        fit_linear(x, y, ("skill", "other"))
    with pytest.raises(InvalidInputError, match="min_decisions"):
        feedback_rerank(job(10), 0.5, FeedbackLearner(min_decisions=0))


def _evidence(kind: RequirementKind, status: EvidenceStatus, years: tuple[float, float] | None):
    requirement = Requirement("r", kind, Importance.REQUIRED)
    found, required = years if years else (None, None)
    return Evidence(requirement, status, 0.0, found_years=found, required_years=required)


def test_match_features_count_missing_must_haves_and_years() -> None:
    evidence = (
        _evidence(RequirementKind.SKILL, EvidenceStatus.MISSING, None),
        _evidence(RequirementKind.SKILL, EvidenceStatus.MET, None),
        _evidence(RequirementKind.EXPERIENCE, EvidenceStatus.PARTIAL, (2.0, 4.0)),
        _evidence(RequirementKind.EXPERIENCE, EvidenceStatus.MET, (6.0, 3.0)),
    )
    match = Match("j", "c", 50.0, Signals(0.1, 0.2, 0.3, "m"), evidence=evidence, knockout=True)
    row = dict(zip(MATCH_FEATURES, match_features(match).tolist(), strict=True))
    assert row["must_have_missing"] == 0.25  # 1 of 4 required requirements is missing
    assert row["years"] == 0.75  # mean(min(2/4, 1), min(6/3, 1)) = mean(0.5, 1)
    assert row["knockout"] == 1.0
    assert row["score"] == 0.5
