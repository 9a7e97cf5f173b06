"""Stars (max 5 per job), decisions, feedback events for training, the audit log."""

import json
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import CandidateId, JobFilter, JobId
from cvmatch.service.problems import COMMON, responses
from cvmatch.service.schemas import DecisionIn, OccupationsOut, StarsOut
from cvmatch.workspace.occupations import MAX_TOP
from cvmatch.workspace.records import FeedbackEvent

router = APIRouter(tags=["feedback"], responses=responses(*COMMON))
JOB = "/api/jobs/{job_id}"
FEEDBACK_SCHEMA = "cvmatch.feedback/1"


@router.put(JOB + "/stars/{candidate_id}", responses=responses(409))
def star(
    job_id: JobId, candidate_id: CandidateId, workspace: WorkspaceDep, user: UserDep
) -> StarsOut:
    """Star a candidate (409 past the limit); the ranking then re-ranks by the stars."""
    return StarsOut(job_id=job_id, stars=list(workspace.star(user, job_id, candidate_id)))


@router.delete(JOB + "/stars/{candidate_id}")
def unstar(
    job_id: JobId, candidate_id: CandidateId, workspace: WorkspaceDep, user: UserDep
) -> StarsOut:
    """Remove one star."""
    return StarsOut(job_id=job_id, stars=list(workspace.unstar(user, job_id, candidate_id)))


@router.delete(JOB + "/stars")
def reset_stars(job_id: JobId, workspace: WorkspaceDep, user: UserDep) -> StarsOut:
    """Remove every star: back to the job match alone."""
    workspace.reset_stars(user, job_id)
    return StarsOut(job_id=job_id, stars=[])


@router.post(
    JOB + "/candidates/{candidate_id}/decisions", status_code=201, responses=responses(400)
)
def decide(
    job_id: JobId,
    candidate_id: CandidateId,
    body: DecisionIn,
    workspace: WorkspaceDep,
    user: UserDep,
) -> dict[str, Any]:
    """Shortlist, reject or annotate a candidate."""
    workspace.decide(user, job_id, candidate_id, body.decision, body.note)
    return {"job_id": job_id, "candidate_id": candidate_id, "decision": body.decision}


@router.get(
    "/api/feedback",
    response_class=Response,
    responses={
        200: {
            "description": "One `cvmatch.feedback/1` JSON object per line.",
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        }
    },
)
def feedback(
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
    job_id: JobFilter = None,
) -> Response:
    """Stars and decisions as JSON lines, the ranker's training signal (docs/service.md)."""
    events = workspace.feedback_events(job_id)
    lines = "".join(json.dumps(_event(e), ensure_ascii=False) + "\n" for e in events)
    return Response(lines, media_type="application/x-ndjson")


@router.get("/api/audit")
def audit(
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
    job_id: JobFilter = None,
) -> list[dict[str, Any]]:
    """Who did what, when."""
    return workspace.audit_log(job_id)


@router.get("/api/candidates/{candidate_id}/occupations", response_model_by_alias=True)
def occupations(
    candidate_id: CandidateId,
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
    top: Annotated[int, Query(ge=1, le=MAX_TOP)] = 10,
) -> OccupationsOut:
    """The ESCO occupations the candidate's CV fits best, with evidence and skills gap."""
    return OccupationsOut.of(workspace.recommend_occupations(candidate_id, top))


def _event(event: FeedbackEvent) -> dict[str, Any]:
    return {"schema": FEEDBACK_SCHEMA} | asdict(event)
