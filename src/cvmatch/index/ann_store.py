"""Keep a store's faiss index in step with the vectors the store holds.

The store is the truth: its ``embeddings`` table holds one vector per (document, model id).
:func:`revision` fingerprints the CV vectors of one model (their number and largest document
id; the store never deletes a document, so any change moves it). :func:`synced_index` loads
the persisted index, and when its revision differs from the store's, compares the ids on both
sides and applies the difference (new vectors added, vanished ones removed): incremental, not a
rebuild. A missing or unreadable file, another model, or a tier that no longer fits the size
(an exact index grown past twice its limit) rebuilds it from the store.
"""

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Connection, and_, func, select

from cvmatch.index import ann_files, ann_tiers
from cvmatch.index.ann import FaissIndex
from cvmatch.store import Database
from cvmatch.store.codec import vectors_from_bytes
from cvmatch.store.schema import documents, embeddings

logger = logging.getLogger(__name__)

CHUNK = 20_000
"""Vectors read from the store per query while building or syncing."""
_CV = "cv"


@dataclass(frozen=True)
class SyncReport:
    """What opening the index did."""

    path: Path
    revision: str
    rebuilt: bool
    added: int
    removed: int


def _cv_vectors(model_id: str) -> ColumnElement[bool]:
    """The condition selecting the CV vectors of ``model_id`` (documents joined)."""
    e, d = embeddings, documents
    return and_(e.c.model_id == model_id, d.c.id == e.c.document_id, d.c.kind == _CV)


def revision(conn: Connection, model_id: str) -> str:
    """``"<count>:<max document id>"`` of the store's CV vectors of ``model_id``."""
    e = embeddings
    query = select(func.count(), func.max(e.c.document_id)).where(_cv_vectors(model_id))
    count, top = conn.execute(query).one()
    return f"{int(count)}:{int(top or 0)}"


def store_ids(conn: Connection, model_id: str) -> np.ndarray:
    """Ids of the CV documents holding a ``model_id`` vector, ascending."""
    e = embeddings
    query = select(e.c.document_id).where(_cv_vectors(model_id)).order_by(e.c.document_id)
    return np.fromiter(conn.execute(query).scalars(), dtype=np.int64)


def read_vectors(
    conn: Connection, model_id: str, ids: np.ndarray
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """``(ids, vectors)`` chunks of the given documents' ``model_id`` vectors, by id."""
    e = embeddings
    for start in range(0, len(ids), CHUNK):
        wanted = [int(v) for v in ids[start : start + CHUNK]]
        query = (
            select(e.c.document_id, e.c.dim, e.c.vector)
            .where(and_(e.c.model_id == model_id, e.c.document_id.in_(wanted)))
            .order_by(e.c.document_id)
        )
        rows = conn.execute(query).all()
        if rows:
            keys = np.asarray([int(r.document_id) for r in rows], dtype=np.int64)
            yield keys, vectors_from_bytes([r.vector for r in rows], int(rows[0].dim))


def build_from_store(conn: Connection, model_id: str, dim: int | None = None) -> FaissIndex:
    """A fresh index of every CV vector of ``model_id`` in the tier fitting their number."""
    ids = store_ids(conn, model_id)
    chunks = list(read_vectors(conn, model_id, ids))
    if not chunks:
        return FaissIndex(model_id, dim or 1)
    keys = np.concatenate([k for k, _ in chunks])
    return FaissIndex.build(model_id, keys, np.vstack([v for _, v in chunks]))


def _fits(index: FaissIndex, count: int) -> bool:
    """Whether the index's tier still suits ``count`` vectors."""
    if index.tier is ann_tiers.Tier.EXACT:
        return count < 2 * ann_tiers.EXACT_LIMIT
    return count >= ann_tiers.EXACT_LIMIT // 2


def _apply_difference(conn: Connection, index: FaissIndex) -> tuple[int, int]:
    """Add the store's vectors the index lacks, remove those the store lost; ``(added, removed)``."""
    wanted = store_ids(conn, index.model_id)
    held = index.ids()
    missing = np.setdiff1d(wanted, held, assume_unique=True)
    extra = np.setdiff1d(held, wanted, assume_unique=True)
    index.delete(extra)
    for keys, vectors in read_vectors(conn, index.model_id, missing):
        index.upsert(keys, vectors)
    return len(missing), len(extra)


def synced_index(
    db: Database, path: Path, model_id: str, rebuild: bool = False
) -> tuple[FaissIndex, SyncReport]:
    """The index at ``path`` brought up to the store's revision (and saved when it changed)."""
    with db.connect() as conn:
        current = revision(conn, model_id)
        loaded = None if rebuild else ann_files.load(path, model_id)
        if loaded is not None and loaded[1].revision == current:
            return loaded[0], SyncReport(path, current, rebuilt=False, added=0, removed=0)
        count = int(current.split(":")[0])
        if loaded is None or not len(loaded[0]) or not _fits(loaded[0], count):
            logger.info("building the %s index of %d vectors at %s", model_id, count, path)
            index = build_from_store(conn, model_id)
            report = SyncReport(path, current, rebuilt=True, added=len(index), removed=0)
        else:
            index = loaded[0]
            added, removed = _apply_difference(conn, index)
            report = SyncReport(path, current, rebuilt=False, added=added, removed=removed)
    ann_files.save(index, path, current)
    return index, report


def document_rows(conn: Connection, document_ids: list[int]) -> list[Any]:
    """``(id, kind, filename, text, language, meta)`` of stored documents, by ascending id."""
    d = documents
    query = (
        select(d.c.id, d.c.kind, d.c.filename, d.c.text, d.c.language, d.c.meta)
        .where(d.c.id.in_(document_ids))
        .order_by(d.c.id)
    )
    return list(conn.execute(query).all())
