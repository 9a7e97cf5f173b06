"""Which lines of a job ad state requirements, and how important each is (from its heading)."""

import re
from dataclasses import dataclass

from cvmatch.documents.sections import heading_kind, normalise_heading
from cvmatch.extract.vocab import PREFERRED_HEADING, REQUIRED_HEADING, SKIP_HEADING
from cvmatch.types import Document, DocumentKind, Importance, SectionKind

_MAX_HEADING_WORDS = 6
_MAX_BARE_HEADING_WORDS = 3
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)])[.!?]\s+(?=[A-Z])")
"""A sentence break inside a prose line ("… of API. Knowledge in Risk management …")."""
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦‣–]|\d{1,2}[.)])\s+")
_BY_SECTION = {
    SectionKind.REQUIREMENTS: "required",
    SectionKind.SKILLS: "required",
    SectionKind.EDUCATION: "required",
    SectionKind.LANGUAGES: "required",
    SectionKind.CERTIFICATIONS: "required",
    SectionKind.EXPERIENCE: "required",
    SectionKind.PREFERRED: "preferred",
}


@dataclass(frozen=True)
class JobLine:
    """A line of a requirements section, without its bullet, and the section's importance."""

    text: str
    importance: Importance


def _heading_mode(line: str) -> str | None:
    """``required`` / ``preferred`` / ``skip`` when ``line`` is a heading, else None."""
    label = normalise_heading(line)
    if (
        _BULLET.match(line)
        or not label
        or len(label.split()) > _MAX_HEADING_WORDS
        or line.rstrip().endswith(".")
    ):
        return None
    if PREFERRED_HEADING.search(label):
        return "preferred"
    kind = heading_kind(line, DocumentKind.JOB)
    if kind is not None:
        return _BY_SECTION.get(kind, "skip")
    if SKIP_HEADING.search(label):
        return "skip"
    short = len(label.split()) <= _MAX_BARE_HEADING_WORDS
    if REQUIRED_HEADING.search(label) and (line.lstrip().startswith("#") or short):
        return "required"
    return None


def requirement_lines(job: Document) -> list[JobLine]:
    """Lines under requirement-like headings; the whole ad when it has no such heading."""
    found: list[JobLine] = []
    everything: list[JobLine] = []
    mode = "none"
    for raw in job.text.splitlines():
        if not raw.strip():
            continue
        heading = _heading_mode(raw)
        if heading is not None:
            mode = heading
            continue
        text = _BULLET.sub("", raw).strip()
        if not text or text.endswith(":"):
            continue
        importance = Importance.PREFERRED if mode == "preferred" else Importance.REQUIRED
        lines = [JobLine(x.strip(), importance) for x in _SENTENCE_END.split(text) if x.strip()]
        if mode in {"required", "preferred"}:
            found.extend(lines)
        elif mode == "none" or _BULLET.match(raw):
            everything.extend(lines)
    return found or everything
