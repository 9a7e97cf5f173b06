"""Migration 0004 (``job_settings``) on SQLite and PostgreSQL, and the settings' reads/writes.

A store at 0003 upgrades to the head with the new table (and no drift from ``schema.py``), the
settings row is inserted then replaced in place, and a downgrade to 0003 drops it again.
"""

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from tests.store.conftest import fresh_postgres_url, postgres_server  # noqa: F401 - fixtures
from tests.support.engine import fake_engine, fake_settings

from cvmatch.store import open_database
from cvmatch.store.database import alembic_config, include_object
from cvmatch.store.job_settings import save_settings, settings_row
from cvmatch.store.recruiting import insert_document, insert_job
from cvmatch.store.schema import metadata
from cvmatch.workspace import Workspace
from cvmatch.workspace.records import JobSettings

SETTINGS = {"rerank_model": None, "rerank_top": None, "ranker_model": "rk@v1", "llm": False}


def _job(url: str) -> int:
    db = open_database(url, migrate=False)
    with db.begin() as conn:
        document = {"kind": "job", "filename": "j.txt", "content_hash": "h", "content": b"j",
                    "text": "j", "language": "en", "meta": {}}  # fmt: skip
        doc, _ = insert_document(conn, document)
        job = insert_job(conn, "J", doc, None)
    db.close()
    return job


def _upgrade_from_0003(url: str) -> None:
    db = open_database(url, migrate=False)
    with db.begin() as conn:
        command.upgrade(alembic_config(conn), "0003")
        assert not inspect(conn).has_table("job_settings")
    db.close()
    job = _job(url)
    db = open_database(url)  # migrates to the head
    with db.begin() as conn:
        assert inspect(conn).has_table("job_settings")
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert list(compare_metadata(context, metadata)) == []
        assert settings_row(conn, job) is None
        save_settings(conn, job, SETTINGS | {"llm_top": None}, None)
        save_settings(conn, job, SETTINGS | {"llm_top": 7}, None)  # replaced, not duplicated
        row = settings_row(conn, job)
        assert row is not None
        assert (row.ranker_model, row.llm_top, row.rerank_model) == ("rk@v1", 7, None)
    with db.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
        assert not inspect(conn).has_table("job_settings")
    db.close()


def test_0004_on_sqlite(tmp_path: Path) -> None:
    _upgrade_from_0003(str(tmp_path / "s.db"))


@pytest.mark.postgres
def test_0004_on_postgres(fresh_postgres_url: str) -> None:  # noqa: F811 - the fixture
    _upgrade_from_0003(fresh_postgres_url)


def test_the_workspace_reads_back_what_it_saved(tmp_path: Path) -> None:
    settings = fake_settings(tmp_path)
    workspace = Workspace.open(settings=settings, engine=fake_engine(settings))
    user = workspace.authenticate(workspace.add_user("alice"))
    job = workspace.create_job(user, "J", "Cassandra DBA\n- Cassandra\n")
    assert workspace.settings(job.id) == JobSettings()
    saved = workspace.set_settings(user, job.id, JobSettings(rerank_top=7, llm_top=3))
    assert saved == JobSettings(rerank_top=7, llm_top=3) == workspace.settings(job.id)
    actions = [entry["action"] for entry in workspace.audit_log(job.id)]
    assert actions[-1] == "settings_changed"
    workspace.close()
