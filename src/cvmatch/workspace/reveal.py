"""A candidate's original file, handed out on a logged reveal (issue 22 items 1 and 5).

The store keeps every original file, even when the workspace screens blind (its engine scores
redacted text). A reveal returns that file and logs ``revealed``: who, when, which job and
candidate, the model ids behind the candidate's stored score and the scoring settings
(:func:`cvmatch.workspace.audit_trail.scoring_context`). When the workspace screens blind, a
recruiter sees the original only after deciding (shortlist or reject) about the candidate for
that job; otherwise nothing was hidden and the reveal is only logged.
"""

from dataclasses import dataclass

from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.store.codec import match_from_json
from cvmatch.store.erasure import candidate_job_ids
from cvmatch.store.people import latest_decisions
from cvmatch.store.recruiting import candidate_rows, document_content, match_payloads
from cvmatch.workspace.audit_trail import scoring_context
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.records import User

__all__ = ["Original", "reveal"]


@dataclass(frozen=True)
class Original:
    """The file a candidate uploaded, as stored."""

    filename: str
    content: bytes


def reveal(ctx: Context, user: User | None, job_id: int, candidate_id: int) -> Original:
    """The candidate's original file for someone working on ``job_id`` (logged)."""
    with ctx.db.begin() as conn:
        payload = match_payloads(conn, job_id, [candidate_id]).get(candidate_id)
        found = candidate_rows(conn, [candidate_id])
        if not found or job_id not in candidate_job_ids(conn, candidate_id):
            raise NotFoundError(f"job {job_id} has no candidate {candidate_id}")
        if ctx.engine.redact and candidate_id not in latest_decisions(conn, job_id):
            raise InvalidInputError(
                "this workspace screens blind: shortlist or reject the candidate first"
            )
        row = document_content(conn, int(found[0].document_id))
        if row is None:  # pragma: no cover - a candidate row always has its document
            raise NotFoundError(f"candidate {candidate_id} has no stored file")
        matches = [match_from_json(payload)] if payload is not None else []
        detail = scoring_context(ctx, matches)
        audit(conn, user, "revealed", job_id, candidate_id, detail)
    return Original(str(row.filename), bytes(row.content))
