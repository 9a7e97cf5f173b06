"""Selection and scoring rates with impact ratios by self-reported category (issue 22 item 3).

The layout of a New York City Local Law 144 bias audit (DCWP rules, 6 RCNY § 5-300): per
category of each dimension (sex, race/ethnicity, and their intersection), the number of
applicants, the **selection rate** (selected / applicants) when decisions are known, the
**scoring rate** (share scoring above the pool's median score, for a tool that scores) and the
**impact ratio** (a category's rate over the highest category's rate). Categories come only from
what candidates reported about themselves, never inferred; applicants who reported nothing are
counted as ``unknown`` and left out of the ratios, as the rules allow.

With fewer than ``min_count`` applicants in a category, its rate and ratio are not given: the
row says so (``note``) instead of printing a number that noise decides. The rules also allow
leaving out categories under 2 % of the data; such categories are marked the same way.

>>> pool = [Applicant(s, s > 50, {"sex": "female" if i % 2 else "male"})
...         for i, s in enumerate([10, 60, 70, 20, 80, 30, 90, 40, 55, 65])]
>>> [(r.category, r.applicants, r.selection_rate, r.selection_impact) for r in bias_audit(pool,
...  min_count=5).rows if r.dimension == "sex"]
[('female', 5, 0.4, 0.5), ('male', 5, 0.8, 1.0)]
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["Applicant", "BiasAudit", "CategoryRow", "bias_audit"]

MIN_COUNT = 5
MIN_SHARE = 0.02  # the rules' "less than 2 % of the data" exclusion
UNKNOWN = "unknown"
_DIMENSIONS = ("sex", "race_ethnicity")


@dataclass(frozen=True)
class Applicant:
    """One applicant: score, selection and self-reported categories.

    ``selected`` is ``None`` while undecided; ``categories`` maps a dimension to what the
    applicant reported, e.g. ``{"sex": "female"}`` (absent: not reported).
    """

    score: float
    selected: bool | None
    categories: Mapping[str, str]


@dataclass(frozen=True)
class CategoryRow:
    """One category's line of the audit table (rates and ratios ``None`` when not given)."""

    dimension: str
    category: str
    applicants: int
    selected: int
    selection_rate: float | None
    selection_impact: float | None
    scoring_rate: float | None
    scoring_impact: float | None
    score_quartiles: tuple[float, float, float]
    note: str = ""


@dataclass(frozen=True)
class BiasAudit:
    """The audit of one job: its rows, the pool's median score and the applicant counts."""

    applicants: int
    decided: int
    median_score: float
    rows: tuple[CategoryRow, ...]


def bias_audit(applicants: Sequence[Applicant], min_count: int = MIN_COUNT) -> BiasAudit:
    """Rates and impact ratios per self-reported category (see the module docstring)."""
    scores = np.array([a.score for a in applicants], dtype=np.float64)
    median = float(np.median(scores)) if len(scores) else 0.0
    rows: list[CategoryRow] = []
    for dimension in (*_DIMENSIONS, "sex × race_ethnicity"):
        groups: dict[str, list[Applicant]] = defaultdict(list)
        for applicant in applicants:
            groups[_category(applicant, dimension)].append(applicant)
        if set(groups) <= {UNKNOWN}:
            continue  # nobody reported this dimension
        rows += _dimension_rows(dimension, groups, len(applicants), median, min_count)
    decided = sum(a.selected is not None for a in applicants)
    return BiasAudit(len(applicants), decided, median, tuple(rows))


def _category(applicant: Applicant, dimension: str) -> str:
    if dimension in _DIMENSIONS:
        return applicant.categories.get(dimension) or UNKNOWN
    parts = [applicant.categories.get(d) for d in _DIMENSIONS]
    return " × ".join(p for p in parts if p) if all(parts) else UNKNOWN


def _dimension_rows(
    dimension: str,
    groups: Mapping[str, list[Applicant]],
    total: int,
    median: float,
    min_count: int,
) -> list[CategoryRow]:
    """The rows of one dimension, impact ratios against its highest rated category."""
    rates: dict[str, tuple[float | None, float | None, str]] = {}
    for category, members in groups.items():
        decided = [a for a in members if a.selected is not None]
        note = _note(category, len(members), total, min_count)
        selection = sum(bool(a.selected) for a in decided) / len(decided) if decided else None
        scoring = sum(a.score > median for a in members) / len(members)
        rates[category] = (None, None, note) if note else (selection, scoring, "")
    best_selection = max((r[0] for r in rates.values() if r[0] is not None), default=None)
    best_scoring = max((r[1] for r in rates.values() if r[1] is not None), default=None)
    rows = []
    for category in sorted(groups, key=lambda c: (c == UNKNOWN, c)):
        members = groups[category]
        chosen, scored, note = rates[category]
        quartiles = np.quantile([a.score for a in members], [0.25, 0.5, 0.75])
        rows.append(
            CategoryRow(
                dimension,
                category,
                len(members),
                sum(bool(a.selected) for a in members),
                _round(chosen),
                _ratio(chosen, best_selection),
                _round(scored),
                _ratio(scored, best_scoring),
                (float(quartiles[0]), float(quartiles[1]), float(quartiles[2])),
                note,
            )
        )
    return rows


def _note(category: str, count: int, total: int, min_count: int) -> str:
    if category == UNKNOWN:
        return "did not report: left out of the impact ratios"
    if count < min_count:
        return f"too few applicants ({count} < {min_count}) for a reliable rate"
    if count < MIN_SHARE * total:
        return "under 2 % of applicants: left out of the impact ratios"
    return ""


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _ratio(rate: float | None, best: float | None) -> float | None:
    if rate is None or not best:
        return None
    return round(rate / best, 4)
