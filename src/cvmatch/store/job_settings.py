"""Reads and writes of a job's scoring settings (the ``job_settings`` table of migration 0004).

A job without a row ranks with the first stage alone, as before the table existed.
"""

from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from cvmatch.store import schema
from cvmatch.store.recruiting import DbRow, now

SETTING_COLUMNS = ("rerank_model", "rerank_top", "ranker_model", "llm", "llm_top")


def settings_row(conn: Connection, job_id: int) -> DbRow | None:
    """The job's settings row, ``None`` when it never had settings."""
    t = schema.job_settings
    query = select(*(t.c[name] for name in SETTING_COLUMNS)).where(t.c.job_id == job_id)
    return conn.execute(query).one_or_none()


def save_settings(
    conn: Connection, job_id: int, values: dict[str, Any], user_id: int | None
) -> None:
    """Insert or replace the job's settings (one statement: concurrent writers cannot collide)."""
    t = schema.job_settings
    row = {name: values[name] for name in SETTING_COLUMNS}
    row |= {"updated_by": user_id, "updated_at": now()}
    insert = sqlite_insert if conn.dialect.name == "sqlite" else pg_insert
    statement = insert(t).values(row | {"job_id": job_id})
    conn.execute(statement.on_conflict_do_update(index_elements=[t.c.job_id], set_=row))
