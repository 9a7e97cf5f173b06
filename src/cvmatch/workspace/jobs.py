"""Jobs: created from text or a file, stored with their document, read back as records."""

import hashlib
from pathlib import Path

from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.store.codec import document_from_row, document_meta
from cvmatch.store.people import iso
from cvmatch.store.recruiting import (
    count_candidates,
    insert_document,
    insert_job,
    job_row,
    job_rows,
)
from cvmatch.types import Document, DocumentKind
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.files import parse_upload, safe_name
from cvmatch.workspace.records import JobRecord, User

_MAX_TITLE = 500


def create_job(ctx: Context, user: User | None, title: str, text: str) -> JobRecord:
    """Create a job from its text."""
    if not text.strip():
        raise InvalidInputError("the job text is empty")
    doc = ctx.engine.parse_text(text, DocumentKind.JOB, doc_id=title or None)
    return _store_job(ctx, user, title, doc, ("job.txt", text.encode("utf-8")))


def create_job_from_file(
    ctx: Context, user: User | None, title: str, filename: str, content: bytes
) -> JobRecord:
    """Create a job from an uploaded file (any format cvmatch reads)."""
    name = safe_name(filename)
    doc = parse_upload(ctx, name, content, DocumentKind.JOB)
    return _store_job(ctx, user, title or Path(name).stem, doc, (name, content))


def _store_job(
    ctx: Context, user: User | None, title: str, doc: Document, file: tuple[str, bytes]
) -> JobRecord:
    title = (title or doc.text.strip().splitlines()[0]).strip()[:_MAX_TITLE]
    row = {
        "kind": DocumentKind.JOB.value,
        "filename": Path(file[0]).name,
        "content_hash": hashlib.sha256(file[1]).hexdigest(),
        "content": file[1],
        "text": doc.text,
        "language": doc.language,
        "meta": document_meta(doc),
    }
    with ctx.db.begin() as conn:
        document_id, _ = insert_document(conn, row)
        job_id = insert_job(conn, title, document_id, user.id if user else None)
        audit(conn, user, "job_created", job_id, detail={"title": title})
    return get_job(ctx, job_id)


def get_job(ctx: Context, job_id: int) -> JobRecord:
    """One job; :class:`NotFoundError` when it does not exist."""
    with ctx.db.connect() as conn:
        row = job_row(conn, job_id)
        count = count_candidates(conn, job_id)
    if row is None:
        raise NotFoundError(f"no job with id {job_id}")
    return JobRecord(row.id, row.title, row.text, row.language, iso(row.created_at), count)


def list_jobs(ctx: Context) -> list[JobRecord]:
    """Every job, newest first (without their text)."""
    with ctx.db.connect() as conn:
        rows = job_rows(conn)
    return [JobRecord(r.id, r.title, "", "", iso(r.created_at), int(r.candidates)) for r in rows]


def job_document(ctx: Context, job_id: int) -> Document:
    """The stored job as a :class:`Document` for the engine."""
    with ctx.db.connect() as conn:
        row = job_row(conn, job_id)
    if row is None:
        raise NotFoundError(f"no job with id {job_id}")
    return document_from_row(f"job-{job_id}", row.kind, row.text, row.language, row.meta)
