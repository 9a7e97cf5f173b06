"""The recruiter page (server-rendered shell; its script calls the JSON API with the token)."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def page(request: Request) -> HTMLResponse:
    """The single page: jobs, uploads, ranking, stars, comparison, decisions, export."""
    templates = request.app.state.templates
    settings = request.app.state.workspace.ctx.settings
    context = {"max_stars": settings.max_stars, "star_weight": settings.star_weight}
    response: HTMLResponse = templates.TemplateResponse(request, "index.html", context)
    return response
