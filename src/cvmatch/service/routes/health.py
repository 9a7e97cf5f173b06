"""``GET /api/health``: the only API route without a token."""

from fastapi import APIRouter

from cvmatch import __version__
from cvmatch.service.deps import WorkspaceDep
from cvmatch.service.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/api/health")
def health(workspace: WorkspaceDep) -> Health:
    """The service is up and its store is migrated."""
    return Health(status="ok", schema_version=workspace.ctx.db.version(), version=__version__)
