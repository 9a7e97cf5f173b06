"""Ray's files away from the user's home and ``/tmp/ray``, for the tests that start Ray.

Ray 2.60 writes ``~/.ray/auth_token`` when it starts a local cluster with token auth (its
default when ``RAY_AUTH_MODE`` is unset) and a session folder per cluster under ``/tmp/ray``
that it never removes. :func:`ray_sandbox` gives Ray a temporary home and a temporary root for
its sessions, turns token auth off (loopback test clusters), and removes the sessions' root
afterwards; the temporary home lives in the caller's tmp folder.
"""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def ray_sandbox(home: Path) -> Iterator[dict[str, str]]:
    """The environment variables that keep Ray's files in ``home`` and a tmp folder.

    Set them (``monkeypatch.setenv``, or a subprocess's ``env``) before Ray starts; stop every
    Ray process before the block ends, whose exit removes the sessions' folder.
    """
    home.mkdir(parents=True, exist_ok=True)
    # Short, under /tmp: Ray's socket paths inside it must fit in 107 bytes.
    sessions = Path(tempfile.mkdtemp(prefix="cvray-"))
    try:
        yield {"HOME": str(home), "RAY_TMPDIR": str(sessions), "RAY_AUTH_MODE": "disabled"}
    finally:
        shutil.rmtree(sessions, ignore_errors=True)
