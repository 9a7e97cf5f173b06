"""Embed texts in a background thread while the caller does other work (e.g. reads more files).

A cold ``cvmatch rank`` over many files used to read every file first (one thread, Python) and
then embed (onnxruntime, which releases the GIL): 1.35 of 2 cores busy on average. A
:class:`Prefetcher` runs the embedding beside the reading: the caller :meth:`~Prefetcher.submit`\\ s
each document's text (and, separately, its lines) as soon as it is read, one worker thread
embeds what has been submitted since its last call in one call per encoder (one cache read and
write instead of one per document), and the vectors land in the encoder's memo and on-disk
cache, where the ranking finds them. Merging is safe for batched models too: the encoder
sorts a call's texts by length, so long chunks and short lines never share a padded batch.

Nothing here changes a vector: an encoder's vector of a text depends on that text only (see
:mod:`cvmatch.encoders.base`), whichever call computed it. A failure in the background is
logged and forgotten: the ranking then embeds the text itself and reports the error properly.
The worker is a daemon thread that :meth:`~Prefetcher.close` (or leaving the ``with`` block)
drains and joins; no process is started.
"""

import logging
import queue
import threading
from collections.abc import Iterable
from types import TracebackType
from typing import Self

from cvmatch.encoders.base import DenseEncoder

logger = logging.getLogger(__name__)


class Prefetcher:
    """One background thread that embeds submitted texts (see the module docstring)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[DenseEncoder, list[str]] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="cvmatch-prefetch", daemon=True)
        self._thread.start()

    def submit(self, encoder: DenseEncoder, texts: list[str]) -> None:
        """Queue ``texts`` for embedding with ``encoder`` in one call (returns at once).

        Submit texts of similar length together (a document, or its lines): a padded batch
        costs as much as its longest text times its size.
        """
        self._queue.put((encoder, list(texts)))

    def close(self) -> None:
        """Wait until every submitted text is embedded, then stop the thread."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _work(self) -> None:
        stop = False
        while not stop:
            batch = [self._queue.get()]
            while not self._queue.empty():  # whatever queued meanwhile goes in the same call
                batch.append(self._queue.get())
            stop = None in batch
            for encoder, texts in _by_encoder(item for item in batch if item is not None):
                _embed(encoder, texts)


def _by_encoder(
    items: Iterable[tuple[DenseEncoder, list[str]]],
) -> list[tuple[DenseEncoder, list[str]]]:
    """Merge submissions per encoder, in order: one call (one cache read and write) each.

    Merging never changes a vector, and ``DenseEncoder`` batches by length, so a document's
    chunks and short lines still land in separate batches.
    """
    merged: dict[int, tuple[DenseEncoder, list[str]]] = {}
    for encoder, texts in items:
        merged.setdefault(id(encoder), (encoder, []))[1].extend(texts)
    return list(merged.values())


def _embed(encoder: DenseEncoder, texts: list[str]) -> None:
    try:
        encoder.encode(texts)
    except Exception:  # the ranking re-embeds and reports the error itself
        logger.debug("background embedding with %s failed", encoder.name, exc_info=True)
