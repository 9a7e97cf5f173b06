"""One throw-away PostgreSQL server for the store tests marked ``postgres``."""

from collections.abc import Iterator

import pytest
from tests.store.postgres_server import postgres_server, skip_reason


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """The ``postgresql+psycopg://`` URL of its ``postgres`` database (skips when no binaries)."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with postgres_server() as url:
        yield url
