"""Stable JSON/CSV shapes of results: a public interface (documented in docs/output.md).

Bump the ``schema`` version when a field changes meaning or disappears; adding fields is fine.
"""

import csv
import io
from dataclasses import asdict
from typing import Any

from cvmatch.types import Document, Evidence, EvidenceStatus, Match, Ranking

RANKING_SCHEMA = "cvmatch.ranking/1"
MATCH_SCHEMA = "cvmatch.match/1"
DOCUMENT_SCHEMA = "cvmatch.document/1"
SCORE_SCALE = (
    "0-100: calibrated (Platt) combination of requirement coverage, dense and lexical signals; "
    "reads as about score% of comparable pairs being matches (docs/scoring.md); capped at the "
    "knockout cap when a must-have requirement is missing; equal inputs give equal scores"
)
CSV_COLUMNS = (
    "rank",
    "id",
    "score",
    "dense",
    "dense_raw",
    "lexical",
    "language",
    "source",
    "matched_terms",
    "missing_terms",
    "reasons",
    "flags",
)


def document_summary(doc: Document) -> dict[str, Any]:
    """The short description of a document embedded in results."""
    return {"id": doc.id, "kind": doc.kind.value, "source": doc.source, "language": doc.language}


def document_to_dict(doc: Document) -> dict[str, Any]:
    """Everything ``cvmatch parse`` shows about a document."""
    return {
        "schema": DOCUMENT_SCHEMA,
        **document_summary(doc),
        "language_confidence": doc.language_confidence,
        "format": doc.format,
        "pages": doc.pages,
        "flags": [f.value for f in doc.flags],
        "content_hash": doc.content_hash,
        "sections": [
            {
                "kind": s.kind.value,
                "heading": s.heading,
                "start": s.start,
                "end": s.end,
                "text": s.text,
            }
            for s in doc.sections
        ],
        "text": doc.text,
        "hidden_text": doc.hidden_text,
    }


def match_to_dict(match: Match) -> dict[str, Any]:
    """One pair's score, signals and evidence (and ``stages`` when a trained stage ran)."""
    out = {
        "job_id": match.job_id,
        "cv_id": match.cv_id,
        "score": match.score,
        "signals": asdict(match.signals),
        "reasons": list(match.reasons),
        "matched_terms": list(match.matched_terms),
        "missing_terms": list(match.missing_terms),
        "flags": [f.value for f in match.flags],
        "knockout": match.knockout,
        "requirements": [evidence_to_dict(e) for e in match.evidence],
        "missing_requirements": [
            e.requirement.text for e in match.evidence if e.status is EvidenceStatus.MISSING
        ],
        "not_assessed_requirements": [
            e.requirement.text for e in match.evidence if e.status is EvidenceStatus.NOT_ASSESSED
        ],
    }
    if match.stages:  # only with --rerank / --ranker: the default output stays as it was
        out["stages"] = [asdict(effect) for effect in match.stages]
    return out


def evidence_to_dict(item: Evidence) -> dict[str, Any]:
    """One requirement with its status and the CV evidence (docs/output.md)."""
    req = item.requirement
    return {
        "text": req.text,
        "kind": req.kind.value,
        "importance": req.importance.value,
        "hard": req.hard,
        "concept": req.concept,
        "job_line": req.line,
        "status": item.status.value,
        "value": item.value,
        "cv_span": item.cv_span,
        "start": item.start,
        "end": item.end,
        "signals": {"lexical": item.lexical, "dense": item.dense},
        "found_years": item.found_years,
        "required_years": item.required_years,
        "note": item.note,
    }


def ranking_to_dict(
    ranking: Ranking, query: Document, others: dict[str, Document], skipped: list[dict[str, str]]
) -> dict[str, Any]:
    """A ranking with its query document, one entry per ranked document, and skipped files."""
    results = []
    for rank, match in enumerate(ranking.matches, start=1):
        other_id = match.cv_id if query.kind.value == "job" else match.job_id
        other = others[other_id]
        results.append(
            {"rank": rank, "id": other_id, "source": other.source, "language": other.language}
            | match_to_dict(match)
        )
    return {
        "schema": RANKING_SCHEMA,
        "query": document_summary(query),
        "scale": SCORE_SCALE,
        "results": results,
        "skipped": skipped,
    }


def ranking_to_csv(payload: dict[str, Any]) -> str:
    """Flatten a ranking payload (from :func:`ranking_to_dict`) to CSV; lists joined by '; '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in payload["results"]:
        signals = row["signals"]
        writer.writerow(
            [
                row["rank"],
                row["id"],
                row["score"],
                signals["dense"],
                signals["dense_raw"],
                signals["lexical"],
                row["language"],
                row["source"] or "",
                "; ".join(row["matched_terms"]),
                "; ".join(row["missing_terms"]),
                " | ".join(row["reasons"]),
                "; ".join(row["flags"]),
            ]
        )
    return buffer.getvalue()
