"""Ranked candidates (paginated), one candidate's evidence, exports."""

import json
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Query, Response

from cvmatch.service.deps import UserDep, WorkspaceDep
from cvmatch.service.export import ranking_csv, ranking_payload
from cvmatch.service.params import CandidateId, JobId, Offset
from cvmatch.service.problems import COMMON, responses
from cvmatch.service.schemas import CandidateOut, RankingOut

router = APIRouter(prefix="/api/jobs/{job_id}", tags=["ranking"], responses=responses(*COMMON))


EVIDENCE = (
    "false: compact rows (`match` is null), fast for long lists; a row's evidence is"
    " `GET /api/jobs/{job_id}/candidates/{candidate_id}`."
)


class ExportFormat(StrEnum):
    """Export formats."""

    CSV = "csv"
    JSON = "json"


@router.get("/ranking")
def ranking(
    job_id: JobId,
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001 - auth
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    evidence: Annotated[bool, Query(description=EVIDENCE)] = True,
) -> RankingOut:
    """Candidates best first, with evidence; re-ranked by the stars when the job has any."""
    page = (
        workspace.rank(job_id, offset, limit)
        if evidence
        else workspace.rank_rows(job_id, offset, limit)
    )
    return RankingOut.of(page, workspace.ctx.settings.llm_top_k)


@router.get("/candidates/{candidate_id}")
def candidate(
    job_id: JobId,
    candidate_id: CandidateId,
    workspace: WorkspaceDep,
    user: UserDep,  # noqa: ARG001
) -> CandidateOut:
    """One candidate's score for the job (the pair score), rank and evidence."""
    return CandidateOut.of(workspace.candidate(job_id, candidate_id))


@router.get(
    "/export",
    response_class=Response,
    responses={
        200: {
            "description": "The ranking as a download.",
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
def export(
    job_id: JobId,
    workspace: WorkspaceDep,
    user: UserDep,
    fmt: Annotated[ExportFormat, Query(alias="format")] = ExportFormat.CSV,
) -> Response:
    """The whole ranked list as CSV or ``cvmatch.ranking/1`` JSON (a download)."""
    payload = ranking_payload(workspace.job(job_id), workspace.ranked(job_id, user, fmt.value))
    name = f"job-{job_id}-ranking.{fmt.value}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    if fmt is ExportFormat.CSV:
        return Response(ranking_csv(payload), media_type="text/csv", headers=headers)
    body = json.dumps(payload, ensure_ascii=False, indent=2)
    return Response(body, media_type="application/json", headers=headers)
