"""The audit page of a job: its bias audit and candidate-pool report (shell; data by token)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from cvmatch.service.params import JobId

router = APIRouter(include_in_schema=False)


@router.get("/jobs/{job_id}/audit", response_class=HTMLResponse)
def audit_page(request: Request, job_id: JobId) -> HTMLResponse:
    """A page whose script fetches both reports with the saved token and shows them."""
    templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(request, "audit.html", {"job_id": job_id})
    return response
