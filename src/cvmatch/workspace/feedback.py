"""Stars, decisions and the audit trail; stars and decisions double as ranker training data.

Every star, unstar, reset and decision is written to the audit log together with the job score
the candidate had at that moment. :func:`feedback_events` reads them back as
:class:`~cvmatch.types.FeedbackEvent` rows (``GET /api/feedback`` serves them as JSON lines);
the format is described in ``docs/service.md`` for the training issue to consume.
"""

from sqlalchemy import Connection

from cvmatch.errors import InvalidInputError, NotFoundError, StarLimitError
from cvmatch.store.job_state import bump_revision, lock_job
from cvmatch.store.people import (
    audit_rows,
    count_stars,
    delete_stars,
    insert_decision,
    insert_star,
    iso,
    star_ids,
)
from cvmatch.store.recruiting import match_payloads
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.records import Decision, FeedbackEvent, User
from cvmatch.workspace.scoring import ensure_scored

FEEDBACK_ACTIONS = ("star", "unstar", "reset_stars", "decision")
_MAX_NOTE = 5000


def _job_score(conn: Connection, job_id: int, candidate_id: int) -> float:
    payload = match_payloads(conn, job_id, [candidate_id]).get(candidate_id)
    if payload is None:
        raise NotFoundError(f"job {job_id} has no candidate {candidate_id}")
    return float(payload["score"])


def star(ctx: Context, user: User | None, job_id: int, candidate_id: int) -> tuple[int, ...]:
    """Star a candidate of a job (at most ``Settings.max_stars``); return the starred ids.

    Starring a starred candidate changes nothing. The limit holds in the store, not in this
    process: the transaction first locks the job's row (:func:`lock_job`), so two server
    processes starring at once count one after the other and the second sees the first's star.
    """
    ensure_scored(ctx, job_id)
    limit = ctx.settings.max_stars
    with ctx.db.begin() as conn:
        if not lock_job(conn, job_id):
            raise NotFoundError(f"no job with id {job_id}")
        score = _job_score(conn, job_id, candidate_id)
        if candidate_id not in star_ids(conn, job_id):
            if count_stars(conn, job_id) >= limit:
                raise StarLimitError(
                    f"job {job_id} already has {limit} starred candidates; unstar one first"
                )
            insert_star(conn, job_id, candidate_id, user.id if user else None)
            bump_revision(conn, job_id)
            audit(conn, user, "star", job_id, candidate_id, {"job_score": score})
    return starred_ids(ctx, job_id)


def unstar(ctx: Context, user: User | None, job_id: int, candidate_id: int) -> tuple[int, ...]:
    """Remove one star; return the starred ids."""
    with ctx.db.begin() as conn:
        score = _job_score(conn, job_id, candidate_id)
        if delete_stars(conn, job_id, candidate_id):
            bump_revision(conn, job_id)
            audit(conn, user, "unstar", job_id, candidate_id, {"job_score": score})
    return starred_ids(ctx, job_id)


def reset_stars(ctx: Context, user: User | None, job_id: int) -> None:
    """Remove every star of a job: the list goes back to the job match alone."""
    with ctx.db.begin() as conn:
        removed = delete_stars(conn, job_id)
        bump_revision(conn, job_id)
        audit(conn, user, "reset_stars", job_id, detail={"removed": removed})


def starred_ids(ctx: Context, job_id: int) -> tuple[int, ...]:
    """The starred candidate ids of a job, in starring order."""
    with ctx.db.connect() as conn:
        return tuple(star_ids(conn, job_id))


def decide(
    ctx: Context,
    user: User | None,
    job_id: int,
    candidate_id: int,
    decision: Decision,
    note: str = "",
) -> None:
    """Record a shortlist / reject decision or a note about a candidate for a job."""
    if len(note) > _MAX_NOTE:
        raise InvalidInputError(f"a note holds at most {_MAX_NOTE} characters")
    ensure_scored(ctx, job_id)
    with ctx.db.begin() as conn:
        score = _job_score(conn, job_id, candidate_id)
        row = {
            "job_id": job_id,
            "candidate_id": candidate_id,
            "decision": decision.value,
            "note": note,
            "user_id": user.id if user else None,
        }
        insert_decision(conn, row)
        bump_revision(conn, job_id)
        detail = {"decision": decision.value, "note": note, "job_score": score}
        audit(conn, user, "decision", job_id, candidate_id, detail)


def feedback_events(ctx: Context, job_id: int | None = None) -> list[FeedbackEvent]:
    """Stars, unstars, resets and decisions, oldest first (the ranker's training signal)."""
    with ctx.db.connect() as conn:
        rows = audit_rows(conn, job_id, FEEDBACK_ACTIONS)
    events = []
    for row in rows:
        detail = dict(row.detail or {})
        if detail.get("erased"):
            continue  # the candidate's data was deleted on request (workspace.erasure)
        score = detail.pop("job_score", None)
        events.append(
            FeedbackEvent(
                at=iso(row.at),
                user=row.user,
                action=row.action,
                job_id=int(row.job_id),
                candidate_id=None if row.candidate_id is None else int(row.candidate_id),
                job_score=None if score is None else float(score),
                detail={k: str(v) for k, v in detail.items()},
            )
        )
    return events


def audit_log(ctx: Context, job_id: int | None = None) -> list[dict[str, object]]:
    """Every audit entry (who did what, when), oldest first."""
    with ctx.db.connect() as conn:
        rows = audit_rows(conn, job_id)
    return [
        {
            "at": iso(r.at),
            "user": r.user,
            "action": r.action,
            "job_id": r.job_id,
            "candidate_id": r.candidate_id,
            "detail": r.detail,
        }
        for r in rows
    ]
