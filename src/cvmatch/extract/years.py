"""Years-of-experience phrases in EN/FR/DE/ES.

Handles "at least 4 years as a systems administrator", "5+ years of Java", "3 ans d'expérience
en administration", "5 Jahre Erfahrung als DBA", "4 años como DBA"; Korean and Chinese phrases
("경력 5년 이상", "5年以上工作经验") come from :mod:`cvmatch.extract.years_cjk`.
"""

import re
from dataclasses import dataclass

from cvmatch.extract.vocab import NUMBER_WORDS, YEARS
from cvmatch.extract.years_cjk import cjk_years
from cvmatch.taxonomy.normalise import fold
from cvmatch.text.scripts import has_cjk

_LEAD = re.compile(
    r"^(?:['’]s?\s*)?(?:of\s+|d['’]\s*|de\s+)?(?:(?:hands-on|professional|relevant|proven|solid|"
    r"practical|industry|work|working|commercial|full-time|seasoned|total|overall|broad|significant|direct|previous|prior)\s+)*"
    r"(?:experience|experiences|erfahrung|berufserfahrung|experiencia|expérience|experience)?\s*"
    r"(?:(?:working|serving|employed|using)\s+)?"
    r"(?:as\s+an?|as|in\s+the\s+(?:role|position|field)\s+of(?:\s+an?)?|in\s+a\s+role\s+as|"
    r"in\s+an?|in|with|of|on|at|als|in\s+der|im|mit|comme|en\s+tant\s+que|en|dans|como|en\s+el|"
    r"con|de)?\s+",
    re.IGNORECASE,
)
_CUT = re.compile(
    r"\s*(?:\bor\b|\band/or\b|\balongside\b|\bincluding\b|\bpreferably\b|\bideally\b|"
    r"\bwith\s+a\s+focus\b|\bwhich\b|\bwhere\b|\bis\b|\bare\b|\bproviding\b|\bhandling\b|\bou\b|\boder\b|"
    r"\bo\b|[,;:()]|(?<!\bJr)(?<!\bSr)(?<!\.[A-Za-z])\.(?=\s|$)|\s-\s|$)",
    re.IGNORECASE,
)
_GENERIC_SUBJECT = re.compile(
    r"^(?:a\s+)?(?:similar|related|comparable|equivalent|relevant|professional|the\s+industry|"
    r"the\s+field|this\s+field|it|total|overall|experience|work|a\s+similar\s+role|"
    r"similar\s+roles?|a\s+related\s+field)?\s*(?:role|roles|position|positions|field|capacity)?$",
    re.IGNORECASE,
)

_GENERIC_WORDS = frozenset([
    "a", "an", "the", "in", "of", "as", "at", "for", "it", "this", "that", "same", "such", "any",
    "similar", "related", "comparable", "equivalent", "relevant", "professional", "industry",
    "field", "role", "roles", "position", "positions", "capacity", "job", "jobs", "work",
    "experience", "experiences", "total", "overall", "minimum", "minimal", "required",
    "requirement", "period", "undefined", "direct", "practical", "previous", "prior", "jr", "sr",
    "senior", "junior", "level", "time", "full"
])  # fmt: skip
"""A subject made only of these words says nothing beyond "experience" ("5 years minimum
required", "a minimum two year period", "in an undefined role", "in a Jr[.]")."""


def _generic(subject: str) -> bool:
    words = re.findall(r"[a-z]+", fold(subject).lower())
    return bool(_GENERIC_SUBJECT.match(subject)) or all(w in _GENERIC_WORDS for w in words)


@dataclass(frozen=True)
class YearsPhrase:
    """A number of years and what they are of ("" = experience overall)."""

    years: float
    subject: str
    text: str


def _number(value: str) -> float:
    folded = fold(value)
    if folded in NUMBER_WORDS:
        return float(NUMBER_WORDS[folded])
    return float(folded.replace(",", "."))


def years_phrases(line: str) -> list[YearsPhrase]:
    """Every "N years (of/as) X" in ``line``, with X cut at the next clause.

    >>> [(p.years, p.subject) for p in years_phrases("At least 4 years as a systems administrator.")]
    [(4.0, 'systems administrator')]
    >>> [(p.years, p.subject) for p in years_phrases("5+ years of Java, 2 years of Go")]
    [(5.0, 'Java'), (2.0, 'Go')]
    """
    if has_cjk(line):
        return [_phrase(years, subject) for years, subject in cjk_years(line)]
    folded = fold(line)  # same length as line for Latin scripts: spans stay valid
    if len(folded) != len(line):
        folded = line.lower()
    matches = list(YEARS.finditer(folded))
    found = []
    for i, m in enumerate(matches):
        stop = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        rest = _LEAD.sub("", line[m.end() : stop].strip() + " ", count=1)
        subject = _CUT.split(rest.strip(), maxsplit=1)[0].strip()
        # "en tant qu'administrateur": the lead-in's "en" goes, the elided "tant qu'" too.
        subject = re.sub(
            r"^(?:(?:an?|the)\s+|tant\s+qu(?:e\s+|['’]\s*))", "", subject, flags=re.IGNORECASE
        )
        if _generic(subject) or len(subject.split()) > 8:  # noqa: PLR2004
            subject = "" if _generic(subject) else " ".join(subject.split()[:8])
        found.append(_phrase(_number(m["num"]), subject))
    return found


def _phrase(years: float, subject: str) -> YearsPhrase:
    unit = "year" if years == 1 else "years"
    text = f"{years:g}+ {unit}: {subject}" if subject else f"{years:g}+ {unit} of experience"
    return YearsPhrase(years, subject, text)
