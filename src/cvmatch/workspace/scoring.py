"""Score a job's new candidates once and store the results (match, evidence, embedding).

Scoring runs lazily when a ranking is asked for, in batches, so 200 uploads are embedded in
batches of 32 rather than one by one. A large pool (``Settings.ann_min_pool``) scores only the
candidates the ANN index finds nearest the job (:mod:`cvmatch.workspace.ann`); those scored
once stay stored and listed. Stored matches are reused: a CV is never re-embedded for
the same model (the ``embeddings`` table is keyed by document and model id).
"""

from sqlalchemy.exc import IntegrityError

from cvmatch.errors import NotFoundError
from cvmatch.store.codec import document_from_row, match_to_json, vector_to_bytes
from cvmatch.store.job_pool import unembedded_candidates
from cvmatch.store.job_state import bump_revision
from cvmatch.store.recruiting import (
    candidate_rows,
    count_candidates,
    count_matches,
    embedding_rows,
    insert_embeddings,
    insert_matches,
    job_exists,
    unscored_candidate_ids,
)
from cvmatch.types import Document
from cvmatch.workspace import ann
from cvmatch.workspace.context import Context
from cvmatch.workspace.jobs import job_document

BATCH = 64
"""Candidates scored per transaction."""


def feedback_model_id(ctx: Context) -> str:
    """The model id of the encoder whose vectors star re-ranking uses."""
    return ctx.engine.encoder(ctx.settings.feedback_encoder).model_id


def ensure_scored(ctx: Context, job_id: int) -> int:
    """Score and store the job's candidates that have no stored match; return how many.

    Every candidate, or for a large pool (``Settings.ann_min_pool``) those among the ANN's
    nearest (:mod:`cvmatch.workspace.ann`), picked once per pool content in each process.
    """
    with ctx.db.connect() as conn:
        if not job_exists(conn, job_id):
            raise NotFoundError(f"no job with id {job_id}")
        pool = count_candidates(conn, job_id)
        scored = count_matches(conn, job_id)
    large = ann.is_large(ctx, pool)
    if large:
        if ann.picked(ctx, job_id) is not None:
            return 0  # this process picked (and scored) this pool's ANN shortlist already
    elif pool == scored:
        return 0  # the common case, two index counts: nothing new to score
    with ctx.score_lock:
        with ctx.db.connect() as conn:
            missing = unscored_candidate_ids(conn, job_id)
        if large:
            missing = _shortlisted(ctx, job_id, missing)
        if not missing:
            return 0
        job = job_document(ctx, job_id)
        for start in range(0, len(missing), BATCH):
            _score_batch(ctx, job_id, job, missing[start : start + BATCH])
    ctx.matrices.pop(job_id, None)
    return len(missing)


def _shortlisted(ctx: Context, job_id: int, unscored: list[int]) -> list[int]:
    """The unscored candidates among the ANN's nearest (every pool CV embedded first)."""
    with ctx.db.connect() as conn:
        unembedded = unembedded_candidates(conn, job_id, feedback_model_id(ctx))
    ensure_vectors(ctx, unembedded)
    chosen = ann.pick(ctx, job_id)
    return [cid for cid in unscored if cid in chosen]


def _score_batch(ctx: Context, job_id: int, job: Document, candidate_ids: list[int]) -> None:
    with ctx.db.connect() as conn:
        rows = candidate_rows(conn, candidate_ids)
    docs = [document_from_row(str(r.id), r.kind, r.text, r.language, r.meta) for r in rows]
    matches = ctx.engine.matrix([job], docs)[0]
    _store_vectors(ctx, [int(r.document_id) for r in rows], docs)
    results = [
        {
            "job_id": job_id,
            "candidate_id": int(m.cv_id),
            "score": m.score,
            "payload": match_to_json(m),
        }
        for m in matches
    ]
    try:
        with ctx.db.begin() as conn:
            insert_matches(conn, results)
            bump_revision(conn, job_id)
    except IntegrityError:
        pass  # another process stored the same results first; theirs are equal


def _store_vectors(ctx: Context, document_ids: list[int], docs: list[Document]) -> None:
    """Embed (with the feedback encoder) and store the documents that have no vector yet."""
    model_id = feedback_model_id(ctx)
    with ctx.db.connect() as conn:
        have = {int(r.document_id) for r in embedding_rows(conn, document_ids, model_id)}
    todo = [(d, doc) for d, doc in zip(document_ids, docs, strict=True) if d not in have]
    if not todo:
        return
    model_id, vectors = ctx.engine.embed([doc for _, doc in todo], ctx.settings.feedback_encoder)
    rows = [
        {
            "document_id": d,
            "model_id": model_id,
            "dim": vectors.shape[1],
            "vector": vector_to_bytes(v),
        }
        for (d, _), v in zip(todo, vectors, strict=True)
    ]
    try:
        with ctx.db.begin() as conn:
            insert_embeddings(conn, rows)
    except IntegrityError:
        pass  # stored meanwhile by another process: same model, same text, same vector


def ensure_vectors(ctx: Context, candidate_ids: list[int]) -> None:
    """Embed candidates that lack a vector of the feedback encoder (e.g. after changing it)."""
    for start in range(0, len(candidate_ids), BATCH):
        with ctx.db.connect() as conn:
            rows = candidate_rows(conn, candidate_ids[start : start + BATCH])
        docs = [document_from_row(str(r.id), r.kind, r.text, r.language, r.meta) for r in rows]
        _store_vectors(ctx, [int(r.document_id) for r in rows], docs)
