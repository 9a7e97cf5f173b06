"""Delete a candidate's data on request (issue 22 item 5, docs/audit.md).

:func:`delete_candidate` removes every row of the candidate (:mod:`cvmatch.store.erasure`),
the cached vectors their CV's scoring used (:meth:`cvmatch.engine.Engine.forget`), their entry
in each persisted faiss index of the store, and the workspace's in-memory arrays of their jobs.
It logs one ``candidate_deleted`` entry: who, when, which jobs and how many rows, vectors and
index entries went, and the requester's reference; never the candidate's id, name or content.
"""

from dataclasses import dataclass

from cvmatch.engine.erasure import forget_in_indexes, index_revisions
from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.store.codec import document_from_row
from cvmatch.store.erasure import candidate_job_ids, document_models, erase_candidate
from cvmatch.store.job_state import bump_revision
from cvmatch.store.recruiting import candidate_rows
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.jobs import job_document
from cvmatch.workspace.records import User

__all__ = ["ErasureReport", "delete_candidate"]

MAX_REFERENCE = 200


@dataclass(frozen=True)
class ErasureReport:
    """What a deletion removed (counts only: the content is gone)."""

    jobs: tuple[int, ...]
    rows: dict[str, int]
    """Table → rows deleted (``audit``: entries unlinked from the candidate)."""
    cache_entries: int
    index_entries: int


def delete_candidate(
    ctx: Context, user: User | None, candidate_id: int, reference: str = ""
) -> ErasureReport:
    """Remove everything stored about a candidate (see the module docstring)."""
    if len(reference) > MAX_REFERENCE:
        raise InvalidInputError(f"a reference holds at most {MAX_REFERENCE} characters")
    with ctx.db.connect() as conn:
        found = candidate_rows(conn, [candidate_id])
        job_ids = candidate_job_ids(conn, candidate_id)
    if not found:
        raise NotFoundError(f"no candidate with id {candidate_id}")
    row = found[0]
    cv = document_from_row(str(row.id), row.kind, row.text, row.language, row.meta)
    with ctx.score_lock:  # no scoring pass stores the CV's vectors again meanwhile
        cached = ctx.engine.forget(cv, [job_document(ctx, j) for j in job_ids])
        with ctx.db.begin() as conn:
            models = document_models(conn, candidate_id)
            before = index_revisions(conn, models)
            erasure = erase_candidate(conn, candidate_id)
            after = index_revisions(conn, models)
            for job_id in erasure.job_ids:
                bump_revision(conn, job_id)
            # Before the commit, so the log says how many went; should the commit fail, the
            # index's saved revision no longer matches the store's and its next open re-syncs.
            revisions = {m: (before[m], after[m]) for m in models}
            indexed = forget_in_indexes(
                str(ctx.db.engine.url),
                erasure.document_id,
                revisions,
                ctx.settings.cache_dir / "ann",
            )
            detail = {
                "jobs": list(erasure.job_ids),
                "rows": erasure.rows,
                "cache_entries": cached,
                "index_entries": indexed,
                "reference": reference,
            }
            audit(conn, user, "candidate_deleted", detail=detail)
    for job_id in erasure.job_ids:
        for cache in (ctx.matrices, ctx.views, ctx.features):
            cache.pop(job_id, None)
    return ErasureReport(erasure.job_ids, erasure.rows, cached, indexed)
