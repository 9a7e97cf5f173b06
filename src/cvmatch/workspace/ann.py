"""Large pools (issue 19): the store's ANN index picks which candidates get the full score.

A job with at least ``Settings.ann_min_pool`` candidates is ranked in two stages, as
``cvmatch index search`` does: the ``Settings.ann_candidates`` candidates whose feedback-encoder
vectors are nearest the job's, searched in the faiss index kept beside the store
(:mod:`cvmatch.index.ann_store`: persisted, brought up to the store's vectors incrementally when
CVs are added or removed, rebuilt when missing or unreadable), then the full hybrid score with
evidence on those only. Smaller pools are scored exactly, every candidate, as before. The index
is shared with ``cvmatch index build|search`` (same file, same model id).
"""

import threading
from collections.abc import Mapping

import numpy as np

from cvmatch.index import ann_files, ann_store
from cvmatch.index.ann import FaissIndex
from cvmatch.workspace.context import Context
from cvmatch.workspace.jobs import job_document
from cvmatch.workspace.records import AnnShortlist

_INDEX_LOCK = threading.Lock()
"""One sync of the index file at a time within a process (the file is written by rename)."""


def is_large(ctx: Context, pool: int) -> bool:
    """Whether a pool of ``pool`` candidates goes through the ANN first stage."""
    return pool >= ctx.settings.ann_min_pool


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
    """The store's index, re-synced only when the store's vectors changed since the last use."""
    model_id = _model_id(ctx)
    path = ann_files.index_path(str(ctx.db.engine.url), model_id, ctx.settings.cache_dir / "ann")
    with _INDEX_LOCK:
        with ctx.db.connect() as conn:
            current = ann_store.revision(conn, model_id)
        held = ctx.ann_index
        if held is not None and held[1] == current and held[0].model_id == model_id:
            return held[0]
        index, report = ann_store.synced_index(ctx.db, path, model_id)
        ctx.ann_index = (index, report.revision)
        return index
