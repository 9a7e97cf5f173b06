"""A job's ranked candidates as pages: compact rows, rows with evidence, one candidate, exports.

Order, stars and decisions come from the job's cached view (:mod:`cvmatch.workspace.views`,
keyed by the job's stored revision); a compact page then reads only the list headers it has
not seen before, and a page with evidence adds its match payloads.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.store.codec import match_from_json
from cvmatch.store.recruiting import match_payloads
from cvmatch.types import StageEffect
from cvmatch.workspace.context import Context, JobView
from cvmatch.workspace.records import (
    LearnedMove,
    LlmReview,
    Page,
    RankedCandidate,
    RankedRow,
    RankPage,
    RowPage,
)
from cvmatch.workspace.views import candidate_records, job_view

_RowT = TypeVar("_RowT", bound=RankedRow)

MAX_PAGE = 1000
MAX_OFFSET = 2**63 - 1
"""Offsets beyond a signed 64-bit integer are refused rather than overflowing numpy."""


@dataclass(frozen=True)
class _Page:
    ids: list[int]
    scores: list[float]
    job_scores: list[float]
    similarity: list[float | None]
    learned: list[LearnedMove | None]
    first_rank: int
    stages: list[tuple[StageEffect, ...]]
    llm: list[LlmReview | None]


def _page(view: JobView, positions: np.ndarray, first_rank: int) -> _Page:
    rows = view.ordering[positions]
    sim = view.similarity
    plain_scores, plain_ranks = view.plain_scores, view.plain_ranks
    learned = [
        None
        if plain_scores is None or plain_ranks is None
        else LearnedMove(int(plain_ranks[r]), float(plain_scores[r]))
        for r in rows.tolist()
    ]
    ids = [int(i) for i in view.matrix.ids[rows]]
    staged = view.matrix.staged
    return _Page(
        ids=ids,
        scores=[float(v) for v in view.scores[rows]],
        job_scores=[float(v) for v in view.matrix.scores[rows]],
        similarity=[None if sim is None else float(sim[r]) for r in rows.tolist()],
        learned=learned,
        first_rank=first_rank,
        stages=[staged[cid].stages if cid in staged else () for cid in ids],
        llm=[view.llm_reviews.get(cid) for cid in ids],
    )


def _check_page(offset: int, limit: int) -> None:
    if not 0 <= offset <= MAX_OFFSET or not 1 <= limit <= MAX_PAGE:
        raise InvalidInputError(
            f"offset must be within 0-{MAX_OFFSET} and limit within 1-{MAX_PAGE}"
        )


def rank_page(ctx: Context, job_id: int, offset: int = 0, limit: int = 50) -> RankPage:
    """One page of the job's candidates, re-ranked by the stars when there are any."""
    _check_page(offset, limit)
    view = job_view(ctx, job_id)
    positions = np.arange(offset, min(offset + limit, len(view.ordering)))
    items = _items(ctx, job_id, view, _page(view, positions, offset + 1))
    return _result(ctx, job_id, view, offset, limit, items)


def rank_rows(ctx: Context, job_id: int, offset: int = 0, limit: int = 50) -> RowPage:
    """One page of compact rows in the order of :func:`rank_page`, without match payloads.

    Reads the job's revision and, on a cached view, only list headers not read before, so a
    page costs the same whatever the size of the evidence; :func:`candidate` gives one row's
    evidence.
    """
    _check_page(offset, limit)
    view = job_view(ctx, job_id)
    positions = np.arange(offset, min(offset + limit, len(view.ordering)))
    page = _page(view, positions, offset + 1)
    records = candidate_records(ctx, view.matrix, page.ids)
    starred = set(view.starred)
    items = tuple(
        RankedRow(
            rank=page.first_rank + i,
            score=page.scores[i],
            job_score=page.job_scores[i],
            candidate=records[cid],
            starred=cid in starred,
            star_similarity=page.similarity[i],
            decision=view.decisions.get(cid),
            learned=page.learned[i],
            stages=page.stages[i],
            llm=page.llm[i],
        )
        for i, cid in enumerate(page.ids)
    )
    return _result(ctx, job_id, view, offset, limit, items)


def _result(
    ctx: Context, job_id: int, view: JobView, offset: int, limit: int, items: tuple[_RowT, ...]
) -> Page[_RowT]:
    total = len(view.matrix.ids)
    weight = ctx.settings.star_weight
    return Page(
        job_id,
        total,
        offset,
        limit,
        view.starred,
        weight,
        items,
        view.learning,
        view.settings,
        view.llm,
        view.ann,
    )


def all_ranked(ctx: Context, job_id: int) -> RankPage:
    """Every candidate of the job in order (for exports)."""
    view = job_view(ctx, job_id)
    total = len(view.matrix.ids)
    items: list[RankedCandidate] = []
    for start in range(0, total, MAX_PAGE):
        positions = np.arange(start, min(start + MAX_PAGE, total))
        items.extend(_items(ctx, job_id, view, _page(view, positions, start + 1)))
    return _result(ctx, job_id, view, 0, total, tuple(items))


def candidate(ctx: Context, job_id: int, candidate_id: int) -> RankedCandidate:
    """One candidate of a job with its rank, match and evidence (scored if needed)."""
    view = job_view(ctx, job_id)
    hits = np.flatnonzero(view.matrix.ids[view.ordering] == candidate_id)
    if not len(hits):
        raise NotFoundError(f"job {job_id} has no candidate {candidate_id}")
    return _items(ctx, job_id, view, _page(view, hits[:1], int(hits[0]) + 1))[0]


def _items(ctx: Context, job_id: int, view: JobView, page: _Page) -> tuple[RankedCandidate, ...]:
    if not page.ids:
        return ()
    staged = view.matrix.staged
    stored = [cid for cid in page.ids if cid not in staged]
    payloads: dict[int, Any] = {}
    if stored:
        with ctx.db.connect() as conn:
            payloads = match_payloads(conn, job_id, stored)
    records = candidate_records(ctx, view.matrix, page.ids)
    starred = set(view.starred)
    items = []
    for position, cid in enumerate(page.ids):
        match = staged[cid] if cid in staged else match_from_json(payloads[cid])
        items.append(
            RankedCandidate(
                rank=page.first_rank + position,
                score=page.scores[position],
                job_score=match.score,
                candidate=records[cid],
                match=match,
                starred=cid in starred,
                star_similarity=page.similarity[position],
                decision=view.decisions.get(cid),
                learned=page.learned[position],
                stages=page.stages[position],
                llm=page.llm[position],
            )
        )
    return tuple(items)
