"""Embed texts in a background thread while the caller does other work (e.g. reads more files).

A cold ``cvmatch rank`` over many files used to read every file first (one thread, Python) and
then embed (onnxruntime, which releases the GIL): 1.35 of 2 cores busy on average. A
:class:`Prefetcher` runs the embedding beside the reading: the caller :meth:`~Prefetcher.submit`\\ s
each document's text as soon as it is read, one worker thread embeds whatever has queued up
(so onnxruntime still gets several chunks per call to spread over its sessions), and the
vectors land in the encoder's memo and on-disk cache, where the ranking finds them.

Nothing here changes a vector: an encoder's vector of a text depends on that text only (see
:mod:`cvmatch.encoders.base`), whichever call computed it. A failure in the background is
logged and forgotten: the ranking then embeds the text itself and reports the error properly.
The worker is a daemon thread that :meth:`~Prefetcher.close` (or leaving the ``with`` block)
drains and joins; no process is started.
"""

import logging
import queue
import threading
from types import TracebackType
from typing import Self

from cvmatch.encoders.base import DenseEncoder

logger = logging.getLogger(__name__)

_GROUP = 64
"""Most texts embedded in one background call: enough to keep every session busy."""


class Prefetcher:
    """One background thread that embeds submitted texts (see the module docstring)."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[tuple[DenseEncoder, str] | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="cvmatch-prefetch", daemon=True)
        self._thread.start()

    def submit(self, encoder: DenseEncoder, texts: list[str]) -> None:
        """Queue ``texts`` for embedding with ``encoder`` (returns at once)."""
        for text in texts:
            self._queue.put((encoder, text))

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
            items = [self._queue.get()]
            while len(items) < _GROUP:  # take whatever else is already waiting
                try:
                    items.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            stop = None in items
            groups: dict[int, tuple[DenseEncoder, list[str]]] = {}
            for item in items:
                if item is not None:
                    groups.setdefault(id(item[0]), (item[0], []))[1].append(item[1])
            for encoder, texts in groups.values():
                _embed(encoder, texts)


def _embed(encoder: DenseEncoder, texts: list[str]) -> None:
    try:
        encoder.encode(texts)
    except Exception:  # the ranking re-embeds and reports the error itself
        logger.debug("background embedding with %s failed", encoder.name, exc_info=True)
