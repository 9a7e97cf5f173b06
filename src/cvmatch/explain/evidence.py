"""Human-readable evidence: one line per requirement, and the missing ones of a match."""

from collections.abc import Sequence

from cvmatch.types import Evidence, EvidenceStatus, Match, RequirementKind


def describe(item: Evidence) -> str:
    """One line: status, requirement, and the numbers or CV line behind it.

    >>> from cvmatch.types import Requirement, Importance
    >>> req = Requirement("4 years as DBA", RequirementKind.EXPERIENCE, Importance.REQUIRED, years=4)
    >>> describe(Evidence(req, EvidenceStatus.PARTIAL, 0.5, found_years=2, required_years=4))
    'partial: 4 years as DBA (2 of 4 years)'
    """
    head = f"{item.status.value}: {item.requirement.text}"
    if item.requirement.kind is RequirementKind.EXPERIENCE and item.required_years is not None:
        found = item.found_years or 0.0
        return f"{head} ({found:g} of {item.required_years:g} years)"
    if item.cv_span:
        return f"{head} — “{_clip(item.cv_span)}”"
    return f"{head} ({item.note})" if item.note else head


def missing(evidence: Sequence[Evidence], required_only: bool = False) -> list[str]:
    """Texts of the missing requirements, hard ones first, in ad order otherwise."""
    items = [
        e
        for e in evidence
        if e.status is EvidenceStatus.MISSING
        and (not required_only or e.requirement.importance.value == "required")
    ]
    items.sort(key=lambda e: not e.requirement.hard)
    return [_label(e) for e in items]


def _label(item: Evidence) -> str:
    text = item.requirement.text
    return f"{text} (must-have)" if item.requirement.hard else text


def summary(match: Match) -> str:
    """Counts for tables, e.g. ``met 7/12 · partial 2 · missing 3`` (``· not assessed 1``)."""
    counts = dict.fromkeys(EvidenceStatus, 0)
    for item in match.evidence:
        counts[item.status] += 1
    total = len(match.evidence)
    text = (
        f"met {counts[EvidenceStatus.MET]}/{total} · partial {counts[EvidenceStatus.PARTIAL]}"
        f" · missing {counts[EvidenceStatus.MISSING]}"
    )
    unassessed = counts[EvidenceStatus.NOT_ASSESSED]
    return f"{text} · not assessed {unassessed}" if unassessed else text


def _clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
