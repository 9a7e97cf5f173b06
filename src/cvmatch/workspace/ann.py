"""Large pools (issue 19): the store's ANN index picks which candidates get the full score.

A job with at least ``Settings.ann_min_pool`` candidates is ranked in two stages, as
``cvmatch index search`` does: the ``Settings.ann_candidates`` candidates whose feedback-encoder
vectors are nearest the job's, searched in the faiss index kept beside the store
(:mod:`cvmatch.index.ann_store`: persisted, brought up to the store's vectors incrementally when
CVs are added or removed, rebuilt when missing or unreadable), then the full hybrid score with
evidence on those only. Smaller pools are scored exactly, every candidate, as before. The index
is shared with ``cvmatch index build|search`` (same file, same model id).

A shortlist is picked again whenever the pool's *content* changes (:func:`picked`): a CV
deleted and another added keeps the pool's size but not its fingerprint
(:func:`cvmatch.store.job_pool.pool_fingerprint`). The fingerprint is only read when the job's
revision moved (every upload and deletion bumps it), so an unchanged job costs one row read.
"""

import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import numpy as np
from sqlalchemy import Connection

from cvmatch.index import ann_files, ann_store
from cvmatch.index.ann import FaissIndex
from cvmatch.store.job_pool import pool_documents, pool_fingerprint
from cvmatch.store.job_state import job_state
from cvmatch.workspace.context import Context
from cvmatch.workspace.jobs import job_document
from cvmatch.workspace.records import AnnPick, AnnShortlist

_INDEX_LOCK = threading.Lock()
"""One sync of the index file at a time within a process (the file is written by rename)."""


def is_large(ctx: Context, pool: int) -> bool:
    """Whether a pool of ``pool`` candidates goes through the ANN first stage."""
    return pool >= ctx.settings.ann_min_pool


def picked(ctx: Context, job_id: int, conn: Connection | None = None) -> AnnShortlist | None:
    """The shortlist this process picked for the job's current pool; None: pick (again)."""
    done = ctx.ann.get(job_id)
    if done is None:
        return None
    if conn is None:
        with ctx.db.connect() as own:
            return picked(ctx, job_id, own)
    state = job_state(conn, job_id)
    if state is None:
        return None
    if int(state.revision) == done.revision:
        return done.shortlist
    if pool_fingerprint(conn, job_id) != done.pool:
        return None
    ctx.ann[job_id] = replace(done, revision=int(state.revision))  # same pool, newer revision
    return done.shortlist


def pick(ctx: Context, job_id: int) -> set[int]:
    """The candidate ids the ANN sends on to scoring, remembered with the pool they came from.

    Every document of the pool must already hold a feedback-encoder vector.
    """
    with ctx.db.connect() as conn:
        state = job_state(conn, job_id)  # read first: a write after it only forces a re-check
        fingerprint = pool_fingerprint(conn, job_id)
        pool = pool_documents(conn, job_id)
    chosen, shortlist = nearest(ctx, job_id, pool)
    revision = int(state.revision) if state is not None else -1
    ctx.ann[job_id] = AnnPick(shortlist, fingerprint, revision)
    return chosen


def nearest(ctx: Context, job_id: int, pool: Mapping[int, int]) -> tuple[set[int], AnnShortlist]:
    """The candidate ids (of ``pool``: document id → candidate id) the ANN sends on to scoring.

    Every document of ``pool`` must already hold a feedback-encoder vector.
    """
    index = _index(ctx)
    hits = index.search(_job_vector(ctx, job_id), ctx.settings.ann_candidates, allowed=pool.keys())
    chosen = {pool[hit.document_id] for hit in hits}
    return chosen, AnnShortlist(len(pool), ctx.settings.ann_candidates, index.tier.value)


def _model_id(ctx: Context) -> str:
    return ctx.engine.encoder(ctx.settings.feedback_encoder).model_id


def _job_vector(ctx: Context, job_id: int) -> np.ndarray:
    """The job's unit vector from the feedback encoder (a job's text never changes)."""
    if job_id not in ctx.job_vectors:
        _, vectors = ctx.engine.embed([job_document(ctx, job_id)], ctx.settings.feedback_encoder)
        ctx.job_vectors[job_id] = vectors[0]
    return ctx.job_vectors[job_id]


def _index(ctx: Context) -> FaissIndex:
    """The store's index, re-synced only when the store's vectors or the index file changed.

    The store's revision alone can stay the same across a change: a CV erased (its vector
    removed from the file by the erasure) and another stored under the reused document id.
    The file's identity catches that, whichever process wrote it.
    """
    model_id = _model_id(ctx)
    path = ann_files.index_path(str(ctx.db.engine.url), model_id, ctx.settings.cache_dir / "ann")
    with _INDEX_LOCK:
        with ctx.db.connect() as conn:
            current = ann_store.revision(conn, model_id)
        held = ctx.ann_index
        if held is not None and held[1] == _key(current, path) and held[0].model_id == model_id:
            return held[0]
        index, report = ann_store.synced_index(ctx.db, path, model_id)
        ctx.ann_index = (index, _key(report.revision, path))
        return index


def _key(revision: str, path: Path) -> str:
    """The store's revision and the index file's identity (inode, time, size)."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return f"{revision}|missing"
    return f"{revision}|{stat.st_ino}:{stat.st_mtime_ns}:{stat.st_size}"
