"""Add CVs to a job: each file stored once per content hash, linked to the job once.

Duplicates are found by the sha256 of the file bytes. Two requests uploading the same file at
once both try to insert; the unique constraint on ``documents (kind, content_hash)`` lets one
win and the other reads the winner's row, so the CV is stored once (no check-then-insert race).
"""

import hashlib
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from cvmatch.errors import CvmatchError, InvalidInputError
from cvmatch.store.codec import document_meta
from cvmatch.store.job_state import bump_revision
from cvmatch.store.recruiting import (
    candidate_for_document,
    document_id_by_hash,
    insert_document,
    link_candidate,
)
from cvmatch.types import Document, DocumentKind
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.files import parse_upload, safe_name
from cvmatch.workspace.jobs import get_job
from cvmatch.workspace.records import UploadOutcome, User

logger = logging.getLogger(__name__)

UploadFile = tuple[str, bytes | BinaryIO]
"""``(filename, content)`` of one uploaded file; a stream is read up to the size limit only."""


def add_cvs(
    ctx: Context, user: User | None, job_id: int, files: Sequence[UploadFile]
) -> list[UploadOutcome]:
    """Store and attach CVs to a job; one outcome per file, failures included (never dropped)."""
    get_job(ctx, job_id)
    if not files:
        raise InvalidInputError("no files were uploaded")
    if len(files) > ctx.settings.max_upload_files:
        raise InvalidInputError(
            f"{len(files)} files in one request; the limit is {ctx.settings.max_upload_files}"
            " (CVMATCH_MAX_UPLOAD_FILES)"
        )
    outcomes = [_add_or_refuse(ctx, user, job_id, safe_name(name), data) for name, data in files]
    ctx.matrices.pop(job_id, None)
    return outcomes


def _add_or_refuse(
    ctx: Context, user: User | None, job_id: int, filename: str, content: bytes | BinaryIO
) -> UploadOutcome:
    """One file's outcome; a failure refuses this file only (its transaction rolls back)."""
    try:
        return _add_one(ctx, user, job_id, filename, _read(ctx, content))
    except CvmatchError as error:
        logger.warning("upload %s refused: %s", filename, error)
        return UploadOutcome(filename, error=type(error).__name__, message=str(error))
    except Exception as error:  # the other files still go in
        logger.exception("upload %s failed unexpectedly", filename)
        message = f"{filename}: the file could not be stored ({type(error).__name__})"
        return UploadOutcome(filename, error="InternalError", message=message)


def _read(ctx: Context, content: bytes | BinaryIO) -> bytes:
    """The bytes of an upload; a stream stops one byte past the limit (enough to refuse it)."""
    if isinstance(content, bytes):
        return content
    return content.read(ctx.settings.max_file_bytes + 1)


def _add_one(
    ctx: Context, user: User | None, job_id: int, filename: str, content: bytes
) -> UploadOutcome:
    content_hash = hashlib.sha256(content).hexdigest()
    with ctx.db.connect() as conn:
        known = document_id_by_hash(conn, DocumentKind.CV.value, content_hash)
    doc = None if known is not None else parse_upload(ctx, filename, content, DocumentKind.CV)
    with ctx.db.begin() as conn:
        if doc is None:
            document_id, created = int(known or 0), False
        else:
            document_id, created = insert_document(conn, _row(filename, content_hash, content, doc))
        candidate_id = candidate_for_document(conn, document_id, Path(filename).stem)
        linked = link_candidate(conn, job_id, candidate_id)
        bump_revision(conn, job_id)
        detail = {"filename": filename, "content_hash": content_hash, "duplicate": not created}
        audit(conn, user, "cv_uploaded", job_id, candidate_id, detail)
    return UploadOutcome(filename, candidate_id, duplicate=not created, linked=linked)


def _row(filename: str, content_hash: str, content: bytes, doc: Document) -> dict[str, object]:
    return {
        "kind": DocumentKind.CV.value,
        "filename": filename,
        "content_hash": content_hash,
        "content": content,
        "text": doc.text,
        "language": doc.language,
        "meta": document_meta(doc),
    }
