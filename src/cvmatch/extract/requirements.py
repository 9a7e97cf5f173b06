"""A job ad → its requirements: skills, years of experience, degree, languages, certifications.

Importance comes from the section heading ("Requirements" vs "Nice to have") and from the
wording of the line ("ideally", "a plus", "souhaité", "wünschenswert", "deseable" → preferred).
A required line that says "must", "mandatory", "essential", "obligatoire", "zwingend",
"imprescindible" ... is *hard*: a knock-out (docs/scoring.md). Korean and Chinese lines use the
cues, degrees, language names and item splitting of :mod:`cvmatch.extract.vocab_cjk` and
:mod:`cvmatch.extract.items_cjk` ("우대", "필수", "学士", "熟悉…等"). Deterministic, no LLM.
"""

import re
from dataclasses import replace
from typing import Any

import Stemmer

from cvmatch.extract import vocab_cjk
from cvmatch.extract.items import is_aside, label_head, strip_quality, strip_trailing_cue
from cvmatch.extract.items_cjk import cjk_items
from cvmatch.extract.lines import JobLine, requirement_lines
from cvmatch.extract.vocab import (
    CERTIFICATION,
    DEGREE_LEVELS,
    HARD_CUES,
    LANGUAGE_BY_WORD,
    LANGUAGE_CUES,
    LEAD_IN,
    PREFERRED_CUES,
    STOP_ITEM,
)
from cvmatch.extract.years import years_phrases
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.normalise import fold, normalise, tokens
from cvmatch.taxonomy.packaged import weight
from cvmatch.text.scripts import has_cjk
from cvmatch.types import Document, Importance, Requirement, RequirementKind

_SOFT_SPLIT = re.compile(
    r",?\s*\b(?:ideally|preferably|especially|idealement|idealerweise|idealmente|"
    r"de preference|vorzugsweise|preferiblemente)\b\s*",
    re.IGNORECASE,
)
_EXAMPLES = re.compile(
    r"\s*\b(?:such as|e\.g\.|eg\.|for example|for instance|like|including|par exemple|"
    r"notamment|comme|wie z\.\s?b\.|z\.\s?b\.|wie|como|por ejemplo)(?!\w)\s*",
    re.IGNORECASE,
)
_ITEM_SPLIT = re.compile(
    r"\s*(?:[,;:()\[\]]|\betc\b\.?|\s/\s|\band/or\b|\bor\b|\bou\b|\boder\b|&)\s*", re.IGNORECASE
)
_AND = re.compile(r"\s+(?:and|et|und|y)\s+", re.IGNORECASE)
_ENGLISH = Stemmer.Stemmer("english")
_MAX_ITEM_WORDS = 8
_MAX_SKILL_WORDS = 4
"""Longer phrases ("troubleshoot complex infrastructure challenges") are descriptive: kind OTHER."""
_MIN_LETTERS = 2
_CUE_WORDS = re.compile(
    r"\b(?:(?:is|are|would be|will be|serait|est|ist|sind|es|son|sera)\s+)?(?:an?\s+)?"
    + r"(?:"
    + PREFERRED_CUES.pattern
    + r"|"
    + HARD_CUES.pattern
    + r")"
)


def job_requirements(job: Document, gazetteer: Gazetteer) -> tuple[Requirement, ...]:
    """The requirements of a job ad, in ad order, without duplicates."""
    found: list[Requirement] = []
    for line in requirement_lines(job):
        found.extend(_line_requirements(line, gazetteer))
    seen: dict[tuple[str, str], int] = {}
    unique: list[Requirement] = []
    for req in found:
        key = (req.kind.value, normalise(req.text))
        if key in seen:
            continue
        seen[key] = len(unique)
        unique.append(replace(req, transversal=True) if gazetteer.transversal(req.concept) else req)
    return tuple(unique)


def _line_requirements(line: JobLine, gazetteer: Gazetteer) -> list[Requirement]:
    folded = fold(line.text)
    cjk = has_cjk(line.text)
    importance = line.importance
    if (PREFERRED_CUES.search(folded) and not _SOFT_SPLIT.search(line.text)) or (
        cjk and vocab_cjk.PREFERRED.search(line.text)
    ):
        importance = Importance.PREFERRED
    hard = importance is Importance.REQUIRED and bool(
        HARD_CUES.search(folded) or (cjk and vocab_cjk.HARD.search(line.text))
    )
    base = Requirement("", RequirementKind.OTHER, importance, line=line.text, hard=hard)
    phrases = years_phrases(line.text)
    if phrases:
        return [
            _with(
                base,
                p.text,
                RequirementKind.EXPERIENCE,
                years=p.years,
                subject=p.subject,
                concept=subject_concept(p.subject, gazetteer),
            )
            for p in phrases
        ]
    languages = _cjk_languages(line.text) if cjk else _languages(folded)
    if languages:
        return [_with(base, name, RequirementKind.LANGUAGE) for name in languages]
    level = vocab_cjk.degree_level(line.text) if cjk else _degree_level(folded)
    if level:
        return [_with(base, _short(line.text), RequirementKind.EDUCATION, level=level)]
    kind = RequirementKind.CERTIFICATION if CERTIFICATION.search(folded) else RequirementKind.SKILL
    return _skill_items(base, label_head(line.text), kind, gazetteer)


def subject_concept(subject: str, gazetteer: Gazetteer) -> str | None:
    """The most specific taxonomy skill an experience subject names, or None.

    "Cassandra" in "administering Apache Cassandra clusters". Specificity = the mean word weight of the label (:func:`cvmatch.taxonomy.packaged.weight`).
    """
    best: tuple[float, str] | None = None
    for mention in gazetteer.find(subject) if subject else ():
        stems = _ENGLISH.stemWords(normalise(mention.label).split())
        if not stems:
            continue
        specificity = sum(weight(s) for s in stems) / len(stems)
        if best is None or specificity > best[0]:
            best = (specificity, mention.concept_id)
    return best[1] if best else None


def _with(base: Requirement, text: str, kind: RequirementKind, **values: Any) -> Requirement:
    return replace(base, text=text, kind=kind, **values)


def _languages(folded: str) -> list[str]:
    words = [t.norm for t in tokens(folded)]
    names = [LANGUAGE_BY_WORD[w] for w in words if w in LANGUAGE_BY_WORD]
    if not names or not (LANGUAGE_CUES.search(folded) or len(words) <= 3):  # noqa: PLR2004
        return []
    return list(dict.fromkeys(names))


def _cjk_languages(text: str) -> list[str]:
    names = vocab_cjk.language_names(text)
    short = len(cjk_items(text)) <= 1
    return names if names and (vocab_cjk.LANGUAGE_CUES.search(text) or short) else []


def _degree_level(folded: str) -> int:
    for level, pattern in DEGREE_LEVELS:
        if pattern.search(folded):
            return level
    return 0


def _short(text: str) -> str:
    return text.rstrip(" .;") if len(text) <= 80 else text[:79].rstrip() + "…"  # noqa: PLR2004


def _skill_items(
    base: Requirement, text: str, kind: RequirementKind, gazetteer: Gazetteer
) -> list[Requirement]:
    parts = _SOFT_SPLIT.split(text, maxsplit=1)
    result: list[Requirement] = []
    for index, part in enumerate(parts):
        importance = Importance.PREFERRED if index > 0 else base.importance
        for item in _items(part, gazetteer):
            hit = gazetteer.lookup(item)
            descriptive = hit is None and len(item.split()) > _MAX_SKILL_WORDS
            result.append(
                _with(
                    base,
                    item,
                    RequirementKind.OTHER if descriptive else kind,
                    importance=importance,
                    concept=hit.concept_id if hit else None,
                    hard=base.hard and importance is Importance.REQUIRED,
                )
            )
    return result


def _items(text: str, gazetteer: Gazetteer) -> list[str]:
    """Skill phrases of one clause: lead-ins removed, lists split, noise dropped."""
    if has_cjk(text):
        return cjk_items(text)
    body = text.strip().rstrip(".")
    for _ in range(2):
        body = LEAD_IN.sub("", body).strip()
    items: list[str] = []
    chunks = _EXAMPLES.split(body)
    for number, chunk in enumerate(chunks):
        pieces = _ITEM_SPLIT.split(chunk)
        for index, piece in enumerate(pieces):
            if is_aside(piece, first=index == 0, examples=number < len(chunks) - 1):
                continue
            items.extend(_split_and(piece.strip(), gazetteer))
    return [i for i in (_clean(x) for x in items) if i]


def _split_and(piece: str, gazetteer: Gazetteer) -> list[str]:
    """Split "Kafka and Spark" but keep "Written and Oral Communication" whole.

    Split only when every part is a known skill or at least two words long.
    """
    if not _AND.search(piece) or gazetteer.lookup(piece) is not None:
        return [piece]
    parts = _AND.split(piece)
    if all(gazetteer.lookup(p) is not None or len(strip_quality(p).split()) >= 2 for p in parts):  # noqa: PLR2004
        return [p for i, p in enumerate(parts) if i == 0 or not is_aside(p, first=False)]
    return [piece]


def _strip_cues(item: str) -> str:
    """Drop wording cues ("is a plus", "must", "souhaité") from an item, keeping its case."""
    folded = fold(item)
    if len(folded) != len(item):
        return item
    kept, last = [], 0
    for m in _CUE_WORDS.finditer(folded):
        kept.append(item[last : m.start()])
        last = m.end()
    kept.append(item[last:])
    return " ".join("".join(kept).split())


def _clean(item: str) -> str:
    words = strip_quality(
        LEAD_IN.sub("", strip_trailing_cue(_strip_cues(item)).strip(" .-–'\""))
    ).split()
    while words and fold(words[0]) in STOP_ITEM:
        words.pop(0)
    while words and fold(words[-1]) in STOP_ITEM:
        words.pop()
    if not words or len(words) > _MAX_ITEM_WORDS * 2:
        return ""
    if sum(c.isalpha() for c in "".join(words)) < _MIN_LETTERS:
        return ""  # "1609", "5": numbers are not skills
    return " ".join(words)
