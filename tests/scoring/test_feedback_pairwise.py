"""The pairwise learner: a synthetic recruiter's rule is recovered, the prior kept without evidence.

The recruiter of these tests shortlists exactly the candidates who meet requirement 2 ("has
Kubernetes") and rejects the others, whatever the job score says. The job score prefers the
candidates *without* it, and every embedding is the same point, so the star blend cannot see the
rule: only the per-requirement columns can carry it.
"""

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback import order, rerank
from cvmatch.scoring.feedback_pairwise import fit_pairwise
from cvmatch.scoring.feedback_ranker import FeedbackLearner, JobFeedback, feedback_rerank
from cvmatch.scoring.match_features import MATCH_FEATURES

N = 60
RNG = np.random.default_rng(7)
REQUIREMENTS = RNG.integers(0, 2, size=(N, 4)).astype(np.float64)  # met 1 / missing 0
WANTED = REQUIREMENTS[:, 2] == 1
SCORES = np.round(60.0 + 20.0 * RNG.random(N) - 10.0 * WANTED, 2)  # prefers the unwanted
FEATURES = np.column_stack([SCORES / 100.0, RNG.random((N, len(MATCH_FEATURES) - 1))])
VECTORS = np.tile(np.asarray([[1.0, 0.0]], dtype=np.float32), (N, 1))
IDS = np.arange(N)


def _job(decided: int, labels_order: int = 1) -> JobFeedback:
    """The recruiter's first ``decided`` decisions, top-down in the job score's order."""
    review = order(SCORES, IDS)[:decided]
    labels = {int(r): int(WANTED[r]) for r in review[::labels_order]}
    starred = sorted(r for r, y in labels.items() if y == 1)
    return JobFeedback(SCORES, VECTORS, FEATURES, MATCH_FEATURES, labels, starred, REQUIREMENTS)


def _top_remaining(scores: np.ndarray, decided: int, size: int = 10) -> np.ndarray:
    remaining = order(SCORES, IDS)[decided:]
    return remaining[np.lexsort((remaining, -scores[remaining]))][:size]


def test_the_learner_recovers_the_recruiters_requirement_rule() -> None:
    job = _job(20)
    learned = feedback_rerank(job, 0.5, FeedbackLearner(method="pairwise"))
    blend = rerank(SCORES, VECTORS, list(job.starred), 0.5)
    assert learned.model is not None
    weights = dict(zip(learned.model.names, learned.model.coef, strict=True))
    assert weights["requirement_2"] > 0
    assert weights["requirement_2"] == max(abs(w) for w in weights.values())
    # 8 of the 10 best undecided candidates have Kubernetes (the strong pull toward the blend
    # keeps some of its order after 20 decisions); under the blend most do not.
    assert WANTED[_top_remaining(learned.scores, 20)].sum() >= 8
    assert WANTED[_top_remaining(blend.scores, 20)].mean() < 0.5


def test_the_same_decisions_give_the_same_order_whatever_their_order() -> None:
    learner = FeedbackLearner(method="pairwise")
    first = feedback_rerank(_job(20), 0.5, learner)
    again = feedback_rerank(_job(20), 0.5, learner)
    reversed_labels = feedback_rerank(_job(20, labels_order=-1), 0.5, learner)
    np.testing.assert_array_equal(first.scores, again.scores)
    np.testing.assert_array_equal(first.scores, reversed_labels.scores)


def test_a_strong_pull_keeps_the_prior_order() -> None:
    job = _job(20)
    blend = rerank(SCORES, VECTORS, list(job.starred), 0.5).scores
    model = fit_pairwise(REQUIREMENTS, blend, job.labels, ("a", "b", "c", "d"), l2=1e9)
    np.testing.assert_allclose(model.coef, 0.0, atol=1e-6)
    np.testing.assert_allclose(model.scores(blend, REQUIREMENTS), blend, atol=0.01)


def test_the_start_is_where_the_fit_is_pulled() -> None:
    job = _job(20)
    start = np.asarray([0.0, 0.0, 0.0, -3.0])
    model = fit_pairwise(REQUIREMENTS, SCORES, job.labels, ("a", "b", "c", "d"), 1e9, start)
    np.testing.assert_allclose(model.coef, start, atol=1e-6)


def test_bad_input_raises() -> None:
    job = _job(20)
    with pytest.raises(InvalidInputError, match="both a positive and a negative"):
        fit_pairwise(REQUIREMENTS, SCORES, dict.fromkeys(range(5), 0), ("a", "b", "c", "d"))
    with pytest.raises(InvalidInputError, match="do not match"):
        fit_pairwise(REQUIREMENTS, SCORES, job.labels, ("a", "b"))
    with pytest.raises(InvalidInputError, match="l2 must be > 0"):
        fit_pairwise(REQUIREMENTS, SCORES, job.labels, ("a", "b", "c", "d"), l2=0.0)
    with pytest.raises(InvalidInputError, match="unknown learner"):
        feedback_rerank(job, 0.5, FeedbackLearner(method="forest"))


def test_the_default_learner_learns_to_avoid_what_resembles_the_rejects() -> None:
    """Two kinds of candidate, A around 0 rad and B around 0.3 rad; the recruiter wants A only.

    The job score gives B 5 points more, so the first 10 reviewed are 1 A and 9 B. A and B are
    close (cos 0.3 = 0.96), so the star blend's pull toward the one starred A barely separates
    them: 2 of its 5 best undecided are A. The default learner also sees that the 9 rejects are
    B, pushes every B down and ranks the 5 remaining-best among the A.
    """
    count, rng = 40, np.random.default_rng(0)
    kind_a = np.arange(count) % 4 == 0
    angle = np.where(kind_a, 0.0, 0.3) + rng.normal(0.0, 0.05, count)
    vectors = np.column_stack([np.cos(angle), np.sin(angle)]).astype(np.float32)
    scores = np.round(60.0 + 30.0 * rng.random(count) + np.where(kind_a, 0.0, 5.0), 2)
    review = order(scores, np.arange(count))[:10]
    labels = {int(r): int(kind_a[r]) for r in review}
    starred = sorted(r for r, y in labels.items() if y == 1)
    job = JobFeedback(scores, vectors, np.zeros((count, 1)), ("none",), labels, starred)
    blend = rerank(scores, vectors, starred, 0.5).scores
    learned = feedback_rerank(job, 0.5)
    remaining = order(scores, np.arange(count))[10:]
    top = [remaining[np.lexsort((remaining, -s[remaining]))][:5] for s in (blend, learned.scores)]
    assert learned.model is not None
    assert kind_a[review].sum() == 1
    assert kind_a[top[0]].sum() == 2
    assert kind_a[top[1]].all()
