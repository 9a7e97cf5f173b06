"""Score deltas of counterfactual variants, summarised per attribute (issue 22 item 2).

Per CV and attribute, each variant's delta is its score minus the reference variant's (0–100
points, :mod:`cvmatch.audit.variants`). Per attribute: mean |Δ|, max |Δ| and the share of
|Δ| > 1 point over every (CV, variant) pair, with 95 % percentile bootstrap intervals that
resample CVs (the unit: variants of one CV are not independent), and the mean signed Δ per
value (e.g. per first-name group) to show a direction.

>>> row = summarise("age", {"a": [("40", 0.5), ("58", -1.5)], "b": [("40", 0.0), ("58", 0.0)]})
>>> row.mean_abs.mean, row.max_abs, row.share_over.mean, row.by_value
(0.5, 1.5, 0.25, {'40': 0.25, '58': -0.75})
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from cvmatch.evaluation.bootstrap import ConfidenceInterval, bootstrap_statistics

__all__ = ["THRESHOLD", "AttributeDeltas", "ProbeReport", "probe_to_dict", "summarise"]

THRESHOLD = 1.0  # points: the "share > 1 point"
_RESAMPLES = 1000


@dataclass(frozen=True)
class AttributeDeltas:
    """The score deltas of one attribute's variants across a pool of CVs."""

    attribute: str
    cvs: int
    pairs: int
    mean_abs: ConfidenceInterval
    max_abs: float
    share_over: ConfidenceInterval
    by_value: dict[str, float]


@dataclass(frozen=True)
class ProbeReport:
    """A probe of one job over a pool: per attribute deltas, with redaction on or off."""

    job_id: str
    redact: bool
    cvs: int
    attributes: tuple[AttributeDeltas, ...]


def summarise(attribute: str, deltas: Mapping[str, Sequence[tuple[str, float]]]) -> AttributeDeltas:
    """Per-attribute statistics of ``deltas`` (CV id → (variant label, Δ) pairs)."""
    per_cv = [np.abs([d for _, d in pairs]) for pairs in deltas.values() if pairs]
    if not per_cv:
        empty = ConfidenceInterval(0.0, 0.0, 0.0)
        return AttributeDeltas(attribute, 0, 0, empty, 0.0, empty, {})

    def statistics(indices: NDArray[np.int64]) -> dict[str, float]:
        pooled = np.concatenate([per_cv[i] for i in indices])
        return {"mean": float(pooled.mean()), "share": float((pooled > THRESHOLD).mean())}

    cis = bootstrap_statistics(statistics, len(per_cv), n_resamples=_RESAMPLES)
    by_value: dict[str, list[float]] = {}
    for pairs in deltas.values():
        for label, delta in pairs:
            by_value.setdefault(label, []).append(delta)
    return AttributeDeltas(
        attribute,
        len(per_cv),
        sum(len(a) for a in per_cv),
        cis["mean"],
        float(max(a.max() for a in per_cv)),
        cis["share"],
        {label: round(float(np.mean(v)), 4) for label, v in by_value.items()},
    )


def probe_to_dict(report: ProbeReport) -> dict[str, Any]:
    """The JSON shape of ``cvmatch audit probe --format json`` (docs/audit.md)."""
    return {
        "schema": "cvmatch.audit.probe/v1",
        "job_id": report.job_id,
        "redact": report.redact,
        "cvs": report.cvs,
        "threshold": THRESHOLD,
        "attributes": [
            {
                "attribute": row.attribute,
                "cvs": row.cvs,
                "pairs": row.pairs,
                "mean_abs_delta": _ci(row.mean_abs),
                "max_abs_delta": round(row.max_abs, 4),
                "share_over_threshold": _ci(row.share_over),
                "mean_delta_by_value": row.by_value,
            }
            for row in report.attributes
        ],
    }


def _ci(ci: ConfidenceInterval) -> dict[str, float]:
    return {"mean": round(ci.mean, 4), "low": round(ci.low, 4), "high": round(ci.high, 4)}
