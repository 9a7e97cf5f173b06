"""Request dependencies: the app's :class:`Workspace` and the authenticated :class:`User`."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from cvmatch.workspace import Workspace
from cvmatch.workspace.records import User

_bearer = HTTPBearer(auto_error=False, description="A token from `cvmatch users add NAME`.")


async def get_workspace(request: Request) -> Workspace:
    """The workspace the app was built with (``async``: no I/O, so no worker-thread hop)."""
    workspace: Workspace = request.app.state.workspace
    return workspace


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]


def current_user(
    workspace: WorkspaceDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> User:
    """The user whose bearer token came with the request (401 problem otherwise)."""
    return workspace.authenticate(credentials.credentials if credentials else None)


UserDep = Annotated[User, Depends(current_user)]
