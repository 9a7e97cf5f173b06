"""``cvmatch serve`` (the recruiter service) and ``cvmatch users add NAME`` (API tokens)."""

import os
from contextlib import ExitStack
from typing import Annotated

import typer

from cvmatch.cli.errors import reports_errors
from cvmatch.settings import Settings

# Persistence lifecycle, not logic: the embedded server must outlive uvicorn's whole run (an
# ignore_imports entry of the import contract, like the workspace below).
from cvmatch.store.embedded import embedded_directory, embedded_postgres, is_embedded_url

# The one reach past the engine (an ignore_imports entry of the import contract): the workspace
# sits above the engine, so the engine cannot re-export it, and these commands open it directly.
from cvmatch.workspace import Workspace

APP_FACTORY = "cvmatch.service.app:app_from_env"
WORKER_STARTUP_S = 120
"""Seconds a ``--workers`` process may take to start answering uvicorn's health checks."""

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file, SQLAlchemy URL or embedded-postgres://DIR "
        "(default: CVMATCH_DB or cvmatch.db).",
    ),
]


@reports_errors
def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Server processes (each loads the models).")
    ] = 1,
) -> None:
    """Run the recruiter web page and HTTP API (OpenAPI docs at /docs).

    With ``--db embedded-postgres://DIR`` the embedded PostgreSQL of DIR runs for as long as the
    service does and is stopped by its PID when it ends (Ctrl-C and SIGTERM included).
    """
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    settings = Settings(db=db) if db else Settings()
    with ExitStack() as stack:
        if is_embedded_url(settings.db):
            server = stack.enter_context(embedded_postgres(embedded_directory(settings.db)))
            settings = Settings(db=server.url)
        Workspace.open(settings=settings).close()  # migrate now: a bad --db fails here, cleanly
        # The CLI and the service are independent layers: uvicorn imports the app factory by
        # name, and the factory reads its settings (the --db chosen here) from the environment.
        os.environ["CVMATCH_DB"] = settings.db
        typer.echo(f"cvmatch service on http://{host}:{port}/  (API docs: /docs)", err=True)
        # A worker imports cvmatch and opens the store before it answers uvicorn's health
        # check, which takes longer than uvicorn's 5 s default on a busy 2-core machine.
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_worker_healthcheck=WORKER_STARTUP_S,
        )


@reports_errors
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


users_app = typer.Typer(no_args_is_help=True, help="API users and their tokens.")
users_app.command("add")(add_user)
