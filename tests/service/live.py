"""``cvmatch serve`` as a real process on a free 127.0.0.1 port (started, waited for, stopped by PID)."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
CVMATCH = Path(sys.executable).parent / "cvmatch"
LIMIT = 60_000
"""Upload limit of the test server (bytes): above every example CV."""


@dataclass(frozen=True)
class LiveServer:
    """A running service: its base URL and a valid token."""

    url: str
    token: str
    pid: int
    log: Path

    def client(self, token: str | None = None, timeout: float = 300) -> httpx.Client:
        """An httpx client sending ``token`` (the server's by default; ``""``: no header)."""
        value = self.token if token is None else token
        headers = {"Authorization": f"Bearer {value}"} if value else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def server_env(folder: Path, **extra: str) -> dict[str, str]:
    """The environment of a test server: its own cache, store and limits under ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CVMATCH_")}
    return (
        env
        | {"CVMATCH_CACHE_DIR": str(folder / "cache"), "CVMATCH_DB": str(folder / "s.db")}
        | extra
    )


@contextmanager
def live_server(folder: Path, *args: str, **extra: str) -> Iterator[LiveServer]:
    """Create a user with ``cvmatch users add``, run ``cvmatch serve [ARGS]``, stop it by PID."""
    env = server_env(folder, **extra)
    token = subprocess.run(
        [str(CVMATCH), "users", "add", "tester"],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(CVMATCH), "serve", "--host", "127.0.0.1", "--port", str(port), *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", token, process.pid, log)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def _wait_until_up(
    server: LiveServer, process: subprocess.Popen[bytes], timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {server.log.read_text()}")
        try:
            if httpx.get(server.url + "/api/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise RuntimeError(f"server not up after {timeout} s: {server.log.read_text()}")
