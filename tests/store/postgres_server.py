"""A throw-away PostgreSQL server on 127.0.0.1 for tests (Debian binaries, initdb + pg_ctl).

Installed by ``scripts/service-deps.sh`` (Debian ``postgresql``). PostgreSQL refuses to run as
root, so as root the server runs as the ``postgres`` system user in a temp folder it owns.
The server is stopped by its PID (SIGINT: fast shutdown) and its folder removed.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with initdb, if installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def skip_reason() -> str | None:
    """Why a PostgreSQL test cannot run here, or ``None``."""
    if postgres_bin() is None:
        return "PostgreSQL binaries missing: run scripts/service-deps.sh as root (apt postgresql)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "running as root without runuser: cannot start PostgreSQL as the postgres user"
    return None


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server; yield its ``postgresql+psycopg://`` URL; stop it by PID."""
    bin_dir = postgres_bin()
    assert bin_dir is not None
    folder = Path(tempfile.mkdtemp(prefix="cvmatch-pg-"))
    runner: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        runner = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    subprocess.run(
        [*runner, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "cvmatch"],
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -h 127.0.0.1 -k {folder} -F"
    subprocess.run(
        [
            *runner,
            str(bin_dir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    pid = int((data / "postmaster.pid").read_text().split()[0])
    try:
        yield f"postgresql+psycopg://cvmatch@127.0.0.1:{port}/postgres"
    finally:
        _stop(pid)
        shutil.rmtree(folder, ignore_errors=True)


def _stop(pid: int, timeout: float = 30.0) -> None:
    os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
