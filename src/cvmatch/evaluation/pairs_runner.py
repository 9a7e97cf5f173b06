"""Score labelled (job, CV) pairs with a scoring callable and report the pair metrics with CIs.

Each distinct job is scored against the distinct CVs it is paired with, jobs in blocks of
``batch_size`` (a scorer that fits on the texts it sees, like TF-IDF, sees one block of jobs and
their CVs; with the default block all of RJDB is one call, as in the reference protocol).

Metrics (``label >= label_threshold`` is positive, ``score >= t`` predicted positive):

* ``roc_auc``, ``pr_auc``;
* ``f1``, ``precision``, ``recall``, ``accuracy`` at the best-F1 threshold (chosen on all pairs,
  reported in :attr:`PairsResult.thresholds`, then held fixed in the bootstrap);
* ``recall@p{target}`` and ``precision@p{target}`` at the lowest threshold reaching the target
  precision (left out when no threshold reaches it);
* the same four at a user ``threshold`` (suffix ``@t``) when one is given;
* ``ece`` (10 bins) when every score lies in [0, 1];
* ``pairwise_accuracy`` (strict wins) and ``pairwise_ties`` within groups, when pairs are grouped.

Intervals resample groups when pairs are grouped (each drawn group counts as its own copy),
else single pairs.
"""

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.bootstrap import bootstrap_statistics
from cvmatch.evaluation.formats import Pair
from cvmatch.evaluation.pair_metrics import (
    ThresholdReport,
    at_threshold,
    best_f1_threshold,
    expected_calibration_error,
    pairwise_accuracy,
    pr_auc,
    roc_auc,
    threshold_for_precision,
)
from cvmatch.evaluation.results import MetricEstimate
from cvmatch.evaluation.runner import EvalOptions, Progress, Scorer, check_scores

GroupBy = Literal["group", "job", "cv"]


@dataclass(frozen=True)
class PairsResult:
    """Scores, metrics and chosen thresholds of one scorer on a set of pairs.

    Attributes:
        summary: Metric name → estimate (see the module docstring for the names).
        scores: One score per pair, in input order.
        labels: The pairs' labels.
        positive: ``labels >= label_threshold``.
        groups: Group of each pair, or ``None`` when ungrouped.
        thresholds: ``best_f1`` and, when reached, ``target_precision`` thresholds.
        seconds: Wall time.
        notes: Facts for the reader (metrics left out and why).
    """

    summary: dict[str, MetricEstimate]
    scores: NDArray[np.float64]
    labels: NDArray[np.float64]
    positive: NDArray[np.bool_]
    groups: tuple[str, ...] | None
    thresholds: dict[str, float]
    seconds: float
    notes: tuple[str, ...]


def score_pairs(
    pairs: Sequence[Pair],
    scorer: Scorer,
    batch_size: int = 1000,
    on_progress: Progress | None = None,
) -> NDArray[np.float64]:
    """One score per pair: each block of distinct jobs against the distinct CVs they meet."""
    jobs = list(dict.fromkeys(pair.job for pair in pairs))
    scores = np.zeros(len(pairs), dtype=np.float64)
    for first in range(0, len(jobs), batch_size):
        block = jobs[first : first + batch_size]
        row_of = {job: row for row, job in enumerate(block)}
        members = [i for i, pair in enumerate(pairs) if pair.job in row_of]
        cvs = list(dict.fromkeys(pairs[i].cv for i in members))
        column_of = {cv: column for column, cv in enumerate(cvs)}
        matrix = check_scores(scorer(block, cvs), (len(block), len(cvs)))
        for i in members:
            scores[i] = matrix[row_of[pairs[i].job], column_of[pairs[i].cv]]
        if on_progress is not None:
            on_progress("scoring pairs", first + len(block), len(jobs))
    return scores


def pair_groups(pairs: Sequence[Pair], group_by: GroupBy | None) -> tuple[str, ...] | None:
    """The group key of each pair for ``group_by`` (``None``: ungrouped).

    Raises:
        InvalidInputError: ``group_by="group"`` but some pair has no ``group``.
    """
    if group_by is None:
        return None
    if group_by == "group":
        missing = [i + 1 for i, pair in enumerate(pairs) if pair.group is None]
        if missing:
            raise InvalidInputError(
                f"--group-by group, but {len(missing)} pair(s) have no 'group' (e.g. line "
                f"{missing[0]}); add it, group by job or cv, or drop --group-by"
            )
        return tuple(str(pair.group) for pair in pairs)
    if group_by in ("job", "cv"):
        return tuple(getattr(pair, group_by) for pair in pairs)
    raise InvalidInputError(f"unknown group field {group_by!r}; use group, job or cv")


@dataclass(frozen=True)
class _Setup:
    scores: NDArray[np.float64]
    labels: NDArray[np.float64]
    label_threshold: float
    fixed: dict[str, ThresholdReport]
    calibrated: bool


def _threshold_metrics(prefix: str, report: ThresholdReport) -> dict[str, float]:
    return {
        f"f1{prefix}": report.f1,
        f"precision{prefix}": report.precision,
        f"recall{prefix}": report.recall,
        f"accuracy{prefix}": report.accuracy,
    }


def _defined(metric: object, *args: object) -> float:
    try:
        return float(metric(*args))  # type: ignore[operator]
    except InvalidInputError:  # one class in a resample: undefined, dropped by the bootstrap
        return float("nan")


def _metrics(
    setup: _Setup, rows: NDArray[np.int64], groups: Sequence[int] | None
) -> dict[str, float]:
    scores, labels, cut = setup.scores[rows], setup.labels[rows], setup.label_threshold
    values = {
        "roc_auc": _defined(roc_auc, scores, labels, cut),
        "pr_auc": _defined(pr_auc, scores, labels, cut),
    }
    for suffix, fixed in setup.fixed.items():
        report = at_threshold(scores, labels, fixed.threshold, cut)
        if suffix.startswith("@p"):
            values |= {f"recall{suffix}": report.recall, f"precision{suffix}": report.precision}
        else:
            values |= _threshold_metrics(suffix, report)
    if setup.calibrated:
        values["ece"] = expected_calibration_error(scores, labels, 10, cut)
    if groups is not None:
        try:
            result = pairwise_accuracy(scores, labels, groups, cut)
            values |= {"pairwise_accuracy": result.strict, "pairwise_ties": result.ties}
        except InvalidInputError:
            values |= {"pairwise_accuracy": float("nan"), "pairwise_ties": float("nan")}
    return values


def _fixed_thresholds(
    scores: NDArray[np.float64],
    labels: NDArray[np.float64],
    cut: float,
    threshold: float | None,
    target: float,
) -> tuple[dict[str, ThresholdReport], list[str]]:
    fixed = {"": best_f1_threshold(scores, labels, cut)}
    notes = []
    reaching = threshold_for_precision(scores, labels, target, cut)
    if reaching is None:
        notes.append(f"no threshold reaches precision {target}: recall@p{target} left out")
    else:
        fixed[f"@p{target:g}"] = reaching
    if threshold is not None:
        fixed["@t"] = at_threshold(scores, labels, threshold, cut)
    return fixed, notes


@dataclass(frozen=True)
class PairOptions:
    """Pair-task settings of :func:`evaluate_pairs`.

    Attributes:
        group_by: Pair field whose value groups pairs (``None``: no groups, no pairwise metrics).
        threshold: A user score threshold for the ``@t`` metrics (``None``: left out).
        target_precision: The precision the ``@p`` metrics aim for.
        label_threshold: Labels at or above it are positive.
    """

    group_by: GroupBy | None = "group"
    threshold: float | None = None
    target_precision: float = 0.9
    label_threshold: float = 1.0


def evaluate_pairs(
    pairs: Sequence[Pair],
    scorer: Scorer,
    *,
    pair_options: PairOptions | None = None,
    options: EvalOptions | None = None,
    on_progress: Progress | None = None,
) -> PairsResult:
    """Score ``pairs`` with ``scorer`` and compute the pair metrics with bootstrap intervals.

    Raises:
        InvalidInputError: No pairs, only one class, bad grouping or a broken scorer.
    """
    opts = options or EvalOptions()
    settings = pair_options or PairOptions()
    group_by, threshold = settings.group_by, settings.threshold
    label_threshold, target_precision = settings.label_threshold, settings.target_precision
    if not pairs:
        raise InvalidInputError("no pairs to evaluate")
    start = time.perf_counter()
    groups = pair_groups(pairs, group_by)
    scores = score_pairs(pairs, scorer, opts.batch_size, on_progress)
    labels = np.asarray([pair.label for pair in pairs], dtype=np.float64)
    positive = labels >= label_threshold
    if positive.all() or not positive.any():
        raise InvalidInputError("pair metrics need positive and negative pairs; got one class")
    fixed, notes = _fixed_thresholds(scores, labels, label_threshold, threshold, target_precision)
    calibrated = bool(scores.min() >= 0.0 and scores.max() <= 1.0)
    if not calibrated:
        notes.append("scores leave [0, 1]: ECE left out (not probabilities)")
    setup = _Setup(scores, labels, label_threshold, fixed, calibrated)
    units = _units(groups, len(pairs))

    def statistics(draw: NDArray[np.int64]) -> dict[str, float]:
        rows = np.concatenate([units[u] for u in draw])
        draw_groups = None
        if groups is not None:
            draw_groups = [n for n, u in enumerate(draw) for _ in units[u]]
        return _metrics(setup, rows, draw_groups)

    intervals = bootstrap_statistics(
        statistics, len(units), opts.n_resamples, opts.confidence, opts.seed
    )
    return PairsResult(
        summary={name: MetricEstimate(*ci) for name, ci in intervals.items()},
        scores=scores,
        labels=labels,
        positive=positive,
        groups=groups,
        thresholds={
            f"best_f1{k}" if not k else f"threshold{k}": r.threshold for k, r in fixed.items()
        },
        seconds=time.perf_counter() - start,
        notes=tuple(notes),
    )


def _units(groups: tuple[str, ...] | None, n_pairs: int) -> list[NDArray[np.int64]]:
    """Pair indices of each resampling unit: one group each, or one pair each."""
    if groups is None:
        return [np.asarray([i], dtype=np.int64) for i in range(n_pairs)]
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    return [np.asarray(rows, dtype=np.int64) for rows in members.values()]
