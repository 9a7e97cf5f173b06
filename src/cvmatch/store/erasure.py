"""Delete every row of one candidate, on request (issue 22 item 5, docs/audit.md).

:func:`erase_candidate` removes, in one transaction, the candidate's stars, decisions, stored
matches, job links, self-reported categories, the candidate row, the vectors of their document
(every model) and the document itself (file bytes, text, metadata). The audit trail keeps its
rows about the candidate (who starred or decided, and when) but loses the link: their
``candidate_id`` is cleared and their detail (file name, content hash, note, score) replaced by
``{"erased": true}``. :func:`candidate_traces` counts what is left anywhere in the store that
names the candidate's id, document id or content hash (the tests' "no trace" check).
"""

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, String, cast, delete, func, or_, select, update

from cvmatch.errors import NotFoundError
from cvmatch.store import schema

__all__ = [
    "Erasure",
    "candidate_job_ids",
    "candidate_traces",
    "document_models",
    "erase_candidate",
]

ERASED = {"erased": True}
_BY_CANDIDATE = (
    schema.stars,
    schema.decisions,
    schema.matches,
    schema.job_candidates,
    schema.candidate_categories,
)
"""Tables keyed by candidate whose rows go (before the candidate row they point at)."""


@dataclass(frozen=True)
class Erasure:
    """What :func:`erase_candidate` removed: the candidate's keys and rows per table."""

    candidate_id: int
    document_id: int
    content_hash: str
    job_ids: tuple[int, ...]
    model_ids: tuple[str, ...]
    """Models that had a vector of the document (their ANN indexes may hold it too)."""
    rows: dict[str, int] = field(default_factory=dict)
    """Table → rows deleted (``audit``: rows unlinked)."""


def erase_candidate(conn: Connection, candidate_id: int) -> Erasure:
    """Delete the candidate's rows in the caller's transaction (see the module docstring)."""
    c, d = schema.candidates, schema.documents
    found = conn.execute(
        select(c.c.document_id, d.c.content_hash)
        .join(d, d.c.id == c.c.document_id)
        .where(c.c.id == candidate_id)
    ).one_or_none()
    if found is None:
        raise NotFoundError(f"no candidate with id {candidate_id}")
    document_id = int(found.document_id)
    jobs, models = candidate_job_ids(conn, candidate_id), document_models(conn, candidate_id)
    rows: dict[str, int] = {}
    for table in _BY_CANDIDATE:
        deleted = conn.execute(delete(table).where(table.c.candidate_id == candidate_id))
        rows[table.name] = _count(deleted)
    a = schema.audit
    unlink = update(a).where(a.c.candidate_id == candidate_id)
    rows["audit"] = _count(conn.execute(unlink.values(candidate_id=None, detail=ERASED)))
    rows["candidates"] = _count(conn.execute(delete(c).where(c.c.id == candidate_id)))
    e = schema.embeddings
    rows["embeddings"] = _count(conn.execute(delete(e).where(e.c.document_id == document_id)))
    rows["documents"] = _count(conn.execute(delete(d).where(d.c.id == document_id)))
    return Erasure(candidate_id, document_id, str(found.content_hash), jobs, models, rows)


def candidate_traces(
    conn: Connection, candidate_id: int, document_id: int, content_hash: str
) -> dict[str, int]:
    """Table → rows still naming the candidate id, its document id or its content hash.

    Every table of the schema is searched: its id columns for the ids, and its text and JSON
    columns (cast to text) for the content hash.
    """
    traces: dict[str, int] = {}
    for table in schema.metadata.sorted_tables:
        conditions: list[Any] = []
        if "candidate_id" in table.c:
            conditions.append(table.c.candidate_id == candidate_id)
        if "document_id" in table.c:
            conditions.append(table.c.document_id == document_id)
        if table.name in {"candidates", "documents"}:
            conditions.append(
                table.c.id == (candidate_id if table.name == "candidates" else document_id)
            )
        conditions.extend(
            cast(column, String).contains(content_hash)
            for column in table.c
            if column.type.python_type in (str, dict) and not column.primary_key
        )
        count = conn.execute(select(func.count()).select_from(table).where(or_(*conditions)))
        traces[table.name] = int(count.scalar_one())
    return traces


def _count(result: Any) -> int:
    return int(result.rowcount)


def document_models(conn: Connection, candidate_id: int) -> tuple[str, ...]:
    """Model ids of the stored vectors of the candidate's document."""
    c, e = schema.candidates, schema.embeddings
    query = (
        select(e.c.model_id)
        .join(c, c.c.document_id == e.c.document_id)
        .where(c.c.id == candidate_id)
        .order_by(e.c.model_id)
    )
    return tuple(str(v) for v in conn.execute(query).scalars())


def candidate_job_ids(conn: Connection, candidate_id: int) -> tuple[int, ...]:
    """The jobs the candidate is attached to, ascending."""
    jc = schema.job_candidates
    query = select(jc.c.job_id).where(jc.c.candidate_id == candidate_id).order_by(jc.c.job_id)
    return tuple(int(v) for v in conn.execute(query).scalars())
