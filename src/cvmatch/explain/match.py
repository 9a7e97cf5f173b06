"""The human-readable part of a match: supporting CV lines, matched and missing job terms.

None of it changes the score; evaluation over thousands of pairs skips it.
"""

from collections.abc import Collection
from dataclasses import replace

from cvmatch.explain.reasons import top_lines
from cvmatch.scoring.lexical import lexical_evidence
from cvmatch.scoring.terms import TermProfile
from cvmatch.types import Document, Match


def explained(match: Match, profile: TermProfile, terms: Collection[str], cv: Document) -> Match:
    """``match`` with its reasons (best CV lines) and its matched / missing job terms."""
    evidence = lexical_evidence(profile, terms)
    return replace(
        match,
        reasons=top_lines(profile, cv),
        matched_terms=evidence.matched,
        missing_terms=evidence.missing,
    )
