"""Run the batch processor here (one process) or in a pool of local worker processes.

Worker processes are started with ``spawn`` (no copy of the driver's threads or open models)
and each builds its own engine once, on its first batch. At most two batches per worker are in
flight, so files are read no faster than they are processed.
"""

from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from multiprocessing import get_context

from cvmatch.ingest.records import BatchProcessor, Prepared, WorkItem

IN_FLIGHT_PER_WORKER = 2


class LocalExecutor:
    """``workers`` processes (1: this process, no pool) running ``processor``."""

    name = "local"

    def __init__(self, processor: BatchProcessor, workers: int = 1) -> None:
        self.processor = processor
        self.workers = max(1, workers)

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[list[Prepared]]:
        """Each batch's results as soon as it is done."""
        if self.workers == 1:
            for batch in batches:
                yield self.processor(batch)
            return
        context = get_context("spawn")
        with ProcessPoolExecutor(self.workers, mp_context=context) as pool:
            pending: set[Future[list[Prepared]]] = set()
            for batch in batches:
                if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in finished)
                pending.add(pool.submit(self.processor, batch))
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in finished)
