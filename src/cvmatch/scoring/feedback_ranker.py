"""Per-job learning from a recruiter's decisions: the star blend, corrected by what they decided.

Below ``min_decisions`` labelled decisions (or while they are all of one class) the ranking is
the star blend of :mod:`cvmatch.scoring.feedback`, unchanged. From there on, by
``FeedbackLearner.method``:

* ``"rocchio"`` (the default) and ``"pairwise"`` — :mod:`cvmatch.scoring.feedback_pairwise`: the
  star blend is the prior and a pairwise logistic fit on (shortlisted, rejected) pairs learns a
  correction, L2-pulled toward zero (``l2``), so the order leaves the blend only as evidence
  accumulates (``l2`` = 100, chosen on the replay's dev halves). ``rocchio`` reads the four
  similarities of
  :func:`cvmatch.scoring.feedback_taste.taste_features` (to the shortlisted and to the rejected
  candidates); ``pairwise`` adds the match features and, when given, the per-requirement status.
* ``"logistic"`` — the first learner (kept for comparison)::

      x[i]        = match features of candidate i + its similarity to the starred centroid
      z[i]        = (x[i] - mean) / std            # over all the job's candidates
      p[i]        = sigmoid(w · z[i] + b)          # L2 logistic regression on the decided rows
      score[i]    = (1 - a) * star_blend[i] + a * 100 * p[i]     # a = learned_weight

  scikit-learn's ``LogisticRegression`` (lbfgs, ``C = l2_c``, balanced class weights).

Every fit is deterministic for the same input. A shortlist (or a star) is label 1, a reject
label 0; see :mod:`cvmatch.training.feedback_data`. The replay that chose the default is in
docs/benchmarks/feedback.md.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback import rerank
from cvmatch.scoring.feedback_pairwise import PairwiseModel, fit_pairwise, standardisation
from cvmatch.scoring.feedback_taste import TASTE_FEATURES, centroid_cosine, taste_features


@dataclass(frozen=True)
class FeedbackLearner:
    """Hyper-parameters of the per-job learner (fixed defaults, see the module doc)."""

    min_decisions: int = 10
    """Labelled decisions a job needs before its ranking uses learned weights (≥ 1)."""
    l2_c: float = 1.0
    """Inverse L2 strength of the logistic regression (scikit-learn's ``C``)."""
    learned_weight: float = 0.5
    """Share ``a`` of the learned probability in the final 0-100 score (``logistic`` only)."""
    method: str = "rocchio"
    """``rocchio``, ``pairwise`` or ``logistic`` (see the module doc)."""
    l2: float = 100.0
    """L2 strength toward 0, the star blend's order (``rocchio`` and ``pairwise``)."""


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
    mean, std = standardisation(ref)
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
    requirements: np.ndarray | None = None
    """``(candidates, requirements)`` status, met 1 / partial 0.5 / missing 0 (optional)."""


@dataclass(frozen=True)
class FeedbackRanking:
    """Scores (0-100) of every candidate and how they were made."""

    scores: np.ndarray
    similarity: np.ndarray | None
    decisions: int
    model: LinearRanker | PairwiseModel | None
    """The fitted weights, ``None`` when the star blend alone ranked (too few decisions)."""


_METHODS = ("pairwise", "rocchio", "logistic")


def feedback_rerank(
    job: JobFeedback, star_weight: float, learner: FeedbackLearner | None = None
) -> FeedbackRanking:
    """Re-rank a job's candidates from its decisions (the star blend below the threshold)."""
    learner = learner or FeedbackLearner()
    if learner.min_decisions < 1 or not 0.0 <= learner.learned_weight <= 1.0:
        raise InvalidInputError("min_decisions must be ≥ 1 and learned_weight within 0-1")
    if learner.method not in _METHODS:
        raise InvalidInputError(f"unknown learner {learner.method!r}; known: {_METHODS}")
    blended = rerank(job.job_scores, job.embeddings, job.starred, star_weight)
    count = len(job.labels)
    classes = set(job.labels.values())
    if count < learner.min_decisions or len(classes) < 2:  # noqa: PLR2004 - two classes
        return FeedbackRanking(blended.scores, blended.similarity, count, None)
    if learner.method == "logistic":
        return _logistic(job, blended.scores, blended.similarity, learner)
    problem = pairwise_problem(job, star_weight, full=learner.method == "pairwise")
    model = fit_pairwise(problem.x, problem.prior, job.labels, problem.names, learner.l2)
    scores = model.scores(blended.scores, problem.x)
    return FeedbackRanking(scores, blended.similarity, count, model)


@dataclass(frozen=True)
class PairwiseProblem:
    """What the pairwise learner fits on: its columns and the offsets' prior."""

    names: tuple[str, ...]
    x: np.ndarray
    prior: np.ndarray
    """The star blend, each starred row's as if it were not starred (its own vector in the
    centroid would otherwise inflate every margin it is in)."""


def pairwise_problem(job: JobFeedback, star_weight: float, full: bool) -> PairwiseProblem:
    """The columns (taste, then with ``full`` the job's features) and the leave-one-out prior."""
    names, x = _taste_columns(job, full)
    prior = rerank(job.job_scores, job.embeddings, job.starred, star_weight).scores.copy()
    starred = list(job.starred)
    if starred:
        own = np.clip(np.round(centroid_cosine(job.embeddings, starred)[starred], 5), 0.0, 1.0)
        prior[starred] = np.round(
            (1.0 - star_weight) * job.job_scores[starred] + star_weight * 100.0 * own, 2
        )
    return PairwiseProblem(names, x, prior)


def _taste_columns(job: JobFeedback, full: bool) -> tuple[tuple[str, ...], np.ndarray]:
    """The pairwise learner's columns: taste similarities, then (``full``) the job's features."""
    columns = [taste_features(job.embeddings, job.labels)]
    names: tuple[str, ...] = TASTE_FEATURES
    if full:
        columns.append(np.asarray(job.features, dtype=np.float64))
        names = (*names, *job.names)
        if job.requirements is not None and job.requirements.shape[1]:
            columns.append(np.asarray(job.requirements, dtype=np.float64))
            names = (*names, *(f"requirement_{i}" for i in range(job.requirements.shape[1])))
    return names, np.column_stack(columns)


def _logistic(
    job: JobFeedback, blend: np.ndarray, similarity: np.ndarray | None, learner: FeedbackLearner
) -> FeedbackRanking:
    """The first learner: half star blend, half P(shortlist) of a logistic regression."""
    star = similarity if similarity is not None else np.zeros(len(blend), dtype=np.float64)
    x = np.column_stack([job.features, star])
    rows = sorted(job.labels)
    model = fit_linear(
        x[rows],
        np.asarray([job.labels[r] for r in rows]),
        (*job.names, "star_similarity"),
        learner.l2_c,
        reference=x,
    )
    a = learner.learned_weight
    scores = np.round((1.0 - a) * blend + a * 100.0 * model.probability(x), 2)
    return FeedbackRanking(scores, similarity, len(job.labels), model)
