"""Reads and writes of users, token hashes, stars, decisions and the audit log."""

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from cvmatch.errors import InvalidInputError
from cvmatch.store import schema
from cvmatch.store.recruiting import DbRow, new_id, now


def insert_user(conn: Connection, name: str, token_hash: str) -> int:
    """Create a user with one token hash; a taken name is an :class:`InvalidInputError`."""
    try:
        with conn.begin_nested():
            row = {"name": name, "created_at": now()}
            user_id = new_id(conn.execute(insert(schema.users).values(row)))
    except IntegrityError as error:
        raise InvalidInputError(f"a user called {name!r} already exists") from error
    insert_token(conn, user_id, token_hash)
    return user_id


def insert_token(conn: Connection, user_id: int, token_hash: str) -> None:
    """Store one more token hash for a user."""
    row = {"user_id": user_id, "token_hash": token_hash, "created_at": now()}
    conn.execute(insert(schema.tokens).values(row))


def user_id_by_name(conn: Connection, name: str) -> int | None:
    """The id of the user called ``name``."""
    value = conn.execute(select(schema.users.c.id).where(schema.users.c.name == name)).scalar()
    return None if value is None else int(value)


def user_by_token_hash(conn: Connection, token_hash: str) -> DbRow | None:
    """``(id, name)`` of the user holding a token with that hash."""
    u, t = schema.users, schema.tokens
    query = select(u.c.id, u.c.name).join(t, t.c.user_id == u.c.id)
    return conn.execute(query.where(t.c.token_hash == token_hash)).one_or_none()


def star_ids(conn: Connection, job_id: int) -> list[int]:
    """Starred candidate ids of a job, in the order they were starred."""
    s = schema.stars
    query = select(s.c.candidate_id).where(s.c.job_id == job_id)
    return [
        int(v) for v in conn.execute(query.order_by(s.c.created_at, s.c.candidate_id)).scalars()
    ]


def count_stars(conn: Connection, job_id: int) -> int:
    """How many candidates of a job are starred."""
    s = schema.stars
    return int(conn.execute(select(func.count()).where(s.c.job_id == job_id)).scalar_one())


def insert_star(conn: Connection, job_id: int, candidate_id: int, user_id: int | None) -> bool:
    """Star a candidate; ``False`` when it already was."""
    row = {"job_id": job_id, "candidate_id": candidate_id, "user_id": user_id, "created_at": now()}
    try:
        with conn.begin_nested():
            conn.execute(insert(schema.stars).values(row))
    except IntegrityError:
        return False
    return True


def delete_stars(conn: Connection, job_id: int, candidate_id: int | None = None) -> int:
    """Remove one star (or every star of the job); return how many were removed."""
    s = schema.stars
    condition = s.c.job_id == job_id
    if candidate_id is not None:
        condition = and_(condition, s.c.candidate_id == candidate_id)
    return int(conn.execute(delete(s).where(condition)).rowcount)


def insert_decision(conn: Connection, row: dict[str, Any]) -> int:
    """Record a decision (``job_id, candidate_id, decision, note, user_id``)."""
    result = conn.execute(insert(schema.decisions).values(row | {"created_at": now()}))
    return new_id(result)


def latest_decisions(conn: Connection, job_id: int) -> dict[int, DbRow]:
    """The newest shortlist/reject decision per candidate of a job (notes are not decisions)."""
    d = schema.decisions
    query = (
        select(d.c.candidate_id, d.c.decision, d.c.note, d.c.created_at)
        .where(and_(d.c.job_id == job_id, d.c.decision != "note"))
        .order_by(d.c.id)
    )
    return {int(row.candidate_id): row for row in conn.execute(query)}


def insert_audit(conn: Connection, row: dict[str, Any]) -> None:
    """Append to the audit log (``user_id, action, job_id, candidate_id, detail``)."""
    conn.execute(insert(schema.audit).values({"at": now(), "detail": {}} | row))


def audit_rows(
    conn: Connection, job_id: int | None = None, actions: tuple[str, ...] = ()
) -> list[DbRow]:
    """Audit entries, oldest first, with the user's name; optionally for one job / some actions."""
    a, u = schema.audit, schema.users
    query = select(a, u.c.name.label("user")).outerjoin(u, u.c.id == a.c.user_id)
    if job_id is not None:
        query = query.where(a.c.job_id == job_id)
    if actions:
        query = query.where(a.c.action.in_(actions))
    return list(conn.execute(query.order_by(a.c.id)).all())


def iso(value: datetime) -> str:
    """A stored timestamp as ISO 8601 UTC (SQLite returns naive datetimes)."""
    return value.isoformat() if value.tzinfo else value.isoformat() + "+00:00"
