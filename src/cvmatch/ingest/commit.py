"""Store a batch of prepared files in one transaction, and find what is stored already.

A batch commits whole or not at all: each stored file's document, candidate and vector go in
together, so a run killed mid-way leaves no document without its vector, and a rerun finds each
committed file by its content hash. The unique ``documents (kind, content_hash)`` constraint
settles two runs storing the same file at once (:func:`cvmatch.store.recruiting.insert_document`).
"""

from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import Connection, and_, select

from cvmatch.ingest.feature_rows import PREFIX, chunk_row, insert_chunk_rows
from cvmatch.ingest.records import FileOutcome, Outcome, Prepared
from cvmatch.store import Database
from cvmatch.store.codec import vector_to_bytes
from cvmatch.store.recruiting import (
    candidate_for_document,
    embedding_rows,
    insert_document,
    insert_embeddings,
)
from cvmatch.store.schema import documents, embeddings

_CV = "cv"
_LOOKUP = 500


def stored_hashes(db: Database, hashes: Iterable[str], model_id: str) -> set[str]:
    """The content hashes among ``hashes`` of CVs stored with a ``model_id`` vector."""
    d, e = documents, embeddings
    wanted = sorted(set(hashes))
    found: set[str] = set()
    with db.connect() as conn:
        for start in range(0, len(wanted), _LOOKUP):
            query = (
                select(d.c.content_hash)
                .join(e, and_(e.c.document_id == d.c.id, e.c.model_id == model_id))
                .where(and_(d.c.kind == _CV, d.c.content_hash.in_(wanted[start : start + _LOOKUP])))
            )
            found.update(str(v) for v in conn.execute(query).scalars())
    return found


def _begin_now(db: Database, conn: Connection) -> None:
    """On SQLite, open the driver's transaction now unless the store already did.

    Python's sqlite3 starts a transaction lazily at the first INSERT; a batch that began with
    a SAVEPOINT (``insert_document``'s) would run it in a transaction of its own, committed at
    its RELEASE, and a crash could then leave a document without its vector.
    """
    driver = conn.connection.dbapi_connection
    if db.is_sqlite and not getattr(driver, "in_transaction", True):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def commit_batch(db: Database, batch: Sequence[Prepared]) -> list[FileOutcome]:
    """Store the batch's readable files (one transaction); one outcome per item, in order."""
    outcomes: list[FileOutcome] = []
    with db.begin() as conn:
        _begin_now(db, conn)
        for item in batch:
            if item.row is None or item.vector is None:
                outcomes.append(
                    FileOutcome(item.source, Outcome.REFUSED, None, item.error, item.message)
                )
                continue
            document_id, created = insert_document(conn, item.row)
            candidate_for_document(conn, document_id, Path(str(item.row["filename"])).stem)
            if not embedding_rows(conn, [document_id], item.model_id):
                vector = {
                    "document_id": document_id,
                    "model_id": item.model_id,
                    "dim": int(item.vector.shape[0]),
                    "vector": vector_to_bytes(item.vector),
                }
                insert_embeddings(conn, [vector])
            _store_chunks(conn, document_id, item)
            outcome = Outcome.STORED if created else Outcome.DUPLICATE
            outcomes.append(FileOutcome(item.source, outcome, document_id))
    return outcomes


def _store_chunks(conn: Connection, document_id: int, item: Prepared) -> None:
    """The CV's precomputed chunk vectors, unless a row of that encoder is there already."""
    chunks = item.features.chunks if item.features is not None else None
    if chunks is not None and not embedding_rows(conn, [document_id], PREFIX + chunks.cache_key):
        insert_chunk_rows(conn, [chunk_row(document_id, chunks)])
