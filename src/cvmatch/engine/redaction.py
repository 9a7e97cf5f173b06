"""Blind screening: a CV re-read from its redacted text (issue 22 item 1, docs/audit.md).

The file and the :class:`Document` read from it are never changed; the engine scores a new
document built from :func:`cvmatch.redaction.redact_text` with the same id, source and format.
"""

from dataclasses import replace

from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.redaction import redact_text
from cvmatch.types import Document

__all__ = ["redacted_document"]


def redacted_document(pipeline: MatchPipeline, document: Document) -> Document:
    """``document`` re-parsed from its redacted text, keeping its id, source, format and flags."""
    parsed = pipeline.parse_text(redact_text(document.text).text, document.kind, document.id)
    flags = tuple(dict.fromkeys((*document.flags, *parsed.flags)))
    return replace(
        parsed, source=document.source, format=document.format, pages=document.pages, flags=flags
    )
