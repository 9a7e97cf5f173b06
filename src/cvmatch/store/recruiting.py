"""Reads and writes of documents, jobs, candidates, embeddings and match results.

Functions take an open :class:`sqlalchemy.Connection` so callers choose the transaction.
Bulk writes use Core ``insert(...)`` with a list of rows (one statement, executemany).
"""

from datetime import UTC, datetime
from typing import Any, TypeAlias

from sqlalchemy import Connection, CursorResult, Row, and_, func, insert, select
from sqlalchemy.exc import IntegrityError

from cvmatch.store import schema, vectors

DbRow: TypeAlias = Row[*tuple[Any, ...]]
"""A result row; fields by column name (``row.id``)."""


def new_id(result: CursorResult[Any]) -> int:
    """The primary key an ``INSERT`` just created."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise RuntimeError("the insert returned no primary key")
    return int(key[0])


def now() -> datetime:
    """The current UTC time (one clock for every table)."""
    return datetime.now(UTC)


def insert_document(conn: Connection, row: dict[str, Any]) -> tuple[int, bool]:
    """Store a document once per ``(kind, content_hash)``; return ``(id, created)``.

    The unique constraint decides under concurrency: a losing insert rolls back its savepoint
    and reads the winner's row.
    """
    try:
        with conn.begin_nested():
            result = conn.execute(insert(schema.documents).values(row | {"created_at": now()}))
        return new_id(result), True
    except IntegrityError:
        found = document_id_by_hash(conn, row["kind"], row["content_hash"])
        if found is None:
            raise
        return found, False


def document_id_by_hash(conn: Connection, kind: str, content_hash: str) -> int | None:
    """The id of the document with that content hash, if stored."""
    t = schema.documents
    query = select(t.c.id).where(and_(t.c.kind == kind, t.c.content_hash == content_hash))
    value = conn.execute(query).scalar_one_or_none()
    return None if value is None else int(value)


def insert_job(conn: Connection, title: str, document_id: int, user_id: int | None) -> int:
    """Create a job over a stored document."""
    row = {"title": title, "document_id": document_id, "created_by": user_id, "created_at": now()}
    return new_id(conn.execute(insert(schema.jobs).values(row)))


def job_row(conn: Connection, job_id: int) -> DbRow | None:
    """A job joined with its document's text and language."""
    j, d = schema.jobs, schema.documents
    query = (
        select(j.c.id, j.c.title, j.c.created_at, d.c.text, d.c.language, d.c.meta, d.c.kind)
        .join(d, d.c.id == j.c.document_id)
        .where(j.c.id == job_id)
    )
    return conn.execute(query).one_or_none()


def job_rows(conn: Connection) -> list[DbRow]:
    """Every job with its number of candidates, newest first."""
    j, jc = schema.jobs, schema.job_candidates
    count = select(func.count()).where(jc.c.job_id == j.c.id).scalar_subquery()
    query = select(j.c.id, j.c.title, j.c.created_at, count.label("candidates"))
    return list(conn.execute(query.order_by(j.c.id.desc())).all())


def candidate_for_document(conn: Connection, document_id: int, name: str) -> int:
    """The candidate owning ``document_id``, created if missing (unique per document)."""
    c = schema.candidates
    try:
        with conn.begin_nested():
            row = {"document_id": document_id, "name": name, "created_at": now()}
            return new_id(conn.execute(insert(c).values(row)))
    except IntegrityError:
        found = conn.execute(select(c.c.id).where(c.c.document_id == document_id)).scalar_one()
        return int(found)


def link_candidate(conn: Connection, job_id: int, candidate_id: int) -> bool:
    """Attach a candidate to a job; ``False`` when it already was."""
    row = {"job_id": job_id, "candidate_id": candidate_id, "added_at": now()}
    try:
        with conn.begin_nested():
            conn.execute(insert(schema.job_candidates).values(row))
    except IntegrityError:
        return False
    return True


def candidate_rows(conn: Connection, candidate_ids: list[int]) -> list[DbRow]:
    """Candidates with their document fields (no file bytes), in id order."""
    c, d = schema.candidates, schema.documents
    query = (
        select(c.c.id, c.c.name, d.c.id.label("document_id"), d.c.filename, d.c.content_hash)
        .add_columns(d.c.text, d.c.language, d.c.meta, d.c.kind)
        .join(d, d.c.id == c.c.document_id)
        .where(c.c.id.in_(candidate_ids))
        .order_by(c.c.id)
    )
    return list(conn.execute(query).all())


def candidate_headers(conn: Connection, candidate_ids: list[int]) -> list[DbRow]:
    """What a list row shows of candidates (name, file, language, flags; no text), by id."""
    c, d = schema.candidates, schema.documents
    query = (
        select(c.c.id, c.c.name, d.c.filename, d.c.content_hash, d.c.language)
        .add_columns(d.c.meta["flags"].label("flags"))
        .join(d, d.c.id == c.c.document_id)
        .where(c.c.id.in_(candidate_ids))
        .order_by(c.c.id)
    )
    return list(conn.execute(query).all())


def job_candidate_ids(conn: Connection, job_id: int) -> list[int]:
    """Ids of a job's candidates, ascending."""
    jc = schema.job_candidates
    query = select(jc.c.candidate_id).where(jc.c.job_id == job_id).order_by(jc.c.candidate_id)
    return [int(v) for v in conn.execute(query).scalars()]


def unscored_candidate_ids(conn: Connection, job_id: int) -> list[int]:
    """A job's candidates that have no stored match yet."""
    jc, m = schema.job_candidates, schema.matches
    query = (
        select(jc.c.candidate_id)
        .outerjoin(m, and_(m.c.job_id == jc.c.job_id, m.c.candidate_id == jc.c.candidate_id))
        .where(and_(jc.c.job_id == job_id, m.c.job_id.is_(None)))
        .order_by(jc.c.candidate_id)
    )
    return [int(v) for v in conn.execute(query).scalars()]


def insert_matches(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Bulk-insert match results (``job_id, candidate_id, score, payload``)."""
    if rows:
        stamp = now()
        conn.execute(insert(schema.matches), [r | {"created_at": stamp} for r in rows])


def match_scores(conn: Connection, job_id: int) -> list[DbRow]:
    """``(candidate_id, score)`` of every stored match of a job, by candidate id."""
    m = schema.matches
    query = select(m.c.candidate_id, m.c.score).where(m.c.job_id == job_id)
    return list(conn.execute(query.order_by(m.c.candidate_id)).all())


def match_payloads(conn: Connection, job_id: int, candidate_ids: list[int]) -> dict[int, Any]:
    """The stored match JSON of some candidates of a job."""
    m = schema.matches
    query = select(m.c.candidate_id, m.c.payload).where(
        and_(m.c.job_id == job_id, m.c.candidate_id.in_(candidate_ids))
    )
    return {int(cid): payload for cid, payload in conn.execute(query)}


def insert_embeddings(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Bulk-insert vectors (``document_id, model_id, dim, vector``); callers skip stored ones.

    On PostgreSQL the pgvector column gets the same vectors (:mod:`cvmatch.store.vectors`).
    """
    if not rows:
        return
    if vectors.is_postgres(conn):
        vectors.insert_with_vectors(conn, rows)
    else:
        conn.execute(insert(schema.embeddings), rows)


def embedding_rows(conn: Connection, document_ids: list[int], model_id: str) -> list[DbRow]:
    """``(document_id, dim, vector)`` of the documents that have a vector of ``model_id``."""
    e = schema.embeddings
    query = select(e.c.document_id, e.c.dim, e.c.vector).where(
        and_(e.c.model_id == model_id, e.c.document_id.in_(document_ids))
    )
    return list(conn.execute(query).all())


def document_content(conn: Connection, document_id: int) -> DbRow | None:
    """The original file of a document: ``(filename, content)``."""
    d = schema.documents
    query = select(d.c.filename, d.c.content).where(d.c.id == document_id)
    return conn.execute(query).one_or_none()


def job_vectors(conn: Connection, job_id: int, model_id: str) -> list[DbRow]:
    """``(candidate_id, dim, vector)`` of a job's candidates that have a ``model_id`` vector."""
    jc, c, e = schema.job_candidates, schema.candidates, schema.embeddings
    query = (
        select(jc.c.candidate_id, e.c.dim, e.c.vector)
        .join(c, c.c.id == jc.c.candidate_id)
        .join(e, and_(e.c.document_id == c.c.document_id, e.c.model_id == model_id))
        .where(jc.c.job_id == job_id)
    )
    return list(conn.execute(query).all())


def count_matches(conn: Connection, job_id: int) -> int:
    """How many match results a job has stored."""
    m = schema.matches
    return int(conn.execute(select(func.count()).where(m.c.job_id == job_id)).scalar_one())


def count_candidates(conn: Connection, job_id: int) -> int:
    """How many candidates are attached to a job."""
    jc = schema.job_candidates
    return int(conn.execute(select(func.count()).where(jc.c.job_id == job_id)).scalar_one())


def job_exists(conn: Connection, job_id: int) -> bool:
    """Whether a job with that id exists."""
    j = schema.jobs
    return conn.execute(select(j.c.id).where(j.c.id == job_id)).first() is not None
