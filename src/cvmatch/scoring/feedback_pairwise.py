"""A pairwise (RankNet-style) correction of a prior ranking, fitted on one job's decisions.

The prior is the ranking the recruiter already sees (the star blend, 0-100). Every pair of a
shortlisted candidate ``p`` and a rejected one ``n`` is a preference; the model explains it with
the prior's own margin as a fixed offset plus a learned term over standardised features::

    z[i]      = (x[i] - mean) / std                     # over all the job's candidates
    P(p > n)  = sigmoid((prior[p] - prior[n]) / scale + w · (z[p] - z[n]))
    loss(w)   = m / |pairs| * sum(-log P(p > n)) + l2 / 2 * |w - start|^2   # start: 0
    score[i]  = clip(prior[i] + scale * w · z[i], 0, 100)

``scale`` is the prior's standard deviation over the job's candidates (at least 1 point) and
``m`` the number of decided candidates, so the data term grows with the evidence while the L2
term stays fixed: with few decisions ``w`` stays near ``start`` (0: the prior's order); pairs the
prior already orders well (a large positive margin) push ``w`` little, so the learner moves
only where the recruiter disagrees with the prior. The fit is scipy's L-BFGS on a convex loss,
deterministic for the same input (same decisions, same order).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.errors import InvalidInputError

_CONSTANT = 1e-12
"""A column whose std is below this is constant: it is centred, not scaled (and adds nothing)."""


@dataclass(frozen=True)
class PairwiseModel:
    """Learned weights over standardised features, in units of the prior's spread."""

    names: tuple[str, ...]
    mean: np.ndarray
    std: np.ndarray
    coef: np.ndarray
    scale: float
    """The prior's standard deviation (points of the 0-100 scale) that one unit of ``w · z`` is."""

    def correction(self, features: np.ndarray) -> np.ndarray:
        """Points added to the prior for each row of ``features`` (columns in :attr:`names`)."""
        z = (np.asarray(features, dtype=np.float64) - self.mean) / self.std
        return np.asarray(self.scale * (z @ self.coef), dtype=np.float64)

    def scores(self, prior: np.ndarray, features: np.ndarray) -> np.ndarray:
        """The corrected 0-100 scores (rounded to 0.01)."""
        corrected = np.asarray(prior, dtype=np.float64) + self.correction(features)
        return np.asarray(np.round(np.clip(corrected, 0.0, 100.0), 2), dtype=np.float64)


@dataclass(frozen=True)
class JobPairs:
    """One job's (shortlisted, rejected) pairs, standardised, with the prior's margins."""

    diff: np.ndarray
    """``(pairs, features)``: z[p] - z[n]."""
    offset: np.ndarray
    """``(prior[p] - prior[n]) / scale`` per pair."""
    weight: float
    """Decisions / pairs: the job's data term counts once per decision, not per pair."""


def _pairs(labels: Mapping[int, int]) -> tuple[np.ndarray, np.ndarray]:
    positive = sorted(r for r, y in labels.items() if y == 1)
    negative = sorted(r for r, y in labels.items() if y == 0)
    if not positive or not negative:
        raise InvalidInputError("learning from decisions needs both a positive and a negative")
    grid = np.array(np.meshgrid(positive, negative, indexing="ij")).reshape(2, -1)
    return grid[0], grid[1]


def _objective(
    w: np.ndarray, jobs: Sequence[JobPairs], l2: float, start: np.ndarray
) -> tuple[float, np.ndarray]:
    loss, gradient = 0.5 * l2 * float((w - start) @ (w - start)), l2 * (w - start)
    for job in jobs:
        margin = job.offset + job.diff @ w
        loss += job.weight * float(np.logaddexp(0.0, -margin).sum())
        gradient = gradient - job.weight * (job.diff.T @ (1.0 / (1.0 + np.exp(margin))))
    return loss, gradient


def solve(jobs: Sequence[JobPairs], l2: float, start: np.ndarray) -> np.ndarray:
    """The weights minimising the jobs' pairwise loss + ``l2 / 2 * |w - start|^2`` (L-BFGS).

    Raises:
        InvalidInputError: ``l2`` is not positive.
    """
    from scipy.optimize import minimize  # noqa: PLC0415 - only when a job learns

    if l2 <= 0.0:
        raise InvalidInputError(f"l2 must be > 0, got {l2}")
    first = np.asarray(start, dtype=np.float64)
    result = minimize(_objective, first, args=(jobs, l2, first), jac=True, method="L-BFGS-B")
    return np.asarray(result.x, dtype=np.float64)


def standardisation(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Column means and standard deviations of ``rows``; a constant column gets std 1."""
    mean, std = rows.mean(axis=0), rows.std(axis=0)
    return mean, np.where(std > _CONSTANT, std, 1.0)


def job_pairs(
    features: np.ndarray, prior: np.ndarray, labels: Mapping[int, int], width: int
) -> tuple[JobPairs, np.ndarray, np.ndarray, float]:
    """A job's pairs and its standardisation (mean, std over its candidates) and scale.

    Raises:
        InvalidInputError: Shapes disagree or one class is missing.
    """
    x = np.asarray(features, dtype=np.float64)
    base = np.asarray(prior, dtype=np.float64)
    if x.ndim != 2 or x.shape != (len(base), width):  # noqa: PLR2004 - a matrix
        raise InvalidInputError(f"features {x.shape} do not match {len(base)} x {width}")
    positive, negative = _pairs(labels)
    mean, std = standardisation(x)
    z = (x - mean) / std
    scale = max(float(base.std()), 1.0)
    pairs = JobPairs(
        z[positive] - z[negative],
        (base[positive] - base[negative]) / scale,
        len(labels) / len(positive),
    )
    return pairs, mean, std, scale


def fit_pairwise(
    features: np.ndarray,
    prior: np.ndarray,
    labels: Mapping[int, int],
    names: Sequence[str],
    l2: float = 1.0,
    start: np.ndarray | None = None,
) -> PairwiseModel:
    """Fit :class:`PairwiseModel` on the decided rows of one job (see the module doc).

    Args:
        features: ``(candidates, len(names))`` features of every candidate of the job.
        prior: The prior 0-100 score of every candidate (the offsets of the decided pairs).
        labels: Row → 1 (shortlisted) or 0 (rejected) for the decided rows, both present.
        names: Column names, stored with the model.
        l2: L2 strength toward ``start``, > 0.
        start: Weights the fit is pulled toward (default 0: the prior's order).

    Raises:
        InvalidInputError: Shapes disagree, ``l2`` is not positive or one class is missing.
    """
    pairs, mean, std, scale = job_pairs(features, prior, labels, len(names))
    first = np.zeros(len(names)) if start is None else np.asarray(start, dtype=np.float64)
    return PairwiseModel(tuple(names), mean, std, solve([pairs], l2, first), scale)
