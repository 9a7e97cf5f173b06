"""Bias audit, candidate-pool report, self-reported categories and the audit trail's export."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile
from fastapi.responses import HTMLResponse

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.params import CandidateId, JobFilter, JobId
from cvmatch.service.problems import COMMON, responses
from cvmatch.service.schemas_audit import CategoriesIn, CategoriesOut, ImportOut
from cvmatch.workspace.audit_reports import MAX_MIN_COUNT
from cvmatch.workspace.categories import MAX_IMPORT_BYTES, ReportedVia

router = APIRouter(tags=["audit"], responses=responses(*COMMON))
CANDIDATE = "/api/candidates/{candidate_id}"
_MEDIA = {"jsonl": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


@router.put(CANDIDATE + "/categories", responses=responses(400))
def record_categories(
    candidate_id: CandidateId, body: CategoriesIn, workspace: WorkspaceDep, user: UserDep
) -> CategoriesOut:
    """Record what the candidate reported about their sex and race/ethnicity (replaces)."""
    reported = {"sex": body.sex, "race_ethnicity": body.race_ethnicity}
    stored = workspace.record_categories(user, candidate_id, reported, body.reported_via)
    return CategoriesOut.of(candidate_id, stored)


@router.get(CANDIDATE + "/categories")
def categories(
    candidate_id: CandidateId,
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
) -> CategoriesOut:
    """What the candidate reported (``null``: not reported)."""
    return CategoriesOut.of(candidate_id, workspace.categories(candidate_id))


@router.post("/api/categories/import", responses=responses(400, 413))
def import_categories(
    file: Annotated[UploadFile, File(description="CSV: candidate_id,sex,race_ethnicity.")],
    workspace: WorkspaceDep,
    user: UserDep,
    reported_via: ReportedVia = ReportedVia.RECRUITER,
) -> ImportOut:
    """Record many candidates' answers from the employer's voluntary-form export (CSV)."""
    text = file.file.read(MAX_IMPORT_BYTES + 1).decode("utf-8", errors="replace")
    return ImportOut(imported=workspace.import_categories(user, text, reported_via))


@router.get("/api/jobs/{job_id}/bias-audit")
def bias_audit(
    job_id: JobId,
    workspace: WorkspaceDep,
    user: UserDep,
    min_count: Annotated[int, Query(ge=1, le=MAX_MIN_COUNT)] = 5,
) -> dict[str, Any]:
    """Selection and scoring rates, impact ratios and scores by self-reported category."""
    return workspace.bias_report(user, job_id, min_count)


@router.get(
    "/api/jobs/{job_id}/bias-audit/report",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def bias_audit_page(
    job_id: JobId,
    workspace: WorkspaceDep,
    user: UserDep,
    min_count: Annotated[int, Query(ge=1, le=MAX_MIN_COUNT)] = 5,
) -> HTMLResponse:
    """The bias audit as one HTML page, in the Local Law 144 layout."""
    return HTMLResponse(workspace.bias_report_page(user, job_id, min_count))


@router.get(
    "/api/jobs/{job_id}/pool-report",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {"schema": {"type": "string"}}}}},
)
def pool_report(job_id: JobId, workspace: WorkspaceDep, user: UserDep) -> HTMLResponse:
    """The candidate-pool report: one self-contained HTML page (inline SVG charts)."""
    return HTMLResponse(workspace.pool_report(user, job_id))


@router.get(
    "/api/audit/export",
    response_class=Response,
    responses={
        200: {
            "description": "The audit trail, one entry per line (JSON lines) or row (CSV).",
            "content": {m: {"schema": {"type": "string"}} for m in _MEDIA.values()},
        }
    },
)
def export_audit(
    workspace: WorkspaceDep,
    user: UserDep,
    job_id: JobFilter = None,
    fmt: Annotated[Literal["jsonl", "csv"], Query(alias="format")] = "jsonl",
) -> Response:
    """Every audit entry (or one job's): who did what, when, with which models and settings."""
    return Response(workspace.export_audit(user, job_id, fmt), media_type=_MEDIA[fmt])
