"""Redaction of personal data in a CV before it is scored (issue 22 item 1).

A lean rule set (:mod:`cvmatch.redaction.patterns`) plus the CV's own name: the first non-empty
line when it reads as a person's name (as :mod:`cvmatch.redaction.lines` does) or a labelled
"Name:" line, then that name and each of its words wherever they appear. Every match becomes a
:class:`Span`; overlapping spans merge, and each is replaced by ``[entity]``. The original text
is never changed: callers get a new string.

>>> redact_text("Ada Lovelace\\nada@example.org · +44 20 7946 0958\\nShe led the team.").text
'[name]\\n[email] · [phone]\\n[pronoun] led the team.'
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from cvmatch.redaction import patterns

__all__ = ["Entity", "Redacted", "Span", "find_spans", "person_name", "redact_text"]


class Entity(StrEnum):
    """A kind of personal data."""

    NAME = "name"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    ADDRESS = "address"
    BIRTH = "birth"  # dates of birth and ages
    PRONOUN = "pronoun"  # gendered pronouns and titles
    PERSONAL = "personal"  # nationality, marital status, gender, religion lines
    PHOTO = "photo"


@dataclass(frozen=True, order=True)
class Span:
    """Characters ``start:end`` of a text hold personal data of kind ``entity``."""

    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class Redacted:
    """A redacted text and the spans of the original that were masked."""

    text: str
    spans: tuple[Span, ...]


_RULES: tuple[tuple[Entity, re.Pattern[str]], ...] = (
    (Entity.EMAIL, patterns.EMAIL),
    (Entity.URL, patterns.URL),
    (Entity.PHOTO, patterns.PHOTO),
    (Entity.BIRTH, patterns.BIRTH),
    (Entity.PERSONAL, patterns.PERSONAL_LINE),
    (Entity.ADDRESS, patterns.ADDRESS),
    (Entity.ADDRESS, patterns.ADDRESS_AFTER),
    (Entity.ADDRESS, patterns.COMPOUND_STREET),
    (Entity.ADDRESS, patterns.POSTCODE),
    (Entity.ADDRESS, patterns.FLAT),
    (Entity.PRONOUN, patterns.TITLE),
    (Entity.PRONOUN, patterns.PRONOUN),
)
_CJK_NAME = re.compile(r"^[\u4e00-\u9fff\uac00-\ud7af]{2,4}$")  # "王伟", "김민수"
_PARTICLES = frozenset({"de", "la", "del", "da", "di", "van", "von", "der", "le", "du", "y"})
_MIN_NAME_WORDS, _MAX_NAME_WORDS = 2, 4


def find_spans(text: str) -> tuple[Span, ...]:
    """The personal data in ``text``, as sorted, non-overlapping spans."""
    found = [
        Span(m.start(), m.end(), entity)
        for entity, pattern in _RULES
        for m in pattern.finditer(text)
        if m.group().strip()
    ]
    found += [Span(m.start(), m.end(), Entity.PHONE) for m in _phones(text)]
    found += _name_spans(text)
    return _merged(found)


def redact_text(text: str) -> Redacted:
    """``text`` with every span of :func:`find_spans` replaced by ``[entity]``."""
    spans = find_spans(text)
    parts: list[str] = []
    position = 0
    for span in spans:
        parts += [text[position : span.start], f"[{span.entity}]"]
        position = span.end
    parts.append(text[position:])
    return Redacted("".join(parts), spans)


def _phones(text: str) -> Iterable[re.Match[str]]:
    """Phone-shaped digit runs with 7+ digits that do not read as date ranges."""
    for found in patterns.PHONE.finditer(text):
        groups = re.findall(r"\d+", found.group())
        if sum(map(len, groups)) < patterns.PHONE_DIGITS or patterns.reads_as_dates(groups):
            continue
        if not patterns.CURRENCY.match(text, found.end()):
            yield found


def _name_spans(text: str) -> list[Span]:
    """The CV's name and each of its words wherever they stand as whole words."""
    name = person_name(text)
    if not name:
        return []
    words = [w for w in name.split() if w.lower() not in _PARTICLES and len(w) > 1]
    alternatives = sorted({name, *words}, key=len, reverse=True)
    body = r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)"
    pattern = re.compile(body, re.IGNORECASE)  # "JONAS WEBER" heads a CV that says "Weber"
    return [Span(m.start(), m.end(), Entity.NAME) for m in pattern.finditer(text)]


def person_name(text: str) -> str:
    """The CV owner's name: a labelled "Name:" line, else the first line when it reads as one."""
    labelled = patterns.NAME_LABEL.search(text)
    if labelled and _reads_as_name(labelled.group("name").strip()):
        return labelled.group("name").strip()
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = patterns.CV_HEADING.sub("", first.lstrip("#* ").rstrip("* ")).strip()
    return first if _reads_as_name(first) or _CJK_NAME.match(first) else ""


def _reads_as_name(line: str) -> bool:
    """2–4 capitalised words (particles aside), no digits, not all capitals unless short."""
    words = [w for w in line.replace(",", " ").split() if w.lower() not in _PARTICLES]
    if not _MIN_NAME_WORDS <= len(words) <= _MAX_NAME_WORDS or any(c.isdigit() for c in line):
        return False
    return all(patterns.NAME_WORD.match(w.capitalize() if w.isupper() else w) for w in words)


def _merged(spans: list[Span]) -> tuple[Span, ...]:
    """Overlapping spans joined; the first (earliest, then longest) span's entity wins."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            merged[-1] = Span(last.start, max(last.end, span.end), last.entity)
        else:
            merged.append(span)
    return tuple(merged)
