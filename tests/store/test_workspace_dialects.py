"""The workspace's tests over SQLite, run again over PostgreSQL + pgvector (embedded server).

A representative set of :mod:`tests.workspace.test_workspace` (upload, duplicates and concurrent
uploads, ranking and paging, stars and their deletion, decisions, stored vectors, failed writes,
not-found) is imported under private names, so pytest collects it here only through the
parametrised wrappers, and runs unchanged on a workspace over each dialect.
"""

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.support.engine import fake_engine, fake_settings
from tests.workspace.test_workspace import CVS, JOB
from tests.workspace.test_workspace import (
    test_a_failed_write_keeps_what_was_stored as _failed_write,
)
from tests.workspace.test_workspace import test_at_most_five_stars as _five_stars
from tests.workspace.test_workspace import (
    test_compact_rows_match_the_full_page as _compact_rows,
)
from tests.workspace.test_workspace import (
    test_concurrent_uploads_of_one_cv_store_it_once as _concurrent_uploads,
)
from tests.workspace.test_workspace import (
    test_decisions_and_feedback_events as _decisions,
)
from tests.workspace.test_workspace import (
    test_duplicate_upload_is_stored_once as _duplicate_upload,
)
from tests.workspace.test_workspace import (
    test_pages_are_consistent_and_deterministic as _pages,
)
from tests.workspace.test_workspace import (
    test_ranking_puts_matching_cvs_first_with_evidence as _ranking,
)
from tests.workspace.test_workspace import (
    test_star_reranks_and_reset_restores as _stars,
)
from tests.workspace.test_workspace import (
    test_unknown_job_or_candidate_is_not_found as _not_found,
)
from tests.workspace.test_workspace import (
    test_vectors_are_stored_once_and_results_reused as _vectors_once,
)

from cvmatch.workspace import Workspace
from cvmatch.workspace.records import User

DIALECTS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=DIALECTS)
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Workspace]:
    """A workspace with the fake engine over a new SQLite file or a new PostgreSQL database."""
    overrides: dict[str, object] = {}
    if request.param == "postgres":
        overrides["db"] = request.getfixturevalue("fresh_postgres_url")
    settings = fake_settings(tmp_path, **overrides)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    assert ws.ctx.db.engine.dialect.name == request.param.replace("postgres", "postgresql")
    yield ws
    ws.close()


@pytest.fixture
def user(workspace: Workspace) -> User:
    return workspace.authenticate(workspace.add_user("alice"))


@pytest.fixture
def job_id(workspace: Workspace, user: User) -> int:
    job = workspace.create_job(user, "Cassandra DBA", JOB)
    workspace.add_cvs(user, job.id, CVS)
    return job.id


WITH_JOB: list[Callable[..., None]] = [
    _ranking, _pages, _compact_rows, _duplicate_upload, _stars, _five_stars, _not_found,
    _decisions, _vectors_once, _failed_write,
]  # fmt: skip


@pytest.mark.parametrize("check", WITH_JOB, ids=lambda f: f.__name__.removeprefix("test_"))
def test_workspace_with_a_job(
    check: Callable[..., None], workspace: Workspace, user: User, job_id: int
) -> None:
    names = check.__code__.co_varnames[: check.__code__.co_argcount]
    given = {"workspace": workspace, "user": user, "job_id": job_id}
    check(**{name: given[name] for name in names})


def test_concurrent_uploads_store_one_cv_once(workspace: Workspace, user: User) -> None:
    _concurrent_uploads(workspace, user)
