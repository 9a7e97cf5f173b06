"""Forget a deleted candidate's vectors: the embedding caches and the store's ANN indexes.

The embedding cache is keyed by hashes of the texts an encoder embedded (chunks of the CV, its
lines, the job's requirements), so which entries came from one CV cannot be read back from the
cache. :func:`forget_vectors` therefore re-runs the passes that embedded the CV (its match with
each of its jobs, and its vector for star re-ranking) with every cache *recording* the keys it
is asked for, then deletes exactly those keys, and empties the encoders' in-memory vectors
before and after (so the pass goes through the cache, and nothing of the CV stays in memory).
Keys the CV shares with other texts (the job's own requirements, a common line) go too: they
are recomputed on next use.

:func:`forget_in_indexes` removes the CV's document from each persisted faiss index of the
store (:mod:`cvmatch.index.ann_files`), through the index's own ``delete``.
"""

from collections.abc import Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Protocol

import numpy as np
from sqlalchemy import Connection

from cvmatch.engine.encoders import EncoderPool
from cvmatch.index import ann_files
from cvmatch.index.ann_store import revision
from cvmatch.types import Document, Match

__all__ = ["forget_in_indexes", "forget_vectors", "index_revisions"]


class Scorer(Protocol):
    """What the erasure pass needs of :class:`cvmatch.engine.Engine` (no import back)."""

    def matrix(
        self, jobs: Sequence[Document], cvs: Sequence[Document], explain: bool = True
    ) -> list[list[Match]]:
        """Score every job against every CV."""
        ...

    def embed(self, docs: Sequence[Document], encoder: str | None = None) -> tuple[str, np.ndarray]:
        """Unit vectors of ``docs``."""
        ...


def forget_vectors(
    engine: Scorer, pool: EncoderPool, cv: Document, jobs: Sequence[Document]
) -> int:
    """Delete every cached vector the scoring of ``cv`` for ``jobs`` uses; return how many."""
    pool.reset_memos()
    with ExitStack() as stack:
        recorded = [stack.enter_context(cache.recording()) for cache in pool.caches()]
        for job in jobs:
            engine.matrix([job], [cv])
        engine.embed([cv])
    keys = set().union(*recorded)
    deleted = sum(cache.delete(keys) for cache in pool.caches())
    pool.reset_memos()
    return deleted


def forget_in_indexes(
    db_url: str,
    document_id: int,
    revisions: Mapping[str, tuple[str, str]],
    server_dir: Path,
) -> int:
    """Remove ``document_id`` from the persisted index of each model; return how many held it.

    ``revisions`` maps a model id to the store's revision of its CV vectors before and after
    the deletion (:func:`cvmatch.index.ann_store.revision`). An index that was in step before
    is saved as in step after; a stale one keeps its old revision, so its next open re-syncs.
    """
    removed = 0
    for model_id, (before, after) in revisions.items():
        path = ann_files.index_path(db_url, model_id, server_dir)
        loaded = ann_files.load(path, model_id)
        if loaded is None:
            continue
        index, meta = loaded
        held = bool(np.isin(index.ids(), [document_id]).any())
        index.delete([document_id])
        removed += held
        ann_files.save(index, path, after if meta.revision == before else meta.revision)
    return removed


def index_revisions(conn: Connection, model_ids: Sequence[str]) -> dict[str, str]:
    """The store's revision of each model's CV vectors (what a persisted index is synced to)."""
    return {model_id: revision(conn, model_id) for model_id in model_ids}
