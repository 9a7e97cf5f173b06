"""Per-job learning from a recruiter's decisions: weights fitted on the job's decided candidates.

Below ``min_decisions`` labelled decisions (or while they are all of one class) the ranking is
the star blend of :mod:`cvmatch.scoring.feedback`, unchanged. From there on::

    x[i]        = match features of candidate i (:mod:`cvmatch.scoring.match_features`)
                  + its similarity to the starred centroid (0 when nothing is starred)
    z[i]        = (x[i] - mean) / std            # over all the job's candidates
    p[i]        = sigmoid(w · z[i] + b)          # L2 logistic regression on the decided rows
    score[i]    = (1 - a) * star_blend[i] + a * 100 * p[i]     # 0-100, a = learned_weight

The fit is scikit-learn's ``LogisticRegression`` (lbfgs, ``C = l2_c``, balanced class weights so
that a few shortlists among many rejects still count), deterministic for the same input. A
shortlist (or a star) is label 1, a reject label 0; see :mod:`cvmatch.training.feedback_data`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback import rerank

_CONSTANT = 1e-12
"""A column whose std is below this is constant: it is centred, not scaled."""


@dataclass(frozen=True)
class FeedbackLearner:
    """Hyper-parameters of the per-job learner (fixed defaults, see the module doc)."""

    min_decisions: int = 10
    """Labelled decisions a job needs before its ranking uses learned weights (≥ 1)."""
    l2_c: float = 1.0
    """Inverse L2 strength of the logistic regression (scikit-learn's ``C``)."""
    learned_weight: float = 0.5
    """Share ``a`` of the learned probability in the final 0-100 score."""


@dataclass(frozen=True)
class LinearRanker:
    """A fitted logistic regression over standardised features (``score`` gives P(positive))."""

    names: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    coef: np.ndarray
    intercept: float

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(label 1) of each row of ``features`` (columns in :attr:`names` order)."""
        z = (np.asarray(features, dtype=np.float64) - self.mean) / self.std
        return np.asarray(1.0 / (1.0 + np.exp(-(z @ self.coef + self.intercept))))


def fit_linear(
    features: np.ndarray,
    labels: np.ndarray,
    names: Sequence[str],
    l2_c: float = 1.0,
    reference: np.ndarray | None = None,
) -> LinearRanker:
    """Fit :class:`LinearRanker` on labelled rows; standardise with ``reference`` rows' statistics.

    Args:
        features: ``(n, len(names))`` features of the labelled rows.
        labels: ``n`` labels, 0 or 1, both present.
        names: Column names, stored with the model.
        l2_c: Inverse L2 strength.
        reference: Rows whose mean / std standardise (default ``features``); constant columns
            get std 1.

    Raises:
        InvalidInputError: Shapes disagree or only one class is labelled.
    """
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - 1 s to import

    x = np.asarray(features, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64)
    if x.ndim != 2 or x.shape != (len(y), len(names)):  # noqa: PLR2004 - a matrix
        raise InvalidInputError(f"features {x.shape} do not match {len(y)} labels x {len(names)}")
    if len(set(y.tolist())) < 2:  # noqa: PLR2004 - two classes
        raise InvalidInputError("learning from decisions needs both a positive and a negative")
    ref = x if reference is None else np.asarray(reference, dtype=np.float64)
    mean, std = ref.mean(axis=0), ref.std(axis=0)
    std = np.where(std > _CONSTANT, std, 1.0)
    model = LogisticRegression(C=l2_c, class_weight="balanced", max_iter=1000)
    model.fit((x - mean) / std, y)
    return LinearRanker(
        tuple(names), mean, std, model.coef_[0].astype(np.float64), float(model.intercept_[0])
    )


@dataclass(frozen=True)
class JobFeedback:
    """One job's candidates (rows aligned) and what the recruiter said about them."""

    job_scores: np.ndarray
    """0-100 job score per candidate."""
    embeddings: np.ndarray
    """``(candidates, dim)`` unit vectors of the feedback encoder (for the star blend)."""
    features: np.ndarray
    """``(candidates, features)`` match features."""
    names: tuple[str, ...]
    """Feature column names."""
    labels: Mapping[int, int] = field(default_factory=dict)
    """Row → 1 (shortlisted / starred) or 0 (rejected), for the decided rows."""
    starred: Sequence[int] = ()
    """Rows of the starred candidates (the star blend's input)."""


@dataclass(frozen=True)
class FeedbackRanking:
    """Scores (0-100) of every candidate and how they were made."""

    scores: np.ndarray
    similarity: np.ndarray | None
    decisions: int
    model: LinearRanker | None
    """The fitted weights, ``None`` when the star blend alone ranked (too few decisions)."""


def feedback_rerank(
    job: JobFeedback, star_weight: float, learner: FeedbackLearner | None = None
) -> FeedbackRanking:
    """Re-rank a job's candidates from its decisions (the star blend below the threshold)."""
    learner = learner or FeedbackLearner()
    if learner.min_decisions < 1 or not 0.0 <= learner.learned_weight <= 1.0:
        raise InvalidInputError("min_decisions must be ≥ 1 and learned_weight within 0-1")
    blended = rerank(job.job_scores, job.embeddings, job.starred, star_weight)
    count = len(job.labels)
    classes = set(job.labels.values())
    if count < learner.min_decisions or len(classes) < 2:  # noqa: PLR2004 - two classes
        return FeedbackRanking(blended.scores, blended.similarity, count, None)
    similarity = (
        blended.similarity
        if blended.similarity is not None
        else np.zeros(len(job.job_scores), dtype=np.float64)
    )
    x = np.column_stack([job.features, similarity])
    rows = sorted(job.labels)
    model = fit_linear(
        x[rows],
        np.asarray([job.labels[r] for r in rows]),
        (*job.names, "star_similarity"),
        learner.l2_c,
        reference=x,
    )
    a = learner.learned_weight
    scores = np.round((1.0 - a) * blended.scores + a * 100.0 * model.probability(x), 2)
    return FeedbackRanking(scores, blended.similarity, count, model)
