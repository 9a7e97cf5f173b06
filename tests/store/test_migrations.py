"""Alembic migrations: a fresh store, and a store made before Alembic, end with the same schema.

``data/v1-sqlite.sql`` and ``data/v1-postgres.sql`` are dumps of stores made by the
pre-Alembic code (commit 1473cb2: ``open_database`` then one row in every table) with
``sqlite3``'s ``iterdump`` and ``pg_dump --inserts --no-owner`` (comments and ``\\``-commands
dropped). Upgrading them must keep every table, column, constraint and row.
"""

import json
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, create_engine, insert, inspect, text
from tests.store.conftest import libpq_url, new_database

from cvmatch.store import open_database, schema
from cvmatch.store.database import alembic_config, include_object, latest_version
from cvmatch.store.recruiting import insert_document, insert_job
from cvmatch.store.schema import metadata

HEAD = 5
"""The newest migration (0005: ``candidate_categories``; 0004: per-job settings; 0003: pgvector
on PostgreSQL; 0002: ``jobs`` revision and learning columns)."""
HEAD_REVISION = f"{HEAD:04d}"
NEW_TABLES = ("job_settings", "candidate_categories")
"""Tables migrations after 0001 create (a store made before them gains them empty)."""
ADDED_0002 = (
    ", revision INTEGER DEFAULT '0' NOT NULL, learn_from_decisions BOOLEAN DEFAULT 0 NOT NULL,"
    " learning_reset_after INTEGER DEFAULT '0' NOT NULL"
)
"""What 0002's ``ADD COLUMN``s append to the ``CREATE TABLE jobs`` text of SQLite."""
COLUMNS_0002 = ("revision", "learn_from_decisions", "learning_reset_after")

DATA = Path(__file__).parent / "data"
APP_TABLES = sorted(metadata.tables)
LEGACY_ROWS = {
    "users": 1, "tokens": 1, "documents": 2, "jobs": 1, "candidates": 1, "job_candidates": 1,
    "embeddings": 1, "matches": 1, "stars": 1, "decisions": 1, "audit": 1, "schema_version": 1,
}  # fmt: skip


def _sqlite_tables(path: Path) -> dict[str, str]:
    """``CREATE TABLE`` text of every table, by name."""
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    return dict(rows)


def _rows(conn: Connection, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    return {
        name: sorted(tuple(r) for r in conn.execute(text(f"SELECT * FROM {name}")))  # noqa: S608
        for name in tables
    }


def _without_0002(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` without the ``jobs`` columns migration 0002 added."""
    jobs = dict(schema["jobs"])
    jobs["columns"] = [c for c in jobs["columns"] if c[0] not in COLUMNS_0002]
    return schema | {"jobs": jobs}


def _schema(conn: Connection, tables: list[str]) -> dict[str, object]:
    """Columns, keys, unique constraints and indexes of ``tables``, as the database reports them."""
    found = inspect(conn)
    return {
        name: {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], c.get("default"))
                for c in found.get_columns(name)
            ],
            "pk": found.get_pk_constraint(name)["constrained_columns"],
            "fks": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"])
                for fk in found.get_foreign_keys(name)
            ),
            "unique": sorted(
                (u["name"] or "", tuple(u["column_names"]))
                for u in found.get_unique_constraints(name)
            ),
            "indexes": sorted(
                (i["name"] or "", tuple(i["column_names"])) for i in found.get_indexes(name)
            ),
        }
        for name in tables
    }


def _drift(conn: Connection) -> list[Any]:
    """What Alembic's autogenerate would change to reach ``schema.py`` (empty: nothing)."""
    context = MigrationContext.configure(conn, opts={"include_object": include_object})
    return list(compare_metadata(context, metadata))


def test_a_fresh_store_is_at_the_newest_revision_and_matches_the_tables(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    assert db.version() == latest_version() == HEAD
    assert db.migrate() == HEAD  # idempotent
    with db.connect() as conn:
        assert _drift(conn) == []
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        )
    db.close()
    assert sorted(_sqlite_tables(tmp_path / "s.db")) == sorted([*APP_TABLES, "alembic_version"])


def test_an_empty_store_opened_without_migrating_is_version_0(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db", migrate=False)
    assert db.version() == 0
    assert db.migrate() == HEAD
    db.close()


def _at_revision(url: str, revision: str) -> None:
    """Bring an empty database to ``revision`` only (the previous head, say)."""
    db = open_database(url, migrate=False)
    with db.begin() as conn:
        command.upgrade(alembic_config(conn), revision)
    db.close()


def test_a_sqlite_store_at_0002_upgrades_to_the_head_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _at_revision(str(path), "0002")
    before = _sqlite_tables(path)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0002",)
    db = open_database(path)
    assert db.version() == HEAD
    with db.connect() as conn:
        assert _drift(conn) == []
    db.close()
    after = _sqlite_tables(path)
    for name in NEW_TABLES:  # 0004 and 0005 add tables; 0003 changes nothing on SQLite
        assert after.pop(name)
    assert after == before


def test_a_pre_alembic_sqlite_store_upgrades_and_loses_nothing(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.db"
    with sqlite3.connect(legacy) as con:
        con.executescript((DATA / "v1-sqlite.sql").read_text(encoding="utf-8"))
    before = _sqlite_tables(legacy)
    engine = create_engine(f"sqlite:///{legacy}")
    with engine.connect() as conn:
        rows_before = _rows(conn, sorted(LEGACY_ROWS))
    engine.dispose()
    assert {name: len(rows) for name, rows in rows_before.items()} == LEGACY_ROWS

    db = open_database(legacy)
    assert db.version() == HEAD
    with db.connect() as conn:
        rows_after = _rows(conn, sorted(LEGACY_ROWS))
        assert {r[-3:] for r in rows_after["jobs"]} == {(0, 0, 0)}  # 0002's columns, defaults
        rows_after["jobs"] = [r[:-3] for r in rows_after["jobs"]]
        assert rows_after == rows_before
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
        )
        assert _drift(conn) == []
    with db.begin() as conn:  # still writable through the store's functions
        doc, created = insert_document(conn, _doc("new"))
        assert (doc, created) == (3, True)
        assert insert_job(conn, "Chef", doc, 1) == 2
    db.close()
    after = _sqlite_tables(legacy)
    assert after.pop("alembic_version")
    for name in NEW_TABLES:
        assert after.pop(name)
    # every CREATE TABLE byte for byte, schema_version kept; 0002 only appends columns to jobs
    assert after.pop("jobs").replace(ADDED_0002, "") == before.pop("jobs")
    assert after == before

    open_database(tmp_path / "fresh.db").close()
    fresh = _sqlite_tables(tmp_path / "fresh.db")
    upgraded = _sqlite_tables(legacy)
    assert {n: fresh[n] for n in APP_TABLES} == {n: upgraded[n] for n in APP_TABLES}


def _doc(content_hash: str) -> dict[str, object]:
    return {"kind": "cv", "filename": "b.txt", "content_hash": content_hash, "content": b"b",
            "text": "b", "language": "en", "meta": {}}  # fmt: skip


def _load_dump(db_url: str, dump: Path) -> None:
    with psycopg.connect(libpq_url(db_url), autocommit=True) as conn:
        conn.execute(dump.read_text(encoding="utf-8"))  # type: ignore[arg-type]


@pytest.mark.postgres
def test_a_pre_alembic_postgres_store_upgrades_and_loses_nothing(postgres_url: str) -> None:
    legacy_url = new_database(postgres_url, "legacy_v1")
    _load_dump(legacy_url, DATA / "v1-postgres.sql")
    engine = create_engine(legacy_url)
    with engine.connect() as conn:
        schema_before = _schema(conn, sorted(LEGACY_ROWS))
        rows_before = _rows(conn, sorted(LEGACY_ROWS))
    engine.dispose()
    assert {name: len(rows) for name, rows in rows_before.items()} == LEGACY_ROWS

    db = open_database(legacy_url)
    assert db.version() == HEAD
    with db.connect() as conn:
        schema_after = _schema(conn, sorted(LEGACY_ROWS))
        schema_after_all = _schema(conn, APP_TABLES)
        assert _without_0002(schema_after) == _with_vector_column(schema_before)
        rows = _rows(conn, sorted(LEGACY_ROWS))
        rows["jobs"] = [r[:-3] for r in rows["jobs"]]  # 0002 appends 3 columns
        assert rows.pop("embeddings") == [(*row, "[1,2]") for row in rows_before["embeddings"]]
        assert rows == {n: r for n, r in rows_before.items() if n != "embeddings"}
        assert _drift(conn) == []
    with db.begin() as conn:  # the id sequences carry on after the dumped rows
        assert insert_document(conn, _doc("new")) == (3, True)
    db.close()

    fresh = open_database(new_database(postgres_url, "fresh_v1"))
    with fresh.connect() as conn:
        assert _schema(conn, APP_TABLES) == schema_after_all
    fresh.close()


def _with_vector_column(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with the pgvector column that ``0003`` adds to ``embeddings`` on PostgreSQL."""
    embeddings = dict(schema["embeddings"])
    embeddings["columns"] = [*embeddings["columns"], ("embedding", "VECTOR", True, None)]
    return schema | {"embeddings": embeddings}


@pytest.mark.postgres
def test_a_postgres_store_at_0001_upgrades_and_fills_the_vector_column(
    fresh_postgres_url: str,
) -> None:
    _at_revision(fresh_postgres_url, "0001")
    db = open_database(fresh_postgres_url, migrate=False)
    assert db.version() == 1
    with db.begin() as conn:
        doc, _ = insert_document(conn, _doc("v"))
        row = {"document_id": doc, "model_id": "m", "dim": 3}
        vector = np.array([0.6, 0.0, 0.8], dtype=np.float32)
        conn.execute(insert(schema.embeddings).values(row | {"vector": vector.tobytes()}))
    assert db.migrate() == HEAD
    with db.connect() as conn:
        stored = conn.execute(text("SELECT embedding::text FROM embeddings")).scalar_one()
        assert np.allclose(json.loads(stored), vector)
        assert _drift(conn) == []
    db.close()


@pytest.mark.postgres
def test_a_fresh_postgres_store_has_pgvector(fresh_postgres_url: str) -> None:
    db = open_database(fresh_postgres_url)
    assert db.version() == latest_version() == HEAD
    with db.connect() as conn:
        assert "embedding" in {c["name"] for c in inspect(conn).get_columns("embeddings")}
        found = conn.execute(text("SELECT extversion FROM pg_extension WHERE extname = 'vector'"))
        assert found.scalar_one().startswith("0.")
        assert _drift(conn) == []
    db.close()
