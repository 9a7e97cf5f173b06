"""Paired differences between methods of one retrieval run (``cvmatch eval --baseline``).

Every method of a :class:`~cvmatch.evaluation.suite.TaskRun` is scored on the same judged
queries in the same order, so their per-query values align: the paired bootstrap
(:func:`~cvmatch.evaluation.bootstrap.paired_bootstrap_ci`) resamples the same queries for both
and gives the interval of ``mean(method) - mean(baseline)``. An interval above 0 is a gain that
resampling noise does not explain.
"""

from dataclasses import dataclass

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci
from cvmatch.evaluation.runner import EvalOptions
from cvmatch.evaluation.suite import TaskRun


@dataclass(frozen=True)
class PairedDelta:
    """``method - baseline`` on one metric: mean difference and its paired interval."""

    method: str
    baseline: str
    metric: str
    mean: float
    low: float
    high: float
    queries: int


def paired_deltas(
    run: TaskRun, baseline: str, metrics: tuple[str, ...], options: EvalOptions
) -> list[PairedDelta]:
    """Paired difference of every other method against ``baseline`` on ``metrics``.

    Raises:
        InvalidInputError: Not a retrieval run, the baseline was not run, or a metric is missing.
    """
    if not run.retrieval:
        raise InvalidInputError("--baseline needs a retrieval task (per-query values)")
    if baseline not in run.retrieval:
        raise InvalidInputError(
            f"baseline {baseline!r} is not among the methods run: {sorted(run.retrieval)}"
        )
    base = run.retrieval[baseline].evaluation.per_query
    deltas = []
    for method, result in run.retrieval.items():
        if method == baseline:
            continue
        values = result.evaluation.per_query
        for metric in metrics:
            if metric not in values or metric not in base:
                raise InvalidInputError(f"metric {metric!r} was not computed for {method!r}")
            ci = paired_bootstrap_ci(
                values[metric], base[metric], options.n_resamples, options.confidence, options.seed
            )
            deltas.append(
                PairedDelta(method, baseline, metric, ci.mean, ci.low, ci.high, len(values[metric]))
            )
    return deltas
