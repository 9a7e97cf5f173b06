"""Self-reported categories: recorded per candidate, on their word only (issue 22, docs/audit.md).

A candidate's sex and race/ethnicity are stored only when the candidate reported them, entered
by the candidate themself or by a recruiter copying the candidate's answer (``reported_via``),
one at a time through the API or in bulk from a CSV export of the employer's voluntary form.
Nothing is ever inferred from a name, a photo or the CV. An empty answer means "not reported",
and a new answer replaces the old one. The audit trail records who entered answers for whom and
which questions were answered, never the answers themselves.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from cvmatch.audit.categories import DIMENSIONS, MAX_CATEGORY, parse_categories
from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.store.categories import categories_of, known_candidates, upsert_categories
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.records import User

__all__ = ["ReportedVia", "categories", "import_csv", "record"]

MAX_IMPORT_BYTES = 5_000_000
"""Largest CSV import (about 100,000 candidates)."""


class ReportedVia(StrEnum):
    """Who entered a self-reported answer."""

    CANDIDATE = "candidate"
    RECRUITER = "recruiter"


def record(
    ctx: Context,
    user: User | None,
    candidate_id: int,
    reported: Mapping[str, str | None],
    via: ReportedVia,
) -> dict[str, str]:
    """Store one candidate's answers (``{"sex": …, "race_ethnicity": …}``); return them."""
    answers = _clean(reported)
    _store(ctx, user, {candidate_id: answers}, via)
    return answers


def import_csv(ctx: Context, user: User | None, text: str, via: ReportedVia) -> int:
    """Store the answers of a CSV ``candidate_id,sex,race_ethnicity``; return how many rows."""
    if len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise InvalidInputError(f"a categories CSV holds at most {MAX_IMPORT_BYTES} bytes")
    rows = parse_categories(text.removeprefix("\ufeff"), "categories CSV")
    _store(ctx, user, rows, via)
    return len(rows)


def categories(ctx: Context, candidate_id: int) -> dict[str, str]:
    """What a candidate reported (only the answered questions)."""
    with ctx.db.connect() as conn:
        if not known_candidates(conn, [candidate_id]):
            raise NotFoundError(f"no candidate with id {candidate_id}")
        return categories_of(conn, [candidate_id]).get(candidate_id, {})


def _clean(reported: Mapping[str, str | None]) -> dict[str, str]:
    unknown = sorted(set(reported) - set(DIMENSIONS))
    if unknown:
        raise InvalidInputError(f"unknown categories {unknown}; known: {list(DIMENSIONS)}")
    answers = {d: (reported.get(d) or "").strip() for d in DIMENSIONS}
    if any(len(value) > MAX_CATEGORY for value in answers.values()):
        raise InvalidInputError(f"a category holds at most {MAX_CATEGORY} characters")
    return {d: value for d, value in answers.items() if value}


def _store(
    ctx: Context, user: User | None, answers: Mapping[int, Mapping[str, str]], via: ReportedVia
) -> None:
    ids = sorted(answers)
    with ctx.db.begin() as conn:
        missing = sorted(set(ids) - known_candidates(conn, ids))
        if missing:
            raise NotFoundError(f"no candidate with id {missing[0]} ({len(missing)} unknown)")
        who: dict[str, Any] = {"reported_via": via.value, "user_id": user.id if user else None}
        rows = [{d: answers[c].get(d) for d in DIMENSIONS} | who | {"candidate_id": c} for c in ids]
        upsert_categories(conn, rows)
        detail: dict[str, Any] = {"reported_via": via.value}
        if len(ids) == 1:
            detail["answered"] = sorted(answers[ids[0]])
            audit(conn, user, "categories_recorded", candidate_id=ids[0], detail=detail)
        else:
            audit(conn, user, "categories_imported", detail=detail | {"candidates": len(ids)})
