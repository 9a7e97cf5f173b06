"""Percentile bootstrap confidence intervals over queries (or groups), seeded and deterministic.

Each resample draws ``n`` queries with replacement and averages their values; the interval is the
``(1 - confidence) / 2`` and ``(1 + confidence) / 2`` quantiles of those averages. The same seed,
values and settings always give the same interval. :func:`paired_bootstrap_ci` resamples the same
queries for two systems, which is the fair way to compare them on one benchmark.
"""

import math
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cvmatch.errors import InvalidInputError

# Resample in blocks so that memory stays at _BLOCK * n indices even for large query sets.
_BLOCK = 100


class ConfidenceInterval(NamedTuple):
    """Observed mean with the low and high ends of its bootstrap interval."""

    mean: float
    low: float
    high: float


def _values(per_query_values: ArrayLike, name: str) -> NDArray[np.float64]:
    values = np.asarray(per_query_values, dtype=np.float64)
    if values.ndim != 1 or len(values) == 0:
        raise InvalidInputError(f"{name} must be a non-empty 1-D array, got shape {values.shape}")
    if not np.isfinite(values).all():
        raise InvalidInputError(f"{name} holds NaN or infinite values; drop or fix those queries")
    return values


def _resampled_means(
    values: NDArray[np.float64], n_resamples: int, seed: int
) -> NDArray[np.float64]:
    rng = np.random.default_rng(seed)
    means = np.empty(n_resamples, dtype=np.float64)
    for start in range(0, n_resamples, _BLOCK):
        size = min(_BLOCK, n_resamples - start)
        indices = rng.integers(0, len(values), size=(size, len(values)))
        means[start : start + size] = values[indices].mean(axis=1)
    return means


def bootstrap_ci(
    per_query_values: ArrayLike, n_resamples: int = 1000, confidence: float = 0.95, seed: int = 0
) -> ConfidenceInterval:
    """Percentile bootstrap interval of the mean of ``per_query_values``.

    >>> bootstrap_ci([1.0, 1.0, 1.0])
    ConfidenceInterval(mean=1.0, low=1.0, high=1.0)

    Raises:
        InvalidInputError: Empty or non-finite values, ``n_resamples < 1`` or a confidence
            outside (0, 1).
    """
    if n_resamples < 1:
        raise InvalidInputError(f"n_resamples must be >= 1, got {n_resamples}")
    if not 0.0 < confidence < 1.0:
        raise InvalidInputError(f"confidence must be in (0, 1), e.g. 0.95; got {confidence}")
    values = _values(per_query_values, "per_query_values")
    means = _resampled_means(values, n_resamples, seed)
    tail = (1.0 - confidence) / 2
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return ConfidenceInterval(float(values.mean()), float(low), float(high))


def paired_bootstrap_ci(
    values_a: ArrayLike,
    values_b: ArrayLike,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> ConfidenceInterval:
    """Interval of ``mean(a) - mean(b)`` resampling the same queries for both systems.

    An interval that excludes 0 means the difference is unlikely to be resampling noise.

    Raises:
        InvalidInputError: The two arrays differ in length (they must be aligned per query),
            or any check of :func:`bootstrap_ci` fails.
    """
    a, b = _values(values_a, "values_a"), _values(values_b, "values_b")
    if a.shape != b.shape:
        raise InvalidInputError(
            f"paired values must align per query: got {len(a)} and {len(b)} values"
        )
    return bootstrap_ci(a - b, n_resamples=n_resamples, confidence=confidence, seed=seed)


def bootstrap_statistics(
    statistics: Callable[[NDArray[np.int64]], Mapping[str, float]],
    n_units: int,
    n_resamples: int = 1000,
    confidence: float = 0.95,
    seed: int = 0,
) -> dict[str, ConfidenceInterval]:
    """Percentile intervals of statistics recomputed on resampled units (queries, groups, pairs).

    ``statistics(indices)`` gets the ``n_units`` unit indices of one resample (drawn with
    replacement; ``arange(n_units)`` for the observed values) and returns ``{name: value}``. A
    value may be NaN when a resample leaves it undefined (e.g. an AUC over a resample holding
    one class): those values are dropped. With no defined resample an interval collapses onto
    its observed value.

    >>> values = np.array([0.0, 1.0, 1.0, 0.0])
    >>> ci = bootstrap_statistics(lambda idx: {"mean": float(values[idx].mean())}, 4)["mean"]
    >>> ci.mean, 0.0 <= ci.low <= 0.5 <= ci.high <= 1.0
    (0.5, True)

    Raises:
        InvalidInputError: ``n_units < 1``, ``n_resamples < 1``, a confidence outside (0, 1),
            or an observed value that is not finite.
    """
    if n_units < 1 or n_resamples < 1:
        raise InvalidInputError(
            f"need n_units >= 1 and n_resamples >= 1, got {n_units} and {n_resamples}"
        )
    if not 0.0 < confidence < 1.0:
        raise InvalidInputError(f"confidence must be in (0, 1), e.g. 0.95; got {confidence}")
    observed = dict(statistics(np.arange(n_units, dtype=np.int64)))
    undefined = [name for name, value in observed.items() if not math.isfinite(value)]
    if undefined:
        raise InvalidInputError(f"{undefined} undefined on the full sample; check the data")
    rng = np.random.default_rng(seed)
    draws = [dict(statistics(rng.integers(0, n_units, size=n_units))) for _ in range(n_resamples)]
    tail = (1.0 - confidence) / 2
    intervals = {}
    for name, value in observed.items():
        values = np.asarray([draw.get(name, math.nan) for draw in draws], dtype=np.float64)
        values = values[np.isfinite(values)]
        if not len(values):
            intervals[name] = ConfidenceInterval(value, value, value)
            continue
        low, high = np.quantile(values, [tail, 1.0 - tail])
        intervals[name] = ConfidenceInterval(float(value), float(low), float(high))
    return intervals
