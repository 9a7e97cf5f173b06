"""A job's ranked list as pages read it, cached per job and keyed by the job's stored revision.

A page request reads one small row (``jobs.revision``) and, while it matches the cached view,
nothing else: the order, the stars and the decisions come from memory. Every write that changes
what the list shows bumps the revision in its own transaction (:mod:`cvmatch.store.job_state`),
so the next request of any server process sharing the store rebuilds the view. The arrays
behind it (:class:`~cvmatch.workspace.context.JobMatrix`: scores, vectors, list headers) are
kept while the number of stored matches is unchanged, so a star only re-runs the vector maths.
A job that learns from its decisions is ordered by the learned blend
(:mod:`cvmatch.workspace.learning`), and the view keeps each candidate's plain rank and score.
A job's settings (:mod:`cvmatch.workspace.job_settings`) add its trained stages under all of
this (:mod:`cvmatch.workspace.staged`) and the LLM's re-reading of the top on top of it
(:mod:`cvmatch.workspace.llm_view`).
"""

from dataclasses import replace

import numpy as np
from sqlalchemy import Connection

from cvmatch.errors import NotFoundError
from cvmatch.scoring.feedback import order, rerank
from cvmatch.store.codec import vectors_from_bytes
from cvmatch.store.job_state import job_state
from cvmatch.store.people import latest_decisions, star_ids
from cvmatch.store.recruiting import (
    candidate_headers,
    count_matches,
    job_vectors,
    match_scores,
)
from cvmatch.types import Flag
from cvmatch.workspace import ann
from cvmatch.workspace.context import Context, JobMatrix, JobView
from cvmatch.workspace.job_settings import read_settings, stages_of
from cvmatch.workspace.learning import learned_scores
from cvmatch.workspace.llm_view import with_llm
from cvmatch.workspace.records import CandidateRecord, Decision
from cvmatch.workspace.scoring import ensure_scored, ensure_vectors, feedback_model_id
from cvmatch.workspace.staged import staged_matrix


def job_view(ctx: Context, job_id: int) -> JobView:
    """The job's current view: cached while ``jobs.revision`` is unchanged, rebuilt otherwise.

    Raises:
        NotFoundError: No job has that id.
    """
    revision = _revision(ctx, job_id)
    cached = ctx.views.get(job_id)
    if cached is not None and cached.revision == revision:
        return cached
    with ctx.view_lock(job_id):
        cached = ctx.views.get(job_id)
        if cached is not None and cached.revision >= revision:
            return cached  # another request rebuilt it while this one waited
        ensure_scored(ctx, job_id)
        with ctx.db.connect() as conn:  # one read transaction: the revision, then what it keys
            view = _build(ctx, conn, job_id)
        if view.settings.llm:  # outside the read transaction: the endpoint may take seconds
            view = with_llm(ctx, job_id, view)
        ctx.views[job_id] = view
    return view


def _revision(ctx: Context, job_id: int) -> int:
    with ctx.db.connect() as conn:
        state = job_state(conn, job_id)
    if state is None:
        raise NotFoundError(f"no job with id {job_id}")
    return int(state.revision)


def _build(ctx: Context, conn: Connection, job_id: int) -> JobView:
    """Read the revision first: data newer than it only makes the next request rebuild again."""
    state = job_state(conn, job_id)
    if state is None:
        raise NotFoundError(f"no job with id {job_id}")
    settings = read_settings(conn, job_id)
    matrix = staged_matrix(ctx, conn, job_id, job_matrix(ctx, conn, job_id), stages_of(settings))
    starred = tuple(star_ids(conn, job_id))
    decisions = {cid: Decision(r.decision) for cid, r in latest_decisions(conn, job_id).items()}
    rows = np.searchsorted(matrix.ids, starred).tolist() if starred else []
    blended = rerank(matrix.scores, matrix.vectors, rows, ctx.settings.star_weight)
    plain = order(blended.scores, matrix.ids)
    learning, learned = learned_scores(ctx, conn, job_id, state, matrix, rows)
    view = JobView(
        revision=int(state.revision),
        matrix=matrix,
        scores=blended.scores,
        similarity=blended.similarity,
        ordering=plain,
        starred=starred,
        decisions=decisions,
        learning=learning,
        settings=settings,
        ann=ann.picked(ctx, job_id, conn),
    )
    if learned is not None:
        ranks = np.empty(len(plain), dtype=np.int64)
        ranks[plain] = np.arange(1, len(plain) + 1)
        view = replace(
            view,
            scores=learned,
            ordering=order(learned, matrix.ids),
            plain_scores=blended.scores,
            plain_ranks=ranks,
        )
    return view


def job_matrix(ctx: Context, conn: Connection, job_id: int) -> JobMatrix:
    """The job's stored scores and vectors as aligned arrays (cached while no match is added)."""
    stored = count_matches(conn, job_id)
    cached = ctx.matrices.get(job_id)
    if cached is not None and len(cached.ids) == stored:
        return cached
    scores = match_scores(conn, job_id)
    vectors = job_vectors(conn, job_id, feedback_model_id(ctx))
    if len(vectors) < len(scores):  # the feedback encoder changed since these were stored
        have = {int(r.candidate_id) for r in vectors}
        ensure_vectors(
            ctx, [int(r.candidate_id) for r in scores if int(r.candidate_id) not in have]
        )
        vectors = job_vectors(conn, job_id, feedback_model_id(ctx))
    ids = np.array([int(r.candidate_id) for r in scores], dtype=np.int64)
    dim = int(vectors[0].dim) if vectors else 1
    by_id = {int(r.candidate_id): i for i, r in enumerate(vectors)}
    stacked = vectors_from_bytes([r.vector for r in vectors], dim)
    matrix = np.zeros((len(ids), dim), dtype=np.float32)
    for row, cid in enumerate(ids.tolist()):
        if cid in by_id:
            matrix[row] = stacked[by_id[cid]]
    result = JobMatrix(ids, np.array([float(r.score) for r in scores]), matrix)
    ctx.matrices[job_id] = result
    return result


def candidate_records(
    ctx: Context, matrix: JobMatrix, ids: list[int]
) -> dict[int, CandidateRecord]:
    """The list headers of ``ids``: from the matrix's cache, the missing ones in one query."""
    missing = [cid for cid in ids if cid not in matrix.records]
    if missing:
        with ctx.db.connect() as conn:
            rows = candidate_headers(conn, missing)
        for r in rows:
            matrix.records[int(r.id)] = CandidateRecord(
                id=int(r.id),
                name=str(r.name),
                filename=str(r.filename),
                language=str(r.language),
                content_hash=str(r.content_hash),
                flags=tuple(Flag(f) for f in r.flags or []),
            )
    return {cid: matrix.records[cid] for cid in ids}
