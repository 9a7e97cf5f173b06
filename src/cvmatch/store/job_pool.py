"""Reads of a job's candidate pool for the ANN first stage: documents and missing vectors."""

import hashlib

from sqlalchemy import Connection, and_, select

from cvmatch.store import schema


def pool_documents(conn: Connection, job_id: int) -> dict[int, int]:
    """Document id → candidate id of every candidate attached to the job."""
    jc, c = schema.job_candidates, schema.candidates
    query = (
        select(c.c.document_id, jc.c.candidate_id)
        .join(c, c.c.id == jc.c.candidate_id)
        .where(jc.c.job_id == job_id)
    )
    return {int(doc): int(cid) for doc, cid in conn.execute(query)}


def pool_fingerprint(conn: Connection, job_id: int) -> str:
    """sha256 of the job's pool content: every (candidate id, document id, content hash).

    Changes when a candidate joins or leaves, even if another takes its place (same size, or
    even the same ids reused after a deletion: the content hash differs).
    """
    jc, c, d = schema.job_candidates, schema.candidates, schema.documents
    query = (
        select(jc.c.candidate_id, c.c.document_id, d.c.content_hash)
        .join(c, c.c.id == jc.c.candidate_id)
        .join(d, d.c.id == c.c.document_id)
        .where(jc.c.job_id == job_id)
        .order_by(jc.c.candidate_id)
    )
    digest = hashlib.sha256()
    for cid, doc, content in conn.execute(query):
        digest.update(f"{int(cid)}:{int(doc)}:{content}\n".encode())
    return digest.hexdigest()


def unembedded_candidates(conn: Connection, job_id: int, model_id: str) -> list[int]:
    """The job's candidates whose document has no ``model_id`` vector yet, ascending."""
    jc, c, e = schema.job_candidates, schema.candidates, schema.embeddings
    query = (
        select(jc.c.candidate_id)
        .join(c, c.c.id == jc.c.candidate_id)
        .outerjoin(e, and_(e.c.document_id == c.c.document_id, e.c.model_id == model_id))
        .where(and_(jc.c.job_id == job_id, e.c.document_id.is_(None)))
        .order_by(jc.c.candidate_id)
    )
    return [int(v) for v in conn.execute(query).scalars()]
