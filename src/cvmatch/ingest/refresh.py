"""Bring stored CVs' precomputed facts and stems up to date without ingesting them again.

A store ingested by older code (no stems yet), under another reference month or taxonomy file
(stale facts) or by other stemming code (stale stems) still ranks exactly: the query path
computes what is missing. :func:`refresh_features` computes it once instead, from the stored
text, and writes it into each CV's ``meta`` (:mod:`cvmatch.ingest.feature_rows`), so the next
rankings are cold-fast again. Chunk vectors are not touched (they follow the encoder's model
id, and a missing one is embedded on the query path as before).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select, update

from cvmatch.extract.extractor import DocumentExtractor
from cvmatch.ingest.feature_rows import (
    facts_meta,
    lexical_key,
    lexical_meta,
    stored_facts,
    stored_lexical,
)
from cvmatch.ingest.features import CvFeatures
from cvmatch.scoring.known_cvs import cv_lexical
from cvmatch.store import Database
from cvmatch.store.codec import document_from_row
from cvmatch.store.schema import documents

BATCH = 200
"""CVs read and updated per transaction."""


@dataclass(frozen=True)
class RefreshReport:
    """How many stored CVs were checked and how many had their features recomputed."""

    checked: int
    refreshed: int


def refresh_features(
    db: Database,
    extractor: DocumentExtractor,
    key: str,
    on_progress: Callable[[int, int], None] | None = None,
) -> RefreshReport:
    """Recompute the facts and stems of every stored CV whose stored ones are missing or stale.

    Args:
        db: The store.
        extractor: The engine's extractor (its reference month and taxonomy make the facts).
        key: What the facts must be valid for (:func:`~cvmatch.ingest.features.facts_key`).
        on_progress: Called with (CVs checked, CVs in the store) after each batch.
    """
    with db.connect() as conn:
        ids = [int(i) for i in conn.execute(_cv_ids()).scalars()]
    refreshed = 0
    for start in range(0, len(ids), BATCH):
        with db.begin() as conn:
            refreshed += _refresh(conn, ids[start : start + BATCH], extractor, key)
        if on_progress is not None:
            on_progress(min(start + BATCH, len(ids)), len(ids))
    return RefreshReport(len(ids), refreshed)


def _cv_ids() -> Any:
    d = documents
    return select(d.c.id).where(d.c.kind == "cv").order_by(d.c.id)


def _refresh(conn: Connection, ids: list[int], extractor: DocumentExtractor, key: str) -> int:
    d = documents
    rows = conn.execute(
        select(d.c.id, d.c.kind, d.c.text, d.c.language, d.c.meta).where(d.c.id.in_(ids))
    ).all()
    stems = lexical_key()
    done = 0
    for row in rows:
        meta = dict(row.meta)
        if stored_facts(meta, key) is not None and stored_lexical(meta, stems) is not None:
            continue
        doc = document_from_row(str(row.id), row.kind, row.text, row.language, meta)
        facts = extractor.facts(doc)
        meta["facts"] = facts_meta(CvFeatures(key, facts, None))
        meta["lexical"] = lexical_meta(cv_lexical(doc, facts), stems)
        conn.execute(update(d).where(d.c.id == row.id).values(meta=meta))
        done += 1
    return done
