"""One ingest run: list and hash the files, skip the stored ones, process the rest, commit.

Work goes out in batches to an :class:`Executor` (this process, a process pool or Ray actors)
with a bounded number in flight, so memory stays flat whatever the number of files; each
finished batch is committed at once by the driver (one writer, no lock contention on SQLite).
"""

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from cvmatch.errors import CvmatchError, DocumentTooLargeError
from cvmatch.ingest.commit import commit_batch, stored_hashes
from cvmatch.ingest.records import FileOutcome, IngestReport, Outcome, Prepared, WorkItem
from cvmatch.ingest.sources import SourceFile, hash_file
from cvmatch.store import Database

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""Called as ``(stage, done, total)``."""


class Executor(Protocol):
    """Runs the processor on batches, yielding each batch's results as it finishes."""

    name: str
    workers: int

    def run(self, batches: Iterable[list[WorkItem]]) -> Iterator[list[Prepared]]:
        """Results of every batch, in any order."""
        ...


def _refused(source: str, error: CvmatchError) -> FileOutcome:
    return FileOutcome(source, Outcome.REFUSED, None, type(error).__name__, str(error))


def _plan(
    db: Database, paths: Sequence[Path], model_id: str, max_bytes: int
) -> tuple[list[SourceFile], dict[str, FileOutcome]]:
    """The files still to process, and the outcomes known without processing."""
    known: dict[str, FileOutcome] = {}
    hashed: list[SourceFile] = []
    for path in paths:
        try:
            source = hash_file(path)
        except OSError as error:
            known[str(path)] = FileOutcome(str(path), Outcome.REFUSED, None, "OSError", str(error))
            continue
        if source.size > max_bytes:
            message = (
                f"{path.name} is larger than the {max_bytes}-byte limit (CVMATCH_MAX_FILE_BYTES)"
            )
            known[str(path)] = _refused(str(path), DocumentTooLargeError(message))
            continue
        hashed.append(source)
    stored = stored_hashes(db, (s.content_hash for s in hashed), model_id)
    todo: list[SourceFile] = []
    seen: set[str] = set()
    for source in hashed:
        if source.content_hash in stored or source.content_hash in seen:
            known[str(source.path)] = FileOutcome(str(source.path), Outcome.DUPLICATE)
        else:
            seen.add(source.content_hash)
            todo.append(source)
    return todo, known


def _batches(files: Sequence[SourceFile], size: int) -> Iterator[list[WorkItem]]:
    """Work items with their bytes, read only when the batch is sent."""
    for start in range(0, len(files), size):
        yield [
            WorkItem(str(f.path), f.path.name, f.content_hash, f.path.read_bytes())
            for f in files[start : start + size]
        ]


@dataclass(frozen=True)
class RunOptions:
    """How a run batches, what it refuses unread, whom it tells of its progress."""

    batch: int = 8
    """Files per batch (a batch is embedded at once and committed in one transaction)."""
    max_bytes: int = 20 * 1024 * 1024
    """Larger files are refused without being read (``Settings.max_file_bytes``)."""
    on_progress: Progress | None = None


def ingest(
    db: Database,
    paths: Sequence[Path],
    executor: Executor,
    model_id: str,
    options: RunOptions | None = None,
) -> IngestReport:
    """Ingest ``paths`` into ``db``; one outcome per path, in the order given."""
    options = options or RunOptions()
    on_progress, batch = options.on_progress, max(1, options.batch)
    started = time.perf_counter()
    todo, outcomes = _plan(db, paths, model_id, options.max_bytes)
    total, done = len(paths), len(outcomes)
    if on_progress is not None:
        on_progress("ingesting", done, total)
    for results in executor.run(_batches(todo, batch)):
        for outcome in commit_batch(db, results):
            outcomes[outcome.source] = outcome
        done += len(results)
        if on_progress is not None:
            on_progress("ingesting", done, total)
    ordered = tuple(outcomes[str(p)] for p in paths if str(p) in outcomes)
    counts = {o.value: sum(1 for f in ordered if f.outcome is o) for o in Outcome}
    seconds = time.perf_counter() - started
    logger.info("ingested %d files in %.1f s: %s", total, seconds, counts)
    return IngestReport(ordered, executor.name, executor.workers, seconds, model_id, counts)
