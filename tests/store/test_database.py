"""The store: SQLite WAL mode, unique constraints, URLs; PostgreSQL for real."""

import threading
from pathlib import Path

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError
from tests.support.engine import fake_engine, fake_settings

from cvmatch.errors import InvalidInputError
from cvmatch.store import open_database, schema
from cvmatch.store.database import database_url, latest_version
from cvmatch.store.recruiting import insert_document, now
from cvmatch.workspace import Workspace


def _doc(content_hash: str) -> dict[str, object]:
    return {
        "kind": "cv",
        "filename": "a.txt",
        "content_hash": content_hash,
        "content": b"x",
        "text": "x",
        "language": "en",
        "meta": {},
    }


def test_paths_become_sqlite_urls_and_urls_are_kept(tmp_path: Path) -> None:
    assert database_url(tmp_path / "a.db") == f"sqlite:///{tmp_path / 'a.db'}"
    assert database_url("postgresql+psycopg://u@h/d") == "postgresql+psycopg://u@h/d"


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    with db.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.close()


def test_content_hash_is_unique_per_kind(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    with db.begin() as conn:
        first = insert_document(conn, _doc("h1"))
        again = insert_document(conn, _doc("h1"))
    assert first == (first[0], True)
    assert again == (first[0], False)
    with pytest.raises(IntegrityError), db.begin() as conn:
        conn.execute(insert(schema.documents).values(_doc("h1") | {"created_at": now()}))
    db.close()


def test_concurrent_inserts_keep_one_row(tmp_path: Path) -> None:
    db = open_database(tmp_path / "s.db")
    results: list[tuple[int, bool]] = []

    def add() -> None:
        with db.begin() as conn:
            results.append(insert_document(conn, _doc("same")))

    threads = [threading.Thread(target=add) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({r[0] for r in results}) == 1
    assert sum(created for _, created in results) == 1
    db.close()


def test_a_bad_url_is_a_typed_error() -> None:
    with pytest.raises(InvalidInputError, match="cannot open database"):
        open_database("nosuchdialect://x")


@pytest.mark.postgres
def test_postgres_store_runs_the_workspace(postgres_url: str, tmp_path: Path) -> None:
    settings = fake_settings(tmp_path, db=postgres_url)
    ws = Workspace.open(settings=settings, engine=fake_engine(settings))
    assert ws.ctx.db.engine.dialect.name == "postgresql"
    job = ws.create_job(None, "DBA", "Cassandra DBA\nCassandra repair, Linux.")
    cvs = [(f"{n}.txt", f"{n}\n{body}\n".encode()) for n, body in [
        ("ada", "Cassandra repair on Linux"), ("bob", "Head chef"), ("cy", "Cassandra"),
    ]]  # fmt: skip
    outcomes: list[object] = []
    threads = [
        threading.Thread(target=lambda: outcomes.extend(ws.add_cvs(None, job.id, cvs)))
        for _ in range(4)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(not o.duplicate for o in outcomes) == 3  # type: ignore[attr-defined]
    page = ws.rank(job.id)
    assert page.total == 3
    assert page.items[0].candidate.name == "ada"
    chef = next(i.candidate.id for i in page.items if i.candidate.name == "bob")
    ws.star(None, job.id, chef)
    assert ws.rank(job.id).items[0].candidate.name == "bob"
    assert open_database(postgres_url).version() == latest_version()
    ws.close()
