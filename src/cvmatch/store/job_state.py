"""A job's revision and learning setting (the ``jobs`` columns of migration ``0002``).

Every write that changes what a job's ranking shows (an upload, stored scores, a star, a
decision, a setting) calls :func:`bump_revision` in its own transaction, so a cache keyed by
the revision is right across every server process that shares the store.
"""

from sqlalchemy import Connection, and_, func, select, update

from cvmatch.store import schema
from cvmatch.store.recruiting import DbRow


def job_state(conn: Connection, job_id: int) -> DbRow | None:
    """``(revision, learn_from_decisions, learning_reset_after)`` of a job; ``None``: no job."""
    j = schema.jobs
    query = select(j.c.revision, j.c.learn_from_decisions, j.c.learning_reset_after)
    return conn.execute(query.where(j.c.id == job_id)).one_or_none()


def lock_job(conn: Connection, job_id: int) -> bool:
    """Hold the job's row until the caller's transaction ends; ``False`` when there is no job.

    ``SELECT … FOR UPDATE`` on PostgreSQL: a second transaction locking the same job waits for
    the first to commit, then reads what it wrote, so a count-then-insert under the lock is
    atomic across server processes. SQLite transactions of the store already hold the write lock
    from their start (``BEGIN IMMEDIATE``), so there the clause is left out.
    """
    j = schema.jobs
    query = select(j.c.id).where(j.c.id == job_id).with_for_update()
    return conn.execute(query).first() is not None


def bump_revision(conn: Connection, job_id: int) -> None:
    """Mark the job changed (in the caller's transaction, so it commits with the write)."""
    j = schema.jobs
    conn.execute(update(j).where(j.c.id == job_id).values(revision=j.c.revision + 1))


def set_learning(
    conn: Connection, job_id: int, enabled: bool | None = None, reset_after: int | None = None
) -> None:
    """Change the learning setting and/or its reset point, and bump the revision."""
    j = schema.jobs
    values: dict[str, object] = {"revision": j.c.revision + 1}
    if enabled is not None:
        values["learn_from_decisions"] = enabled
    if reset_after is not None:
        values["learning_reset_after"] = reset_after
    conn.execute(update(j).where(j.c.id == job_id).values(values))


def decisions_after(conn: Connection, job_id: int, after_id: int) -> dict[int, str]:
    """Candidate id → newest ``shortlist`` / ``reject`` among the job's decisions > ``after_id``."""
    d = schema.decisions
    query = (
        select(d.c.candidate_id, d.c.decision)
        .where(and_(d.c.job_id == job_id, d.c.id > after_id, d.c.decision != "note"))
        .order_by(d.c.id)
    )
    return {int(cid): str(decision) for cid, decision in conn.execute(query)}


def last_decision_id(conn: Connection, job_id: int) -> int:
    """The id of the job's newest decision (0 when it has none)."""
    d = schema.decisions
    return int(conn.execute(select(func.max(d.c.id)).where(d.c.job_id == job_id)).scalar() or 0)
