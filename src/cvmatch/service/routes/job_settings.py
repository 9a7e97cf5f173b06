"""A job's scoring settings: trained stages and the LLM switch (issues 18 and 21)."""

from fastapi import APIRouter

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.job_schemas import JobSettingsIn, JobSettingsOut
from cvmatch.service.params import JobId
from cvmatch.service.problems import COMMON, responses

router = APIRouter(
    prefix="/api/jobs/{job_id}/settings", tags=["ranking"], responses=responses(*COMMON)
)


@router.get("")
def job_settings(job_id: JobId, workspace: WorkspaceDep, user: UserDep) -> JobSettingsOut:  # noqa: ARG001
    """The job's trained stages (re-ranker, ranker) and LLM switch."""
    return JobSettingsOut.of(workspace.settings(job_id), workspace.ctx.settings.llm_top_k)


@router.put("", responses=responses(400))
def set_job_settings(
    job_id: JobId, body: JobSettingsIn, workspace: WorkspaceDep, user: UserDep
) -> JobSettingsOut:
    """Replace the settings (unknown or wrong-kind models, or the LLM without endpoint: 422)."""
    saved = workspace.set_settings(user, job_id, body.to_settings())
    return JobSettingsOut.of(saved, workspace.ctx.settings.llm_top_k)
