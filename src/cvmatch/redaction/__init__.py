"""Redaction of personal data: one public module for the LLM layer and for audits (issue 22).

* :mod:`~cvmatch.redaction.patterns`: the compiled rules, one per kind of personal data;
* :mod:`~cvmatch.redaction.spans`: :func:`redact_text` masks a CV before blind scoring and
  :func:`find_spans` says where (the audit probe and the precision/recall bench use it);
* :mod:`~cvmatch.redaction.lines`: :func:`redact_lines`, the lighter line-by-line masking of
  what the optional LLM re-reader sends off the machine.

The package depends on nothing but the standard library, so every stage may use it.
"""

from cvmatch.redaction.lines import redact_lines
from cvmatch.redaction.spans import Entity, Redacted, Span, find_spans, person_name, redact_text

__all__ = [
    "Entity",
    "Redacted",
    "Span",
    "find_spans",
    "person_name",
    "redact_lines",
    "redact_text",
]
