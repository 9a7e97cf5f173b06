"""Stars (max 5 per job), decisions, feedback events for training, the audit log."""

import json
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.schemas import DecisionIn, StarsOut
from cvmatch.workspace.records import FeedbackEvent

router = APIRouter(tags=["feedback"])
JOB = "/api/jobs/{job_id}"
FEEDBACK_SCHEMA = "cvmatch.feedback/1"


@router.put(JOB + "/stars/{candidate_id}")
def star(job_id: int, candidate_id: int, workspace: WorkspaceDep, user: UserDep) -> StarsOut:
    """Star a candidate (409 past the limit); the ranking then re-ranks by the stars."""
    return StarsOut(job_id=job_id, stars=list(workspace.star(user, job_id, candidate_id)))


@router.delete(JOB + "/stars/{candidate_id}")
def unstar(job_id: int, candidate_id: int, workspace: WorkspaceDep, user: UserDep) -> StarsOut:
    """Remove one star."""
    return StarsOut(job_id=job_id, stars=list(workspace.unstar(user, job_id, candidate_id)))


@router.delete(JOB + "/stars")
def reset_stars(job_id: int, workspace: WorkspaceDep, user: UserDep) -> StarsOut:
    """Remove every star: back to the job match alone."""
    workspace.reset_stars(user, job_id)
    return StarsOut(job_id=job_id, stars=[])


@router.post(JOB + "/candidates/{candidate_id}/decisions", status_code=201)
def decide(
    job_id: int, candidate_id: int, body: DecisionIn, workspace: WorkspaceDep, user: UserDep
) -> dict[str, Any]:
    """Shortlist, reject or annotate a candidate."""
    workspace.decide(user, job_id, candidate_id, body.decision, body.note)
    return {"job_id": job_id, "candidate_id": candidate_id, "decision": body.decision}


@router.get("/api/feedback")
def feedback(
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
    job_id: Annotated[int | None, Query()] = None,
) -> Response:
    """Stars and decisions as JSON lines, the ranker's training signal (docs/service.md)."""
    events = workspace.feedback_events(job_id)
    lines = "".join(json.dumps(_event(e), ensure_ascii=False) + "\n" for e in events)
    return Response(lines, media_type="application/x-ndjson")


@router.get("/api/audit")
def audit(
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
    job_id: Annotated[int | None, Query()] = None,
) -> list[dict[str, Any]]:
    """Who did what, when."""
    return workspace.audit_log(job_id)


@router.get("/api/candidates/{candidate_id}/occupations")
def occupations(
    candidate_id: int,
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001
) -> list[dict[str, Any]]:
    """Occupation recommendation for a CV: a hook for its own issue (501 until then)."""
    return [dict(o) for o in workspace.recommend_occupations(candidate_id)]


def _event(event: FeedbackEvent) -> dict[str, Any]:
    return {"schema": FEEDBACK_SCHEMA} | asdict(event)
