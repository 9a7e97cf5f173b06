"""A job's stored matches run through its trained stages (the per-job ``--rerank``/``--ranker``).

The first stage is scored once and stored (:mod:`cvmatch.workspace.scoring`); a job whose
settings name trained models gets them applied by :meth:`cvmatch.engine.Engine.apply_stages`,
the code path of ``cvmatch rank --rerank … --ranker …``, over its stored matches and CV texts.
The result replaces the matrix's scores (what stars and learning then blend) and carries each
candidate's staged match (its ``stages`` say which model moved it, and by how much). It is
kept per job while the stored matches and the stages are unchanged, so a star does not re-run
a cross-encoder.
"""

import numpy as np
from sqlalchemy import Connection

from cvmatch.engine import Stages
from cvmatch.store.codec import document_from_row, match_from_json
from cvmatch.store.recruiting import candidate_rows, match_payloads
from cvmatch.types import Document, Match
from cvmatch.workspace.context import Context, JobMatrix
from cvmatch.workspace.jobs import job_document

_CHUNK = 1000
"""Rows read per query (bounded SQL parameters)."""


def staged_matrix(
    ctx: Context, conn: Connection, job_id: int, matrix: JobMatrix, stages: Stages
) -> JobMatrix:
    """``matrix`` with the scores after ``stages`` (itself when no stage is set)."""
    if not stages.active or not len(matrix.ids):
        return matrix
    key = (len(matrix.ids), stages)
    cached = ctx.staged.get(job_id)
    if cached is not None and cached[0] == key:
        return cached[1]
    ids = [int(cid) for cid in matrix.ids]
    matches, docs = _stored(conn, job_id, ids)
    ranking = ctx.engine.apply_stages(job_document(ctx, job_id), docs, matches, stages)
    by_id = {int(m.cv_id): m for m in ranking.matches}
    scores = np.array([by_id[cid].score for cid in ids], dtype=np.float64)
    staged = JobMatrix(matrix.ids, scores, matrix.vectors, matrix.records, by_id)
    ctx.staged[job_id] = (key, staged)
    return staged


def _stored(conn: Connection, job_id: int, ids: list[int]) -> tuple[list[Match], list[Document]]:
    """The stored first-stage matches and the CV documents of ``ids``."""
    matches: list[Match] = []
    docs: list[Document] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        payloads = match_payloads(conn, job_id, chunk)
        matches.extend(match_from_json(payloads[cid]) for cid in chunk)
        docs.extend(
            document_from_row(str(r.id), r.kind, r.text, r.language, r.meta)
            for r in candidate_rows(conn, chunk)
        )
    return matches, docs
