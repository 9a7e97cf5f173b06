"""``cvmatch serve`` (the recruiter service) and ``cvmatch users add NAME`` (API tokens)."""

import os
from collections.abc import Callable
from typing import Annotated, Any

import typer

from cvmatch.settings import Settings
from cvmatch.workspace import Workspace

APP_FACTORY = "cvmatch.service.app:app_from_env"

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or SQLAlchemy URL (default: CVMATCH_DB or cvmatch.db)."),
]


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbOption = None,
) -> None:
    """Run the recruiter web page and HTTP API (OpenAPI docs at /docs)."""
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    settings = Settings(db=db) if db else Settings()
    Workspace.open(settings=settings).close()  # migrate now: a bad --db fails here, cleanly
    # The CLI and the service are independent layers: uvicorn imports the app factory by name,
    # and the factory reads its settings (the --db chosen here) from the environment.
    os.environ["CVMATCH_DB"] = settings.db
    typer.echo(f"cvmatch service on http://{host}:{port}/  (API docs: /docs)", err=True)
    uvicorn.run(APP_FACTORY, factory=True, host=host, port=port)


def add_user(
    name: Annotated[str, typer.Argument(help="User name (shown in the audit log).")],
    db: DbOption = None,
) -> None:
    """Create a user (or a new token for one) and print the token; only its hash is stored."""
    workspace = Workspace.open(db, Settings())
    try:
        token = workspace.add_user(name)
    finally:
        workspace.close()
    typer.echo(token)


def users_app(wrap: Callable[[Callable[..., Any]], Callable[..., Any]]) -> typer.Typer:
    """The ``cvmatch users`` group, its commands wrapped by the CLI's error reporter ``wrap``."""
    users = typer.Typer(no_args_is_help=True, help="API users and their tokens.")
    users.command("add")(wrap(add_user))
    return users
