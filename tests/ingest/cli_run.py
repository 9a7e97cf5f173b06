"""Run the ``cvmatch`` CLI of this checkout in a subprocess (for kill -9 and Ray tests)."""

import os
import subprocess
import sys
from pathlib import Path

from tests.ingest.paths import ROOT

MAIN = "import sys; sys.argv[0] = 'cvmatch'; from cvmatch.cli import main; main()"


def cli_env(cache: Path) -> dict[str, str]:
    """The environment of a CLI subprocess: this checkout's sources first, a tmp cache."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT), env.get("PYTHONPATH", "")])
    env["CVMATCH_CACHE_DIR"] = str(cache)
    return env


def start_cli(args: list[str], cache: Path) -> subprocess.Popen[str]:
    """Start ``cvmatch ARGS`` (stdout and stderr piped)."""
    return subprocess.Popen(
        [sys.executable, "-c", MAIN, *args],
        env=cli_env(cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
