"""A job's bias-audit report and candidate-pool report, from what the store holds.

Both read the job's stored matches (scoring the candidates not scored yet first), so they show
the scores the ranked list shows; both are logged as exports with their scoring context
(:mod:`cvmatch.workspace.audit_trail`). The bias audit takes its categories from
``candidate_categories`` (:mod:`cvmatch.workspace.categories`), never from the CVs.
"""

from dataclasses import replace
from typing import Any

from cvmatch.audit.bias_html import render_bias_report
from cvmatch.engine.audit import job_bias_report, scored_pool_report
from cvmatch.errors import InvalidInputError
from cvmatch.store.codec import document_from_row, match_from_json
from cvmatch.store.recruiting import candidate_rows, job_candidate_ids, match_payloads
from cvmatch.types import Document, Match
from cvmatch.workspace.audit_trail import log_export
from cvmatch.workspace.context import Context
from cvmatch.workspace.jobs import get_job, job_document
from cvmatch.workspace.records import User
from cvmatch.workspace.scoring import ensure_scored

__all__ = ["bias_report", "bias_report_page", "pool_report"]

MAX_MIN_COUNT = 10_000


def bias_report(ctx: Context, user: User | None, job_id: int, min_count: int) -> dict[str, Any]:
    """The ``cvmatch.audit.bias/v1`` JSON of a job (``min_count``: fewer, no ratio)."""
    if not 1 <= min_count <= MAX_MIN_COUNT:
        raise InvalidInputError(f"min_count must be 1 to {MAX_MIN_COUNT}, got {min_count}")
    get_job(ctx, job_id)
    ensure_scored(ctx, job_id)
    with ctx.db.connect() as conn:
        payload = job_bias_report(conn, job_id, min_count)
    log_export(ctx, user, job_id, "bias-audit")
    return payload


def bias_report_page(ctx: Context, user: User | None, job_id: int, min_count: int) -> str:
    """:func:`bias_report` as one self-contained HTML page (the Local Law 144 layout)."""
    payload = bias_report(ctx, user, job_id, min_count)
    return render_bias_report(payload, get_job(ctx, job_id).title)


def pool_report(ctx: Context, user: User | None, job_id: int) -> str:
    """The candidate-pool report (one self-contained HTML page) of the job's candidates."""
    job = get_job(ctx, job_id)
    ensure_scored(ctx, job_id)
    cvs, matches = _scored_pool(ctx, job_id)
    document = job_document(ctx, job_id)
    html = scored_pool_report(ctx.engine, _titled(document, job.title), cvs, matches)
    log_export(ctx, user, job_id, "pool-report", matches)
    return html


def _scored_pool(ctx: Context, job_id: int) -> tuple[list[Document], list[Match]]:
    """The job's candidates as documents (named ``file #id``) and their stored matches."""
    with ctx.db.connect() as conn:
        ids = job_candidate_ids(conn, job_id)
        rows = candidate_rows(conn, ids)
        payloads = match_payloads(conn, job_id, ids)
    cvs, matches = [], []
    for r in rows:
        if int(r.id) in payloads:
            label = f"{r.name} #{r.id}"
            cvs.append(document_from_row(label, r.kind, r.text, r.language, r.meta))
            matches.append(match_from_json(payloads[int(r.id)]))
    return cvs, matches


def _titled(document: Document, title: str) -> Document:
    """The job document named by its title (the report's heading)."""
    return replace(document, id=title)
