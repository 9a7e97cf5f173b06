"""Pick the CV lines that best show why a CV fits a job (lexical evidence, cheap and exact)."""

from cvmatch.scoring.terms import TermProfile, key_terms
from cvmatch.types import Document

MAX_REASONS = 3
MAX_REASON_CHARS = 160
_MIN_LINE_WORDS = 3


def top_lines(profile: TermProfile, cv: Document, limit: int = MAX_REASONS) -> tuple[str, ...]:
    """Return up to ``limit`` CV lines holding the heaviest job terms, best first.

    A line's weight is the sum of the weights of the distinct job terms it contains; ties keep
    document order. Lines are cut to ``MAX_REASON_CHARS`` characters.
    """
    scored: list[tuple[float, int, str]] = []
    for position, line in enumerate(cv.text.splitlines()):
        stripped = line.strip(" -•*\t")
        if len(stripped.split()) < _MIN_LINE_WORDS:
            continue
        terms = key_terms(stripped, cv.language)
        weight = sum(profile.weights.get(term, 0.0) for term in terms)
        if weight > 0:
            scored.append((weight, position, stripped))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return tuple(_clip(text) for _, _, text in scored[:limit])


def _clip(text: str) -> str:
    if len(text) <= MAX_REASON_CHARS:
        return text
    return text[: MAX_REASON_CHARS - 1].rstrip() + "…"
