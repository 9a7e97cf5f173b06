"""The app factory: ``create_app(settings)`` builds everything; nothing is built at import.

``uvicorn --factory cvmatch.service.app:app_from_env`` (what ``cvmatch serve`` runs) reads the
settings from ``CVMATCH_*`` variables. CORS is off unless ``Settings.cors_origins`` lists origins.
"""

import gc
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from cvmatch import __version__
from cvmatch.service import problems
from cvmatch.service.routes import (
    audit,
    audit_pages,
    candidates,
    cvs,
    feedback,
    health,
    job_settings,
    jobs,
    learning,
    ranking,
    web,
)
from cvmatch.settings import Settings, get_settings
from cvmatch.workspace import Workspace

HERE = Path(__file__).parent


def create_app(settings: Settings | None = None, workspace: Workspace | None = None) -> FastAPI:
    """The FastAPI app over ``workspace`` (opened from ``settings.db`` when not given)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="cvmatch recruiter service",
        version=__version__,
        description="Upload CVs, rank them for a job with evidence, star and re-rank, decide.",
    )
    app.state.workspace = workspace or Workspace.open(settings=settings)
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    problems.install(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type"],
        )
    for module in (health, jobs, cvs, ranking, feedback, learning, web):
        app.include_router(module.router)
    app.include_router(job_settings.router)
    for module in (audit, candidates, audit_pages):  # issue 22: audits and deletion
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's schema plus the problem+json body that the routes' ``responses`` refer to."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        schema.setdefault("components", {}).setdefault("schemas", {}).update(
            problems.problem_schemas()
        )
        app.openapi_schema = schema
    return app.openapi_schema


def app_from_env() -> FastAPI:
    """The app with settings from the environment (uvicorn ``--factory`` entry point)."""
    app = create_app(Settings())
    # Everything imported so far (torch, transformers, the models' modules) lives as long as the
    # server: frozen, it is left out of the collector's full passes, which otherwise stall every
    # request in flight for hundreds of milliseconds on a heap this size.
    gc.collect()
    gc.freeze()
    return app
