"""The per-job LLM switch (issue 21): the configured endpoint re-reads the top of a job's list.

The step is :class:`cvmatch.engine.LlmStep`, the one behind ``cvmatch rank --llm``, with the
same ``CVMATCH_LLM_*`` configuration; the job's ``llm_top`` replaces ``CVMATCH_LLM_TOP_K``. It
runs last, over the list as the page would show it (stages, stars and learned weights applied):
each of the best K gets the LLM's review and a fused score (the list score fused with the
LLM's fit, weight ``CVMATCH_LLM_WEIGHT`` ≤ 0.5), and those K are re-ordered by it; the rest keep
their place. Answers are cached by (model, prompt, job, CV), so rebuilding the view after a
star costs no request for candidates already read. When the endpoint fails (timeouts, rate
limits, server errors, invalid answers) the list stays the deterministic one and the page's
``llm.degraded`` says so; when the endpoint was unset after the switch was turned on, the list
is deterministic and the warning says why.
"""

from dataclasses import replace

import numpy as np

from cvmatch.engine import LlmStep
from cvmatch.llm.payload import review_to_dict
from cvmatch.store.codec import document_from_row, match_from_json
from cvmatch.store.recruiting import candidate_rows, match_payloads
from cvmatch.types import DocumentKind, Ranking
from cvmatch.workspace.context import Context, JobView
from cvmatch.workspace.job_settings import LLM_REFUSED, effective_llm_top
from cvmatch.workspace.jobs import job_document
from cvmatch.workspace.records import LlmReview, LlmRun


def with_llm(ctx: Context, job_id: int, view: JobView) -> JobView:
    """``view`` with its best K re-read by the LLM and re-ordered by fused score."""
    top = effective_llm_top(ctx, view.settings)
    step = LlmStep(ctx.settings.model_copy(update={"llm_top_k": top}))
    if not step.configured:
        return replace(view, llm=LlmRun("", 0, degraded=True, warnings=(LLM_REFUSED,)))
    rows = view.ordering[:top]
    ids = [int(cid) for cid in view.matrix.ids[rows]]
    with ctx.db.connect() as conn:
        payloads = match_payloads(conn, job_id, ids)
        docs = {
            str(r.id): document_from_row(str(r.id), r.kind, r.text, r.language, r.meta)
            for r in candidate_rows(conn, ids)
        }
    matches = tuple(
        replace(view.matrix.staged.get(cid) or match_from_json(payloads[cid]), score=float(score))
        for cid, score in zip(ids, view.scores[rows].tolist(), strict=True)
    )
    job = job_document(ctx, job_id)
    outcome = step.rerank(Ranking(job.id, DocumentKind.JOB, matches), job, docs)
    row_of = {cid: int(row) for cid, row in zip(ids, rows.tolist(), strict=True)}
    reordered = [row_of[int(m.cv_id)] for m in outcome.ranking.matches]
    ordering = np.concatenate(
        [np.asarray(reordered, dtype=view.ordering.dtype), view.ordering[top:]]
    )
    reviews = {
        int(cv_id): LlmReview(review.fused_score, review_to_dict(review))
        for cv_id, review in outcome.reviews.items()
    }
    run = LlmRun(
        outcome.config.model,
        outcome.stats.reviewed,
        outcome.degraded,
        tuple(outcome.stats.warnings),
    )
    return replace(view, ordering=ordering, llm=run, llm_reviews=reviews)
