"""Reads and writes of self-reported categories (``candidate_categories``, revision 0005)."""

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from cvmatch.store import schema
from cvmatch.store.recruiting import now

__all__ = [
    "categories_of",
    "category_record",
    "job_categories",
    "known_candidates",
    "upsert_categories",
]

DIMENSIONS = ("sex", "race_ethnicity")
"""The columns a bias audit reads, in the order of its table."""


def upsert_categories(conn: Connection, rows: list[dict[str, Any]]) -> int:
    """Record (or replace) each candidate's categories; return how many rows were written.

    Each row holds ``candidate_id``, ``sex``, ``race_ethnicity`` (``None``: not reported),
    ``reported_via`` and ``user_id``. A new answer replaces the old one entirely.
    """
    if not rows:
        return 0
    t = schema.candidate_categories
    stamp = now()
    for ids in _batches([r["candidate_id"] for r in rows]):
        conn.execute(delete(t).where(t.c.candidate_id.in_(ids)))
    conn.execute(insert(t), [r | {"recorded_at": stamp} for r in rows])
    return len(rows)


def categories_of(conn: Connection, candidate_ids: list[int]) -> dict[int, dict[str, str]]:
    """Candidate id → the categories they reported (only the non-empty ones)."""
    t = schema.candidate_categories
    query = select(t).where(t.c.candidate_id.in_(candidate_ids))
    return {int(row.candidate_id): _reported(row) for row in conn.execute(query)}


def job_categories(conn: Connection, job_id: int) -> dict[int, dict[str, str]]:
    """The reported categories of a job's candidates (candidates without any are left out)."""
    t, jc = schema.candidate_categories, schema.job_candidates
    query = (
        select(t)
        .join(jc, jc.c.candidate_id == t.c.candidate_id)
        .where(jc.c.job_id == job_id)
        .order_by(t.c.candidate_id)
    )
    return {int(row.candidate_id): _reported(row) for row in conn.execute(query)}


def category_record(conn: Connection, candidate_id: int) -> dict[str, Any] | None:
    """The stored row of one candidate (categories, who entered them, when), if any."""
    t = schema.candidate_categories
    row = conn.execute(select(t).where(t.c.candidate_id == candidate_id)).one_or_none()
    return None if row is None else dict(row._mapping)


def _reported(row: Any) -> dict[str, str]:
    return {d: str(getattr(row, d)) for d in DIMENSIONS if getattr(row, d)}


def known_candidates(conn: Connection, candidate_ids: list[int]) -> set[int]:
    """Those of ``candidate_ids`` that exist."""
    c = schema.candidates
    found: set[int] = set()
    for ids in _batches(candidate_ids):
        found.update(int(v) for v in conn.execute(select(c.c.id).where(c.c.id.in_(ids))).scalars())
    return found


def _batches(values: list[int], size: int = 500) -> list[list[int]]:
    """``values`` in slices small enough for any database's bound-parameter limit."""
    return [values[start : start + size] for start in range(0, len(values), size)]
