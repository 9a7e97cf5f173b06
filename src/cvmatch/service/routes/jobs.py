"""Jobs: create from text or a file, list, read."""

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import JobId
from cvmatch.service.problems import COMMON, UPLOAD, responses
from cvmatch.service.schemas import JobIn, JobOut

router = APIRouter(prefix="/api/jobs", tags=["jobs"], responses=responses(*COMMON))


@router.post("", status_code=201, responses=responses(400))
def create_job(body: JobIn, workspace: WorkspaceDep, user: UserDep) -> JobOut:
    """Create a job from its text."""
    return JobOut.of(workspace.create_job(user, body.title, body.text))


@router.post("/file", status_code=201, responses=responses(*UPLOAD))
def create_job_from_file(
    file: Annotated[UploadFile, File(description="A job description in any supported format.")],
    workspace: WorkspaceDep,
    user: UserDep,
    title: Annotated[str, Form(max_length=500)] = "",
) -> JobOut:
    """Create a job from a file."""
    content = file.file.read(workspace.ctx.settings.max_file_bytes + 1)
    job = workspace.create_job_from_file(user, title, file.filename or "job", content)
    return JobOut.of(job)


@router.get("")
def list_jobs(workspace: WorkspaceDep, user: UserDep) -> list[JobOut]:  # noqa: ARG001 - auth
    """Every job, newest first."""
    return [JobOut.of(job) for job in workspace.jobs()]


@router.get("/{job_id}")
def get_job(job_id: JobId, workspace: WorkspaceDep, user: UserDep) -> JobOut:  # noqa: ARG001
    """One job with its text."""
    return JobOut.of(workspace.job(job_id))
