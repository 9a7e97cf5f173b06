"""Normalise noisy job titles (vacancy titles, CV role lines) before matching them to occupations.

Deterministic, word lists only (EN/FR/DE/ES). :func:`normalise_title` removes, in this order:

1. bracketed parts: ``"Nurse (m/f/d)"``, ``"Marketing Assistant (Cason Group)"``, ``"[Remote]"``;
2. what follows a separator ``|``, `` - ``, ``–``, ``—``, `` / `` or ``@``: salary, codes,
   locations and company names usually come there (``"Promoter @ Aeon Mall"``,
   ``"Chef - London - £25k"``); the first part that keeps a word is the title;
3. gender markers without brackets (``m/w/d``, ``h/f``, ``f/h``, ``m/f``, ``Lehrer/in``,
   ``Lehrer*in``, ``abogado/a``);
4. salary and codes: currency amounts, ``25k``, ``Ref 123``, bare numbers, tokens with three
   or more digits (``"3D"`` and ``"C-V2X"`` stay);
5. seniority, contract and hiring words (``senior``, ``junior``, ``intern``, ``full time``,
   ``CDI``, ``Vollzeit``, ``jornada completa``, ``urgent``, ``wanted`` …, :data:`NOISE_PHRASES`);
6. a trailing `` in <Capitalised Place>`` (``"Nurse in London"``; not ``"therapist in TCM"``).

Words that are part of ESCO labels are kept: ``head``, ``chief``, ``lead``, ``assistant``,
``team`` (team leader), ``stage`` (stage manager), ``programme``, ``staff``, ``contract``,
``shift``, ``job`` (job coach), ``benefits``, ``remote``; commas and `` at `` do not cut a title
("agriculture, forestry and fishery vocational teacher", "supervisor at paper mill"). The word
lists were checked against the 33,412 English ESCO v1.2 labels: apart from the seniority words and
bracketed specialisations, about a hundred labels change. When nothing is left the stripped input is returned, so the function
never turns a title into an empty query. Applied to queries only, never to the taxonomy's labels.
"""

import re

NOISE_PHRASES: dict[str, tuple[str, ...]] = {
    "en": ("senior", "sr", "junior", "jr", "experienced", "entry level", "entry-level",
           "mid level", "mid-level", "graduate", "intern", "internship", "full time",
           "full-time", "fulltime", "part time", "part-time", "temporary", "temp", "freelance",
           "immediate start", "urgent", "urgently", "required", "needed", "wanted", "hiring",
           "we are hiring", "vacancy", "vacancies", "position", "opening", "apply now",
           "per hour", "per annum", "doe", "ote"),
    "fr": ("confirmé", "confirmée", "débutant", "débutante", "stagiaire",
           "alternance", "alternant", "cdi", "cdd", "intérim", "temps plein",
           "temps partiel", "h/f", "f/h", "urgent", "poste", "offre"),
    "de": ("erfahren", "erfahrene", "erfahrener", "praktikum", "praktikant", "werkstudent",
           "minijob", "vollzeit", "teilzeit", "unbefristet", "befristet", "m/w/d", "w/m/d",
           "m/w/x", "d/m/w", "ab sofort", "gesucht", "stelle", "festanstellung"),
    "es": ("jornada completa", "media jornada", "tiempo completo", "medio tiempo",
           "indefinido", "temporal", "prácticas", "practicas", "becario", "becaria",
           "urgente", "se busca", "se necesita", "vacante", "puesto"),
}  # fmt: skip
"""Phrases removed wherever they stand (whole words, case-insensitive), per language."""

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_SEPARATORS = re.compile(r"\s*[|–—]\s*|\s+-+\s*|\s*-+\s+|\s+/\s+|\s*@\s*")
_GENDER = re.compile(
    r"(?<![\w/])(?:[mwfhdx]\s*/\s*[mwfhdx](?:\s*/\s*[mwfhdx])?)(?![\w/])"
    r"|(?<=\w)(?:/|\*|:|_)(?:in|innen|a|e)\b",
    re.IGNORECASE,
)
_SALARY = re.compile(
    r"[£$€¥₹]\s*\d[\d.,]*\s*k?\+?|\b\d[\d.,]*\s*(?:k|eur|usd|gbp|rm)\b\+?"
    r"|\b(?:ref|req|id|job\s*id|code)\b\.?\s*[:#]?\s*\S*\d\S*|#\s*\S+"
    r"|(?<!\S)\d+(?!\S)|\b\S*\d\S*\d\S*\d\S*\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\s+in\s+(?:[A-Z][a-z][\w.'-]*\s*)+$")
_PHRASES = re.compile(
    r"(?<![\w/])(?:"
    + "|".join(
        re.escape(p)
        for p in sorted({p for ps in NOISE_PHRASES.values() for p in ps}, key=len, reverse=True)
    )
    + r")\.?(?![\w/])",
    re.IGNORECASE,
)
_EDGES = " \t.,;:-–—|/&+*!?'\"·•"


def _clean(part: str) -> str:
    part = _PLACE.sub("", part)
    part = _GENDER.sub(" ", part)
    part = _SALARY.sub(" ", part)
    part = _PHRASES.sub(" ", part)
    part = re.sub(r"\s+", " ", part)
    return part.strip(_EDGES)


def normalise_title(title: str) -> str:
    """The occupation words of a noisy title (see the module docstring); never empty for a title.

    >>> normalise_title("Senior Software Engineer (m/f/d) - Berlin | 60k")
    'Software Engineer'
    >>> normalise_title("PROMOTER @ AEON SHAH ALAM")
    'PROMOTER'
    >>> normalise_title("Krankenpfleger/in Vollzeit")
    'Krankenpfleger'
    """
    stripped = " ".join(title.split())
    text = _BRACKETS.sub(" ", _BRACKETS.sub(" ", stripped))
    for part in _SEPARATORS.split(text):
        cleaned = _clean(part)
        if re.search(r"[^\W\d_]{2,}", cleaned):
            return cleaned
    return stripped


_ROLE_PATTERNS = (
    re.compile(r"\b(?:as|en tant que|als|como)\s+(?:an?|the|un|une|el|la|ein|eine)?\s*"
               r"(?P<role>[^,.;:()]{2,60}?)\s*(?:,|;|\.|\bfor\b|\bat\b|\bin\b|\bwith\b|$)",
               re.IGNORECASE),
    re.compile(r"\bI\s+(?:was|am|have been|served as|worked as|work as)\s+(?:an?|the)\s+"
               r"(?P<role>[^,.;:()]{2,60}?)\s*(?:,|;|\.|\bfor\b|\bat\b|\bin\b|\bwith\b|$)",
               re.IGNORECASE),
)  # fmt: skip
_ROLE_MAX_WORDS = 8


def role_phrases(text: str, sentences: int = 2) -> tuple[str, ...]:
    """Role titles a CV summary states in its first sentences, in order of appearance.

    ``"As a Senior GBV Officer, I oversaw …"`` → ``("Senior GBV Officer",)``; ``"I was a
    Project Field Officer for VIS …"`` → ``("Project Field Officer",)``. Phrases longer than
    eight words are not titles and are skipped.

    >>> role_phrases("As a Senior GBV Officer, I oversaw the camps.")
    ('Senior GBV Officer',)
    """
    head = " ".join(re.split(r"(?<=[.!?])\s+", text.strip())[:sentences])
    found: list[tuple[int, str]] = []
    for pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(head):
            role = match.group("role").strip()
            if role and len(role.split()) <= _ROLE_MAX_WORDS:
                found.append((match.start(), role))
    return tuple(dict.fromkeys(role for _, role in sorted(found)))


def leading_title(text: str, max_words: int = 12) -> str:
    """A job ad's title: the first sentence of its first non-empty line, if short enough.

    ``""`` when neither has at most ``max_words`` words (no title is then assumed).

    >>> leading_title("Chemistry Teacher. We are looking for a teacher to join our school.")
    'Chemistry Teacher'
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    sentence = re.split(r"(?<=[.!?:])\s+", lines[0], maxsplit=1)[0].rstrip(".:")
    return sentence if len(sentence.split()) <= max_words else ""
