"""A job's ranked candidates: stored results as arrays, star re-ranking, one page of evidence.

The arrays (candidate ids, job scores, feedback embeddings) are loaded once per job and cached
in the :class:`~cvmatch.workspace.context.Context`; a star only re-runs the vector maths of
:mod:`cvmatch.scoring.feedback`, so re-ranking 10,000 candidates never touches the encoders.
The cache is rebuilt when the number of stored matches of the job changes.
"""

from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import Connection, Row

from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.scoring.feedback import Reranked, order, rerank
from cvmatch.store.codec import match_from_json, vectors_from_bytes
from cvmatch.store.people import latest_decisions, star_ids
from cvmatch.store.recruiting import (
    candidate_headers,
    candidate_rows,
    count_matches,
    job_vectors,
    match_payloads,
    match_scores,
)
from cvmatch.types import Flag
from cvmatch.workspace.context import Context, JobMatrix
from cvmatch.workspace.records import (
    CandidateRecord,
    Decision,
    RankedCandidate,
    RankedRow,
    RankPage,
    RowPage,
)
from cvmatch.workspace.scoring import ensure_scored, ensure_vectors, feedback_model_id

MAX_PAGE = 1000
MAX_OFFSET = 2**63 - 1
"""Offsets beyond a signed 64-bit integer are refused rather than overflowing numpy."""


def job_matrix(ctx: Context, conn: Connection, job_id: int) -> JobMatrix:
    """The job's stored scores and vectors as aligned arrays (cached)."""
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


@dataclass(frozen=True)
class _Ordered:
    """A job's candidates in (re-)ranked order."""

    matrix: JobMatrix
    blended: Reranked
    ordering: np.ndarray
    starred: tuple[int, ...]


@dataclass(frozen=True)
class _Page:
    ids: list[int]
    scores: list[float]
    job_scores: list[float]
    similarity: list[float | None]
    first_rank: int


def _ordered(ctx: Context, job_id: int) -> _Ordered:
    ensure_scored(ctx, job_id)
    with ctx.db.connect() as conn:
        matrix = job_matrix(ctx, conn, job_id)
        starred = star_ids(conn, job_id)
    rows = np.searchsorted(matrix.ids, starred).tolist() if starred else []
    blended = rerank(matrix.scores, matrix.vectors, rows, ctx.settings.star_weight)
    return _Ordered(matrix, blended, order(blended.scores, matrix.ids), tuple(starred))


def _page(ordered: _Ordered, positions: np.ndarray, first_rank: int) -> _Page:
    rows = ordered.ordering[positions]
    sim = ordered.blended.similarity
    return _Page(
        ids=[int(i) for i in ordered.matrix.ids[rows]],
        scores=[float(v) for v in ordered.blended.scores[rows]],
        job_scores=[float(v) for v in ordered.matrix.scores[rows]],
        similarity=[None if sim is None else float(sim[r]) for r in rows.tolist()],
        first_rank=first_rank,
    )


def _check_page(offset: int, limit: int) -> None:
    if not 0 <= offset <= MAX_OFFSET or not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(
            f"offset must be within 0-{MAX_OFFSET} and limit within 1-{MAX_PAGE}"
        )


def rank_page(ctx: Context, job_id: int, offset: int = 0, limit: int = 50) -> RankPage:
    """One page of the job's candidates, re-ranked by the stars when there are any."""
    _check_page(offset, limit)
    ordered = _ordered(ctx, job_id)
    positions = np.arange(offset, min(offset + limit, len(ordered.ordering)))
    items = _items(ctx, job_id, _page(ordered, positions, offset + 1), set(ordered.starred))
    total = len(ordered.matrix.ids)
    weight = ctx.settings.star_weight
    return RankPage(job_id, total, offset, limit, ordered.starred, weight, items)


def rank_rows(ctx: Context, job_id: int, offset: int = 0, limit: int = 50) -> RowPage:
    """One page of compact rows in the order of :func:`rank_page`, without match payloads.

    Reads only the cached arrays and the page's candidate records, so a page costs the same
    whatever the size of the evidence; :func:`candidate` gives one row's evidence.
    """
    _check_page(offset, limit)
    ordered = _ordered(ctx, job_id)
    positions = np.arange(offset, min(offset + limit, len(ordered.ordering)))
    page = _page(ordered, positions, offset + 1)
    items: tuple[RankedRow, ...] = ()
    if page.ids:
        with ctx.db.connect() as conn:
            headers = candidate_headers(conn, page.ids)
            decisions = latest_decisions(conn, job_id)
        records = {int(r.id): _header_record(r) for r in headers}
        starred = set(ordered.starred)
        items = tuple(
            RankedRow(
                rank=page.first_rank + i,
                score=page.scores[i],
                job_score=page.job_scores[i],
                candidate=records[cid],
                starred=cid in starred,
                star_similarity=page.similarity[i],
                decision=_decision(decisions.get(cid)),
            )
            for i, cid in enumerate(page.ids)
        )
    total = len(ordered.matrix.ids)
    weight = ctx.settings.star_weight
    return RowPage(job_id, total, offset, limit, ordered.starred, weight, items)


def _header_record(row: Row[Any]) -> CandidateRecord:
    """A :class:`CandidateRecord` from a :func:`cvmatch.store.recruiting.candidate_headers` row."""
    return _record(row, row.flags or [])


def _decision(row: Row[Any] | None) -> Decision | None:
    return Decision(row.decision) if row is not None else None


def all_ranked(ctx: Context, job_id: int) -> RankPage:
    """Every candidate of the job in order (for exports)."""
    ordered = _ordered(ctx, job_id)
    total = len(ordered.matrix.ids)
    items: list[RankedCandidate] = []
    for start in range(0, total, MAX_PAGE):
        positions = np.arange(start, min(start + MAX_PAGE, total))
        page = _page(ordered, positions, start + 1)
        items.extend(_items(ctx, job_id, page, set(ordered.starred)))
    weight = ctx.settings.star_weight
    return RankPage(job_id, total, 0, total, ordered.starred, weight, tuple(items))


def candidate(ctx: Context, job_id: int, candidate_id: int) -> RankedCandidate:
    """One candidate of a job with its rank, match and evidence (scored if needed)."""
    ordered = _ordered(ctx, job_id)
    hits = np.flatnonzero(ordered.matrix.ids[ordered.ordering] == candidate_id)
    if not len(hits):
        raise NotFoundError(f"job {job_id} has no candidate {candidate_id}")
    page = _page(ordered, hits[:1], int(hits[0]) + 1)
    return _items(ctx, job_id, page, set(ordered.starred))[0]


def _items(
    ctx: Context, job_id: int, page: _Page, starred: set[int]
) -> tuple[RankedCandidate, ...]:
    if not page.ids:
        return ()
    with ctx.db.connect() as conn:
        payloads = match_payloads(conn, job_id, page.ids)
        records = {int(r.id): candidate_record(r) for r in candidate_rows(conn, page.ids)}
        decisions = latest_decisions(conn, job_id)
    items = []
    for position, cid in enumerate(page.ids):
        decision = decisions.get(cid)
        match = match_from_json(payloads[cid])
        items.append(
            RankedCandidate(
                rank=page.first_rank + position,
                score=page.scores[position],
                job_score=match.score,
                candidate=records[cid],
                match=match,
                starred=cid in starred,
                star_similarity=page.similarity[position],
                decision=_decision(decision),
            )
        )
    return tuple(items)


def candidate_record(row: Row[Any]) -> CandidateRecord:
    """A :class:`CandidateRecord` from a :func:`cvmatch.store.recruiting.candidate_rows` row."""
    return _record(row, row.meta.get("flags", []))


def _record(row: Row[Any], flags: list[str]) -> CandidateRecord:
    return CandidateRecord(
        id=int(row.id),
        name=str(row.name),
        filename=str(row.filename),
        language=str(row.language),
        content_hash=str(row.content_hash),
        flags=tuple(Flag(f) for f in flags),
    )
