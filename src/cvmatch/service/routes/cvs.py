"""CV uploads (multipart, one or many files) and scoring one CV file against a job."""

from typing import Annotated, Any

from fastapi import APIRouter, File, UploadFile

from cvmatch import output
from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import JobId
from cvmatch.service.problems import UPLOAD, responses
from cvmatch.service.schemas import UploadsOut

router = APIRouter(prefix="/api/jobs/{job_id}", tags=["cvs"], responses=responses(*UPLOAD))
Files = Annotated[list[UploadFile], File(description="One or many CV files (field `files`).")]


@router.post("/cvs")
def upload_cvs(job_id: JobId, files: Files, workspace: WorkspaceDep, user: UserDep) -> UploadsOut:
    """Store CVs for a job; duplicates (same bytes) are detected by content hash.

    Each file gets an outcome; refused files carry the error, the others are still stored.
    """
    pairs = [(f.filename or "upload", f.file) for f in files]
    return UploadsOut.of(workspace.add_cvs(user, job_id, pairs))


@router.post("/score")
def score_file(
    job_id: JobId,
    file: Annotated[UploadFile, File(description="A CV file; scored, not stored.")],
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
) -> dict[str, Any]:
    """Score one CV file against a job without storing it (``cvmatch.match/1``)."""
    content = file.file.read(workspace.ctx.settings.max_file_bytes + 1)
    match = workspace.score_file(job_id, file.filename or "upload", content)
    return {"schema": output.MATCH_SCHEMA, "scale": output.SCORE_SCALE} | output.match_to_dict(
        match
    )
