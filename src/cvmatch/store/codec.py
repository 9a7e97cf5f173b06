"""Documents, matches and vectors to and from the JSON / bytes columns of the store."""

from dataclasses import asdict, fields
from typing import Any

import numpy as np

from cvmatch.types import (
    Document,
    DocumentKind,
    Evidence,
    EvidenceStatus,
    Flag,
    Importance,
    Match,
    Requirement,
    RequirementKind,
    Section,
    SectionKind,
    Signals,
)


def document_meta(doc: Document) -> dict[str, Any]:
    """What the ``documents.meta`` column keeps beside the text (sections, flags, format ...)."""
    return {
        "id": doc.id,
        "language_confidence": doc.language_confidence,
        "format": doc.format,
        "pages": doc.pages,
        "flags": [f.value for f in doc.flags],
        "source": doc.source,
        "hidden_text": doc.hidden_text,
        "sections": [
            {"kind": s.kind.value, "heading": s.heading, "start": s.start, "end": s.end}
            for s in doc.sections
        ],
    }


def document_from_row(
    doc_id: str, kind: str, text: str, language: str, meta: dict[str, Any]
) -> Document:
    """Rebuild the :class:`Document` that was stored (its id replaced by ``doc_id``)."""
    sections = tuple(
        Section(
            SectionKind(s["kind"]), s["heading"], text[s["start"] : s["end"]], s["start"], s["end"]
        )
        for s in meta.get("sections", [])
    )
    return Document(
        id=doc_id,
        kind=DocumentKind(kind),
        text=text,
        language=language,
        language_confidence=float(meta.get("language_confidence", 1.0)),
        sections=sections,
        flags=tuple(Flag(f) for f in meta.get("flags", [])),
        source=meta.get("source"),
        format=str(meta.get("format", "text")),
        pages=meta.get("pages"),
        hidden_text=str(meta.get("hidden_text", "")),
    )


def match_to_json(match: Match) -> dict[str, Any]:
    """Every field of a :class:`Match` as JSON (tuples become lists; new fields come along)."""
    return asdict(match)


def match_from_json(data: dict[str, Any]) -> Match:
    """Rebuild a :class:`Match` from :func:`match_to_json` (unknown keys are ignored)."""
    known = {f.name for f in fields(Match)}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            continue
        if key == "signals":
            values[key] = Signals(**value)
        elif key == "evidence":
            values[key] = tuple(_evidence_from_json(item) for item in value)
        elif key == "flags":
            values[key] = tuple(Flag(f) for f in value)
        elif isinstance(value, list):
            values[key] = tuple(value)
        else:
            values[key] = value
    return Match(**values)


def _evidence_from_json(data: dict[str, Any]) -> Evidence:
    """Rebuild one :class:`Evidence` (and its :class:`Requirement`) from its ``asdict`` form."""
    req = dict(data["requirement"])
    req["kind"] = RequirementKind(req["kind"])
    req["importance"] = Importance(req["importance"])
    values = dict(data)
    values["requirement"] = Requirement(**req)
    values["status"] = EvidenceStatus(values["status"])
    return Evidence(**values)


def vector_to_bytes(vector: np.ndarray) -> bytes:
    """A float32 little-endian blob."""
    return np.asarray(vector, dtype="<f4").tobytes()


def vectors_from_bytes(blobs: list[bytes], dim: int) -> np.ndarray:
    """Stack blobs of ``dim`` float32 values into an ``(n, dim)`` matrix."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype="<f4").reshape(len(blobs), dim)
    return matrix.astype(np.float32)
