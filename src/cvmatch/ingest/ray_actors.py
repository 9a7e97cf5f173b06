"""Run the batch processor on Ray actors: a local Ray started here, or a cluster (``address``).

Each actor builds its engine once and keeps it (models load once per actor, not per batch).
Actors ask for half a CPU each: on a two-core machine two workers then fit beside the driver
(with whole CPUs they stay pending). A local Ray is started without its dashboard and shut down
at the end; on an existing cluster (``address``) only this driver disconnects. Ray is the
optional extra ``cvmatch[ray]``: without it, :class:`RayExecutor` says how to install it.
"""

import importlib
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import Any

from cvmatch.errors import InvalidInputError
from cvmatch.ingest.records import BatchProcessor, Prepared, WorkItem

ACTOR_CPUS = 0.5
"""CPUs Ray reserves per actor (half a core: two actors fit a two-core machine)."""
IN_FLIGHT_PER_WORKER = 2


def _ray() -> ModuleType:
    try:
        return importlib.import_module("ray")
    except ImportError as error:
        raise InvalidInputError("--engine ray needs Ray: pip install 'cvmatch[ray]'") from error


class _Worker:
    """The actor: one processor (and so one engine) per actor."""

    def __init__(self, processor: BatchProcessor) -> None:
        self.processor = processor

    def process(self, batch: list[WorkItem]) -> list[Prepared]:
        return self.processor(batch)


class RayExecutor:
    """``workers`` Ray actors running ``processor``, on a local Ray or the cluster at ``address``."""

    name = "ray"

    def __init__(
        self, processor: BatchProcessor, workers: int = 2, address: str | None = None
    ) -> None:
        self.processor = processor
        self.workers = max(1, workers)
        self.address = address

    def _start(self, ray: ModuleType) -> bool:
        """Connect to (or start) Ray; ``True`` when this call started it."""
        if ray.is_initialized():
            return False
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if self.address:
            ray.init(address=self.address, **options)
        else:
            # "local": a new Ray of our own, never one a stale /tmp/ray file points to
            cpus = max(1, round(self.workers * ACTOR_CPUS) + 1)
            ray.init(address="local", num_cpus=cpus, **options)
        return True

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[list[Prepared]]:
        """Each batch's results as soon as an actor returns them."""
        ray = _ray()
        started = self._start(ray)
        try:
            actor = ray.remote(num_cpus=ACTOR_CPUS)(_Worker)
            actors = [actor.remote(self.processor) for _ in range(self.workers)]
            yield from self._dispatch(ray, actors, batches)
            for handle in actors:
                ray.kill(handle)
        finally:
            if started:
                ray.shutdown()

    def _dispatch(
        self, ray: ModuleType, actors: list[Any], batches: Iterable[list[WorkItem]]
    ) -> Iterator[list[Prepared]]:
        """Keep each actor fed with up to two batches; a finished one frees its actor's slot."""
        owner: dict[Any, Any] = {}
        free = [a for a in actors for _ in range(IN_FLIGHT_PER_WORKER)]
        for batch in batches:
            if not free:
                ready, _ = ray.wait(list(owner), num_returns=1)
                free.append(owner.pop(ready[0]))
                yield ray.get(ready[0])
            handle = free.pop(0)
            owner[handle.process.remote(batch)] = handle
        while owner:
            ready, _ = ray.wait(list(owner), num_returns=1)
            owner.pop(ready[0])
            yield ray.get(ready[0])
