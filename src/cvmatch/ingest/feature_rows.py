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

_LEXICAL_FORMAT = 2
"""How ``meta["lexical"]`` is laid out (part of its key: another layout is never read)."""
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
        meta["lexical"] = lexical_meta(features.lexical, lexical_key())
    return meta


def stored_facts(meta: dict[str, Any], key: str) -> CvFacts | None:
    """The facts kept in a CV's ``meta`` if they were computed under ``key``, else None."""
    saved = meta.get("facts")
    if not isinstance(saved, dict) or saved.get("key") != key:
        return None
    return facts_from_json(saved["value"])


def lexical_key() -> str:
    """The key stored stems must hold: their layout and the stemming code's fingerprint."""
    return f"{_LEXICAL_FORMAT}:{version()}"


def lexical_meta(lexical: CvLexical, key: str) -> dict[str, Any]:
    """The ``meta["lexical"]`` value of a CV: terms, per-line and per-role stems.

    Each set is one string of its sorted stems joined by spaces (a stem never holds one), so
    reading a CV back decodes a few strings, not hundreds.
    """
    return {
        "key": key,
        "terms": _joined(lexical.terms),
        "lines": [_joined(stems) for stems in lexical.line_stems],
        "periods": [[_joined(title), _joined(context)] for title, context in lexical.period_stems],
    }


def _joined(stems: frozenset[str]) -> str:
    return " ".join(sorted(stems))


def _split(joined: str) -> frozenset[str]:
    return frozenset(joined.split())


def stored_lexical(meta: dict[str, Any], key: str) -> CvLexical | None:
    """The stems kept in a CV's ``meta`` if computed by the code ``key`` names, else None."""
    saved = meta.get("lexical")
    if not isinstance(saved, dict) or saved.get("key") != key:
        return None
    return CvLexical(
        _split(saved["terms"]),
        tuple(_split(line) for line in saved["lines"]),
        tuple((_split(title), _split(context)) for title, context in saved["periods"]),
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
