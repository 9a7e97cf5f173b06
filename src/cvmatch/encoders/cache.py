"""A persistent embedding cache: one SQLite table keyed by (model id, sha256 of the text).

Vectors of different models never mix because the model id is part of the key (a new model,
or new weights, means new keys). Only hashes and float32 vectors are stored, never the texts.

The cache is an optimisation and never stops a run: when the file is locked past ``timeout``
seconds or cannot be opened, a warning is logged and the call behaves as a miss (``get_many``)
or a no-op (``put_many``); when the file is corrupt, it is moved aside as
``<name>.corrupt-<UTC time>`` with a warning and a fresh cache is created. Several processes
may share one file: SQLite's WAL journal lets readers run beside a writer, writes use
``INSERT OR IGNORE``, and each connection waits up to ``timeout`` seconds for a lock.
"""

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Self, TypeVar

import numpy as np

from cvmatch.errors import InvalidInputError

logger = logging.getLogger(__name__)

T = TypeVar("T")
CacheKey = tuple[str, str]
"""``(model_id, text_sha256)``: one entry of the cache."""

_SCHEMA = """
CREATE TABLE IF NOT EXISTS embeddings (
    model_id TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    dim INTEGER NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_sha256)
) WITHOUT ROWID
"""
_SCHEMA_VERSION = 1
# SQLite's default limit on "?" parameters is far above this; smaller IN lists stay fast.
_QUERY_BATCH = 500


def text_key(text: str) -> str:
    """The sha256 hex digest of ``text`` (UTF-8), the cache's text key."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Float32 vectors in a SQLite file, keyed by ``(model_id, sha256(text))``.

    The constructor does no I/O; the file (and its folder) is created on first use.

    Args:
        path: The SQLite file, e.g. ``Settings.cache_dir / "embeddings.sqlite"``.
        timeout: Seconds to wait for another process's lock before skipping the cache.
    """

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        self._recorders: list[set[CacheKey]] = []

    def get_many(self, model_id: str, texts: Sequence[str]) -> dict[int, np.ndarray]:
        """Cached vectors of ``texts``: a map from position in ``texts`` to its vector."""
        positions: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            positions.setdefault(text_key(text), []).append(i)
        keys = list(positions)
        self._record(model_id, keys)

        def read(conn: sqlite3.Connection) -> dict[int, np.ndarray]:
            found: dict[int, np.ndarray] = {}
            for start in range(0, len(keys), _QUERY_BATCH):
                batch = keys[start : start + _QUERY_BATCH]
                marks = ",".join("?" * len(batch))
                sql = (
                    "SELECT text_sha256, dim, vector FROM embeddings "  # noqa: S608 (only "?" marks)
                    f"WHERE model_id = ? AND text_sha256 IN ({marks})"
                )
                for key, dim, blob in conn.execute(sql, [model_id, *batch]):
                    vector = np.frombuffer(blob, dtype="<f4")
                    if vector.shape != (dim,):
                        continue  # a damaged row is a miss; the fresh vector is not re-stored
                    for i in positions[key]:
                        found[i] = vector.astype(np.float32)
            return found

        return self._run(read, {}) if keys else {}

    def fits(self, model_id: str, text: str) -> bool:  # noqa: ARG002 - a hook for subclasses
        """Whether ``text`` is known to be a chunk ``model_id`` embedded whole (so it fits).

        A text cut to chunks is only embedded once it fits the model's token limit (or is one
        word), so a known chunk needs no token count. This file does not say (False); a cache
        that serves vectors stored per chunk (:class:`cvmatch.ingest.features.PrecomputedCache`)
        does.
        """
        return False

    def put_many(self, model_id: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store one vector per text (an existing entry is kept: same key, same vector)."""
        matrix = np.asarray(vectors, dtype="<f4")
        if matrix.ndim != 2 or matrix.shape[0] != len(texts):  # noqa: PLR2004
            raise InvalidInputError(
                f"put_many needs one vector per text: {len(texts)} texts, shape {matrix.shape}"
            )
        rows = [
            (model_id, text_key(text), matrix.shape[1], matrix[i].tobytes())
            for i, text in enumerate(texts)
        ]
        self._record(model_id, [row[1] for row in rows])

        def write(conn: sqlite3.Connection) -> None:
            with conn:
                conn.executemany("INSERT OR IGNORE INTO embeddings VALUES (?, ?, ?, ?)", rows)

        if rows:
            self._run(write, None)

    def count(self, model_id: str | None = None) -> int:
        """Number of stored vectors, for one model or all."""

        def read(conn: sqlite3.Connection) -> int:
            if model_id is None:
                row = conn.execute("SELECT COUNT(*) FROM embeddings").fetchone()
            else:
                sql = "SELECT COUNT(*) FROM embeddings WHERE model_id = ?"
                row = conn.execute(sql, (model_id,)).fetchone()
            return int(row[0])

        return self._run(read, 0)

    @contextmanager
    def recording(self) -> Iterator[set[CacheKey]]:
        """Collect the ``(model_id, text_sha256)`` keys read or written while the block runs.

        A candidate's erasure re-runs the passes that embedded their CV inside this block, so it
        learns exactly which entries derive from the CV (keys are hashes: texts are not kept).
        """
        keys: set[CacheKey] = set()
        with self._lock:
            self._recorders.append(keys)
        try:
            yield keys
        finally:
            with self._lock:
                self._recorders.remove(keys)

    def delete(self, keys: Iterable[CacheKey]) -> int:
        """Remove the entries with these ``(model_id, text_sha256)`` keys; return how many."""
        rows = sorted(set(keys))

        def write(conn: sqlite3.Connection) -> int:
            with conn:
                sql = "DELETE FROM embeddings WHERE model_id = ? AND text_sha256 = ?"
                return sum(conn.execute(sql, row).rowcount for row in rows)

        return self._run(write, 0) if rows else 0

    def keys(self) -> set[CacheKey]:
        """Every ``(model_id, text_sha256)`` key stored."""

        def read(conn: sqlite3.Connection) -> set[CacheKey]:
            return set(conn.execute("SELECT model_id, text_sha256 FROM embeddings").fetchall())

        return self._run(read, set())

    def _record(self, model_id: str, keys: Sequence[str]) -> None:
        with self._lock:
            for recorder in self._recorders:
                recorder.update((model_id, key) for key in keys)

    def close(self) -> None:
        """Close the connection (a later call reopens it)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _run(self, action: Callable[[sqlite3.Connection], T], default: T) -> T:
        """Run ``action`` on the connection; degrade to ``default`` rather than fail the caller."""
        for attempt in range(2):
            try:
                with self._lock:
                    return action(self._connect())
            except (
                sqlite3.OperationalError,
                OSError,
            ) as exc:  # locked past the timeout, unwritable
                logger.warning(
                    "embedding cache %s unavailable (%s); continuing without it", self.path, exc
                )
                return default
            except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed", ...
                if attempt:
                    logger.warning(
                        "embedding cache %s still failing (%s); skipping it", self.path, exc
                    )
                    return default
                self._move_aside(exc)
        return default

    def _connect(self) -> sqlite3.Connection:
        if self._conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.timeout, check_same_thread=False)
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute(_SCHEMA)
                if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
                    conn.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _move_aside(self, error: sqlite3.Error) -> None:
        """Rename a corrupt file (and its WAL files) so the next connection starts afresh."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
            for suffix in ("", "-wal", "-shm"):
                source = Path(f"{self.path}{suffix}")
                if source.exists():
                    source.replace(Path(f"{aside}{suffix}"))
        logger.warning(
            "embedding cache %s is corrupt (%s); moved it to %s and started a new one",
            self.path,
            error,
            aside,
        )
