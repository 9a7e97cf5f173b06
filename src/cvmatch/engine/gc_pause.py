"""No cyclic garbage collection while a stored-CV ranking allocates its short-lived objects.

Scoring a thousand stored CVs against a job creates millions of small objects (stems, evidence,
vectors) that die young (reference counting frees them), on a heap that already holds the
loaded models and the store's rows. CPython's cyclic collector still runs every 700
allocations and, as survivors pile up, over the whole heap: a fifth of the CPU of a cold
"top 50 of 1,000" and a third of a warm one here (docs/scale.md). :func:`paused_collection`
turns the cyclic collector off while inside and back on (if it was on) when the last
concurrent user leaves; cyclic garbage made meanwhile is collected by the next pass.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _Pause:
    """Who is inside, and whether the collector was on when the first one came in."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0
        self.was_enabled = True


_PAUSE = _Pause()


@contextmanager
def paused_collection() -> Iterator[None]:
    """Switch the cyclic garbage collector off while inside (reference counting still frees)."""
    with _PAUSE.lock:
        if _PAUSE.users == 0:
            _PAUSE.was_enabled = gc.isenabled()
            gc.disable()
        _PAUSE.users += 1
    try:
        yield
    finally:
        with _PAUSE.lock:
            _PAUSE.users -= 1
            if _PAUSE.users == 0 and _PAUSE.was_enabled:
                gc.enable()
