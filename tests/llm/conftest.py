"""The fake OpenAI-compatible server, started once per module on loopback, stopped by PID."""

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

SERVER = Path(__file__).with_name("fake_llm_server.py")


@dataclass(frozen=True)
class FakeLlm:
    """A running fake server: its base URL and its request counters."""

    base_url: str
    pid: int

    def requests(self) -> int:
        """Chat requests received so far."""
        return int(httpx.get(self.base_url.removesuffix("/v1") + "/stats").json()["requests"])

    def bodies(self) -> list[dict[str, object]]:
        """Every chat request body received so far."""
        return list(httpx.get(self.base_url.removesuffix("/v1") + "/stats").json()["bodies"])


@pytest.fixture(scope="module")
def fake_llm() -> Iterator[FakeLlm]:
    """Start the server as a subprocess, read its port, and stop it by PID afterwards."""
    proc = subprocess.Popen([sys.executable, str(SERVER)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    port = int(proc.stdout.readline())
    try:
        yield FakeLlm(f"http://127.0.0.1:{port}/v1", proc.pid)
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
