"""Opt-in learning from a job's decisions (issue 18 item 3): the setting, its reset, the scores.

A job that opted in (``PUT /api/jobs/{id}/learning``) is ranked, once it has
``Settings.feedback_min_decisions`` decided candidates of both kinds, by
:func:`cvmatch.scoring.feedback_ranker.feedback_rerank`: the plain ranking (the job match, or
the star blend) corrected by a pairwise fit on those decisions (similarity to the shortlisted
and to the rejected candidates), pulled toward no change. Labels: a
candidate's newest decision after the last reset, shortlist 1, reject 0; notes and stars are
not decisions. A reset keeps every decision (audit, ``GET /api/feedback``) but teaches the
learner only the ones made after it, so the list is plain again until enough new ones come.
The fit is deterministic: the same decisions give the same order.
"""

import numpy as np
from sqlalchemy import Connection

from cvmatch.scoring.feedback_ranker import FeedbackLearner, JobFeedback, feedback_rerank
from cvmatch.scoring.match_features import MATCH_FEATURES, match_features
from cvmatch.store.codec import match_from_json
from cvmatch.store.job_state import decisions_after, last_decision_id, set_learning
from cvmatch.store.recruiting import DbRow, match_payloads
from cvmatch.workspace.context import Context, JobMatrix, audit
from cvmatch.workspace.records import Learning, LearningStatus, User
from cvmatch.workspace.scoring import ensure_scored

_CHUNK = 1000
"""Match payloads read per query (bounded SQL parameters and memory)."""


def enable(ctx: Context, user: User | None, job_id: int, enabled: bool) -> None:
    """Opt the job in to (or out of) learning from its decisions."""
    ensure_scored(ctx, job_id)  # raises NotFoundError for an unknown job
    with ctx.db.begin() as conn:
        set_learning(conn, job_id, enabled=enabled)
        audit(conn, user, "learning_on" if enabled else "learning_off", job_id)


def reset(ctx: Context, user: User | None, job_id: int) -> None:
    """Forget what was learned: only decisions made from now on teach the learner."""
    ensure_scored(ctx, job_id)
    with ctx.db.begin() as conn:
        after = last_decision_id(conn, job_id)
        set_learning(conn, job_id, reset_after=after)
        audit(conn, user, "learning_reset", job_id, detail={"after_decision": after})


def learned_scores(
    ctx: Context,
    conn: Connection,
    job_id: int,
    state: DbRow,
    matrix: JobMatrix,
    starred_rows: list[int],
) -> tuple[Learning, np.ndarray | None]:
    """The job's learning state, and its learned 0-100 scores (matrix rows) when active."""
    minimum = ctx.settings.feedback_min_decisions
    if not state.learn_from_decisions:
        return Learning(False, LearningStatus.OFF, 0, minimum), None
    decided = decisions_after(conn, job_id, int(state.learning_reset_after))
    rows = np.searchsorted(matrix.ids, list(decided)).tolist() if decided else []
    labels = {
        row: int(decision == "shortlist")
        for row, (cid, decision) in zip(rows, decided.items(), strict=True)
        if row < len(matrix.ids) and int(matrix.ids[row]) == cid  # decided ⇒ scored
    }
    count = len(labels)
    if count < minimum:
        return Learning(True, LearningStatus.WAITING, count, minimum), None
    if len(set(labels.values())) < 2:  # noqa: PLR2004 - both classes
        return Learning(True, LearningStatus.ONE_CLASS, count, minimum), None
    job = JobFeedback(
        job_scores=matrix.scores,
        embeddings=matrix.vectors,
        features=_features(ctx, conn, job_id, matrix),
        names=MATCH_FEATURES,
        labels=labels,
        starred=starred_rows,
    )
    ranking = feedback_rerank(job, ctx.settings.star_weight, FeedbackLearner(min_decisions=minimum))
    return Learning(True, LearningStatus.ACTIVE, count, minimum), ranking.scores


def _features(ctx: Context, conn: Connection, job_id: int, matrix: JobMatrix) -> np.ndarray:
    """The match features of every candidate (matrix rows); each stored match is read once."""
    known = ctx.features.setdefault(job_id, {})
    missing = [int(cid) for cid in matrix.ids if int(cid) not in known]
    for start in range(0, len(missing), _CHUNK):
        chunk = missing[start : start + _CHUNK]
        payloads = match_payloads(conn, job_id, chunk)
        known.update({cid: match_features(match_from_json(payloads[cid])) for cid in chunk})
    return np.stack([known[int(cid)] for cid in matrix.ids])
