"""A candidate's data: deleted on request, or their original file revealed (issue 22)."""

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import CandidateId, JobId
from cvmatch.service.problems import COMMON, responses
from cvmatch.service.schemas_audit import ErasureOut
from cvmatch.workspace.erasure import MAX_REFERENCE

router = APIRouter(tags=["candidates"], responses=responses(*COMMON))


@router.delete("/api/candidates/{candidate_id}")
def delete_candidate(
    candidate_id: CandidateId,
    workspace: WorkspaceDep,
    user: UserDep,
    reference: Annotated[
        str, Query(max_length=MAX_REFERENCE, description="The request's reference; no names.")
    ] = "",
) -> ErasureOut:
    """Delete every trace of the candidate, on their request; logged without the content.

    Files, texts, scores, evidence, decisions, stars, categories, cached vectors and ANN index
    entries go; audit entries about the candidate stay, unlinked from them.
    """
    return ErasureOut.of(workspace.delete_candidate(user, candidate_id, reference))


@router.get(
    "/api/jobs/{job_id}/candidates/{candidate_id}/original",
    response_class=Response,
    responses={
        200: {
            "description": "The file as uploaded.",
            "content": {"application/octet-stream": {"schema": {"type": "string"}}},
        }
    },
)
def original(
    job_id: JobId, candidate_id: CandidateId, workspace: WorkspaceDep, user: UserDep
) -> Response:
    """The candidate's original file (logged; after a decision when the workspace screens blind)."""
    found = workspace.reveal(user, job_id, candidate_id)
    disposition = f"attachment; filename*=UTF-8''{quote(found.filename)}"
    headers = {"Content-Disposition": disposition}
    return Response(found.content, media_type="application/octet-stream", headers=headers)
