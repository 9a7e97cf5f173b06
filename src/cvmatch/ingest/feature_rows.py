"""Precomputed CV features in the store: facts in ``documents.meta``, chunk vectors in ``embeddings``.

No new table, no migration: a CV's facts go into its ``meta`` JSON under ``"facts"`` (with the
key they hold for), its stems under ``"lexical"`` (with the stemming code's fingerprint), and
its chunk vectors into one ``embeddings`` row per encoder whose model id
is ``"chunks:" + <the encoder's cache key>``. That row's blob is the chunks' sha256 digests
(32 bytes each) followed by their float32 vectors; ``dim`` is the vector size. The ANN index,
the star re-ranking and the pgvector column only ever read their own model id, so these rows
are invisible to them (on PostgreSQL their ``embedding`` column stays NULL).
"""

from collections.abc import Iterable
from typing import Any

import numpy as np
from sqlalchemy import Connection, and_, insert, select

from cvmatch.ingest.features import ChunkVectors, CvFeatures, facts_from_json, facts_to_json
from cvmatch.scoring.known_cvs import CvLexical, version
from cvmatch.store.schema import embeddings
from cvmatch.types import CvFacts

PREFIX = "chunks:"
"""Model ids of the chunk-vector rows start with this."""
_DIGEST = 32


def facts_meta(features: CvFeatures) -> dict[str, Any]:
    """The ``meta["facts"]`` value of a CV."""
    return {"key": features.facts_key, "value": facts_to_json(features.facts)}


def features_meta(features: CvFeatures) -> dict[str, Any]:
    """What a CV's ``meta`` holds of its features: facts, and stems when computed."""
    meta = {"facts": facts_meta(features)}
    if features.lexical is not None:
        meta["lexical"] = lexical_meta(features.lexical, version())
    return meta


def stored_facts(meta: dict[str, Any], key: str) -> CvFacts | None:
    """The facts kept in a CV's ``meta`` if they were computed under ``key``, else None."""
    saved = meta.get("facts")
    if not isinstance(saved, dict) or saved.get("key") != key:
        return None
    return facts_from_json(saved["value"])


def lexical_meta(lexical: CvLexical, key: str) -> dict[str, Any]:
    """The ``meta["lexical"]`` value of a CV: terms and per-line stems, sorted."""
    return {
        "key": key,
        "terms": sorted(lexical.terms),
        "lines": [sorted(stems) for stems in lexical.line_stems],
        "periods": [[sorted(title), sorted(context)] for title, context in lexical.period_stems],
    }


def stored_lexical(meta: dict[str, Any], key: str) -> CvLexical | None:
    """The stems kept in a CV's ``meta`` if computed by the code ``key`` names, else None."""
    saved = meta.get("lexical")
    if not isinstance(saved, dict) or saved.get("key") != key:
        return None
    return CvLexical(
        frozenset(str(t) for t in saved["terms"]),
        tuple(frozenset(str(t) for t in line) for line in saved["lines"]),
        tuple((frozenset(title), frozenset(context)) for title, context in saved["periods"]),
    )


def chunk_row(document_id: int, chunks: ChunkVectors) -> dict[str, Any]:
    """The ``embeddings`` row holding one CV's chunk vectors."""
    digests = b"".join(bytes.fromhex(k) for k in chunks.keys)
    matrix = np.ascontiguousarray(chunks.vectors, dtype="<f4")
    return {
        "document_id": document_id,
        "model_id": PREFIX + chunks.cache_key,
        "dim": int(matrix.shape[1]),
        "vector": digests + matrix.tobytes(),
    }


def insert_chunk_rows(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert chunk-vector rows (blob only: no pgvector value on PostgreSQL)."""
    if rows:
        conn.execute(insert(embeddings), rows)


def _decode(blob: bytes, dim: int) -> tuple[list[str], np.ndarray]:
    count = len(blob) // (_DIGEST + 4 * dim)
    digests = blob[: count * _DIGEST].hex()  # one conversion, then cut: 64 hex digits a key
    keys = [digests[i : i + 2 * _DIGEST] for i in range(0, len(digests), 2 * _DIGEST)]
    matrix = np.frombuffer(blob, dtype="<f4", offset=count * _DIGEST).reshape(count, dim)
    return keys, matrix.astype(np.float32)


def chunk_vectors(
    conn: Connection, document_ids: Iterable[int], cache_keys: Iterable[str]
) -> dict[tuple[str, str], np.ndarray]:
    """``{(cache key, chunk sha256): vector}`` stored for these CVs and encoders."""
    ids = sorted({int(i) for i in document_ids})
    models = sorted({PREFIX + k for k in cache_keys})
    found: dict[tuple[str, str], np.ndarray] = {}
    e = embeddings
    for start in range(0, len(ids), 1000):
        query = select(e.c.model_id, e.c.dim, e.c.vector).where(
            and_(e.c.document_id.in_(ids[start : start + 1000]), e.c.model_id.in_(models))
        )
        for row in conn.execute(query):
            cache_key = str(row.model_id)[len(PREFIX) :]
            keys, matrix = _decode(bytes(row.vector), int(row.dim))
            found.update({(cache_key, k): v for k, v in zip(keys, matrix, strict=True)})
    return found
