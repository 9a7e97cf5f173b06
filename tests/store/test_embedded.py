"""embedded-postgres://DIR: initdb on first use, reuse while running, stopped by PID (SIGTERM too)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import text

from cvmatch.errors import InvalidInputError
from cvmatch.store import open_database
from cvmatch.store.database import latest_version
from cvmatch.store.embedded import (
    EmbeddedServer,
    embedded_directory,
    embedded_postgres,
    is_embedded_url,
    server_settings,
    start,
    stop,
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _libpq(server: EmbeddedServer) -> str:
    return f"postgresql://postgres@/cvmatch?host={server.socket_dir}"


def test_server_settings_follow_the_ram_within_bounds() -> None:
    gib = 2**30
    assert server_settings(2 * gib) == {  # a quarter would be 512 MiB: raised to 1 GiB
        "shared_buffers": "1024MB", "effective_cache_size": "1024MB", "jit": "off"}  # fmt: skip
    assert server_settings(16 * gib)["shared_buffers"] == "4096MB"
    assert server_settings(16 * gib)["effective_cache_size"] == "8192MB"
    assert server_settings(128 * gib)["shared_buffers"] == "8192MB"  # capped


def test_a_setting_that_could_escape_the_command_line_is_refused(pg_dir: Path) -> None:
    with pytest.raises(InvalidInputError, match="not a server setting"):
        start(pg_dir / "pg", {"shared_buffers": "1GB -c ssl=on"})


def test_the_url_names_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert is_embedded_url("embedded-postgres://pg")
    assert not is_embedded_url("postgresql+psycopg://u@h/d")
    assert embedded_directory("embedded-postgres://pg") == tmp_path / "pg"
    assert embedded_directory("embedded-postgres:///srv/pg") == Path("/srv/pg")
    with pytest.raises(InvalidInputError, match="DIR"):
        embedded_directory("embedded-postgres://")


@pytest.mark.postgres
def test_a_server_starts_is_reused_keeps_its_data_and_stops_by_pid(pg_dir: Path) -> None:
    with embedded_postgres(pg_dir / "pg") as server:
        assert server.owned
        assert _alive(server.pid)
        assert (pg_dir / "pg" / "data" / "PG_VERSION").exists()
        again = start(pg_dir / "pg")  # running already: used, not owned
        assert (again.pid, again.owned) == (server.pid, False)
        stop(again)  # a server this handle did not start is left alone
        assert _alive(server.pid)
        with psycopg.connect(_libpq(server), autocommit=True) as conn:
            for name, value in server_settings().items():  # what cvmatch sized for the machine
                same = "SELECT pg_size_bytes(current_setting(%s)) = pg_size_bytes(%s)"
                if name == "jit":
                    same = "SELECT current_setting(%s) = %s"
                assert conn.execute(same, (name, value)).fetchone() == (True,)
            conn.execute("CREATE TABLE kept (x int)")
            conn.execute("INSERT INTO kept VALUES (7)")
    assert not _alive(server.pid)
    with embedded_postgres(pg_dir / "pg", {"shared_buffers": "64MB"}) as second:  # no initdb
        assert second.pid != server.pid
        with psycopg.connect(_libpq(second)) as conn:
            assert conn.execute("SELECT x FROM kept").fetchone() == (7,)  # the row is there
            assert conn.execute("SHOW shared_buffers").fetchone() == ("64MB",)
    assert not _alive(second.pid)


@pytest.mark.postgres
def test_open_database_runs_the_server_for_the_store(pg_dir: Path) -> None:
    db = open_database(f"embedded-postgres://{pg_dir}/pg")
    assert db.engine.dialect.name == "postgresql"
    assert db.server is not None
    with db.connect() as conn:
        assert (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            == f"{latest_version():04d}"
        )
    pid = db.server.pid
    db.close()
    assert not _alive(pid)


_HOLDER = """
import sys, time
from cvmatch.store.embedded import embedded_postgres
with embedded_postgres(sys.argv[1]) as server:
    print(server.pid, flush=True)
    time.sleep(120)
"""


def _holder(directory: Path) -> tuple[subprocess.Popen[str], int]:
    """A process holding a server open; returns it and the server's PID."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(directory)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ | {"PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert process.stdout is not None
    return process, int(process.stdout.readline())


@pytest.mark.postgres
def test_sigterm_to_the_owner_stops_the_server(pg_dir: Path) -> None:
    process, pid = _holder(pg_dir / "pg")
    assert _alive(pid)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert not _alive(pid)


@pytest.mark.postgres
def test_a_server_orphaned_by_kill_9_is_adopted_and_stopped(pg_dir: Path) -> None:
    process, pid = _holder(pg_dir / "pg")
    process.kill()
    process.wait(timeout=30)
    time.sleep(0.2)
    assert _alive(pid)  # nobody stopped it
    adopted = start(pg_dir / "pg")
    assert (adopted.pid, adopted.owned) == (pid, True)
    stop(adopted)
    assert not _alive(pid)
