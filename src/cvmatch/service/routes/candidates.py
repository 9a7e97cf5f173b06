"""A candidate's data, deleted on request (issue 22; docs/audit.md)."""

from typing import Annotated

from fastapi import APIRouter, Query

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import CandidateId
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
