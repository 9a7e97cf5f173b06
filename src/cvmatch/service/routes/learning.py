"""Learning from a job's decisions: read, opt in / out, reset (issue 18 item 3)."""

from fastapi import APIRouter

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import JobId
from cvmatch.service.problems import COMMON, responses
from cvmatch.service.schemas import LearningIn, LearningOut

router = APIRouter(
    prefix="/api/jobs/{job_id}/learning", tags=["feedback"], responses=responses(*COMMON)
)


@router.get("")
def learning(job_id: JobId, workspace: WorkspaceDep, user: UserDep) -> LearningOut:  # noqa: ARG001
    """Whether the job learns from its decisions, and whether its ranking uses them yet."""
    return LearningOut.of(workspace.learning(job_id))


@router.put("", responses=responses(400))
def set_learning(
    job_id: JobId, body: LearningIn, workspace: WorkspaceDep, user: UserDep
) -> LearningOut:
    """Opt in (off by default): from N decisions on, the ranking uses weights learned from them."""
    workspace.set_learning(user, job_id, body.enabled)
    return LearningOut.of(workspace.learning(job_id))


@router.post("/reset")
def reset_learning(job_id: JobId, workspace: WorkspaceDep, user: UserDep) -> LearningOut:
    """Back to the plain ranking: decisions so far stop counting (they stay in the audit log)."""
    workspace.reset_learning(user, job_id)
    return LearningOut.of(workspace.learning(job_id))
