"""Reads of a job's candidate pool for the ANN first stage: documents and missing vectors."""

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
