"""Clean-up of requirement items: "Label: description" lines and words that only say how well.

Job ads often write a skill as a short label followed by a sentence that explains it
("Leadership Skills: Capable of inspiring and guiding a team"). The label is the requirement;
the sentence is read only for the tech names it contains ("Circuit Simulation – Expertise in
PSPICE" → "Circuit Simulation", "PSPICE"). Quality words ("Exceptional", "Strong", "in-depth
understanding") say how well, not what: they are dropped from the ends of items, and an item made
only of them ("Strong understanding", "Hands-on experience") is no requirement.
"""

import re

from cvmatch.taxonomy.normalise import fold

_LABEL = re.compile(r"^\s*(?P<head>[^:–—()]{2,70}?)\s*(?::|\s[–—-]\s)\s*(?P<tail>\S.*)$")
_MAX_LABEL_WORDS = 6
_MIN_SENTENCE_WORDS = 3
_MAX_LIST_ITEM_WORDS = 3
_LIST_SPLIT = re.compile(r"\s*(?:[,;/]|\band\b|\bor\b|&)\s*", re.IGNORECASE)
_LEAD_HEAD = re.compile(
    r"\b(following|should|must|include|includes|including|we need|you need|required|"
    r"requirements?|candidates?|applicants?|ideal|looking)\b"
)
_WORD = re.compile(r"[^\W_][\w+#.\-/]*")

QUALITY_WORDS = frozenset([
    "strong", "excellent", "exceptional", "outstanding", "great", "good", "solid", "sound",
    "robust", "superior", "superb", "exemplary", "remarkable", "impressive", "proven",
    "demonstrated", "demonstrable", "detailed", "deep", "in-depth", "thorough", "extensive",
    "comprehensive", "advanced", "basic", "proficient", "proficiency", "adept", "expert",
    "expertise", "hands-on", "practical", "working", "prior", "previous", "relevant", "high",
    "highly", "very", "level", "understanding", "knowledge", "experience", "experienced",
    "familiarity", "familiar", "competence", "competent", "capability", "capabilities", "ability",
    "abilities", "capable", "skilled", "skills", "skill", "effective", "efficient", "keen",
    "meticulous", "superlative", "significant", "substantial", "sufficient", "broad", "general",
    "overall", "profound",
])  # fmt: skip
_STOP = frozenset(["a", "an", "the", "of", "in", "with", "and", "or", "for", "to", "at", "on"])
_DISCOURSE = frozenset([
    "furthermore", "moreover", "additionally", "also", "besides", "however", "thus", "so",
    "instance", "example", "would", "be", "is", "are",
])  # fmt: skip
"""Words that link sentences: an item made only of them ("Furthermore") is no requirement."""


def label_head(text: str) -> str:
    """The label of a "Label: explanation" line, plus the tech names of the explanation.

    >>> label_head("Leadership Skills: Capable of inspiring and guiding a team to achieve goals.")
    'Leadership Skills'
    >>> label_head("Solid-State Devices – From MOSFETs to IGBTs, in high-power designs")
    'Solid-State Devices, MOSFETs, IGBTs'
    >>> label_head("Databases: MySQL, PostgreSQL, Oracle")
    'Databases: MySQL, PostgreSQL, Oracle'
    """
    match = _LABEL.match(text)
    if match is None:
        return text
    head, tail = match["head"].strip(), match["tail"].strip()
    if len(head.split()) > _MAX_LABEL_WORDS or not _is_sentence(tail):
        return text
    if _LEAD_HEAD.search(fold(head)):
        return tail  # "Applicants should possess the following skills: …"
    names = [w.rstrip(".") for w in _WORD.findall(tail) if is_name(w.rstrip("."))]
    return ", ".join([head, *dict.fromkeys(names)])


def _is_sentence(tail: str) -> bool:
    """A prose explanation, not a list of short items ("MySQL, PostgreSQL, Oracle")."""
    if len(tail.split()) < _MIN_SENTENCE_WORDS:
        return False
    items = [x for x in _LIST_SPLIT.split(tail.rstrip(".")) if x.strip()]
    return any(len(x.split()) > _MAX_LIST_ITEM_WORDS for x in items)


def is_name(word: str) -> bool:
    """A tech name written as one: "PSPICE", "MOSFETs", "iOS", "C++", "S3" (not "From").

    >>> [w for w in ["PSPICE", "MOSFETs", "From", "C++", "S3", "a", "I"] if is_name(w)]
    ['PSPICE', 'MOSFETs', 'C++', 'S3']
    """
    letters = [c for c in word if c.isalpha()]
    if len(word) < 2 or not letters:  # noqa: PLR2004
        return False
    inner_upper = any(c.isupper() for c in word[1:])
    marks = any(c in "+#" for c in word) or (any(c.isdigit() for c in word) and word[0].isupper())
    return inner_upper or marks


def strip_quality(item: str) -> str:
    """``item`` without quality words at its start or end; "" when nothing else is left.

    >>> strip_quality("Exceptional active listening")
    'active listening'
    >>> strip_quality("Strong understanding")
    ''
    """
    words = item.split()
    while words and (_plain(words[0]) in QUALITY_WORDS or _plain(words[0]) in _STOP):
        words.pop(0)
    while words and _plain(words[-1]) in _STOP:
        words.pop()
    if all(
        _plain(w) in QUALITY_WORDS or _plain(w) in _STOP or _plain(w) in _DISCOURSE for w in words
    ):
        return ""
    return " ".join(words)


_ASIDE_START = frozenset([
    "a", "an", "the", "ensuring", "ensure", "to", "used", "namely", "furthermore", "which",
    "that", "when", "while", "where", "so", "by", "making", "whose", "thus", "hence", "therefore",
])  # fmt: skip
GENERIC_NOUNS = frozenset([
    "concepts", "concept", "tools", "systems", "technologies", "methods", "methodologies",
    "techniques", "platforms", "environments", "environment", "frameworks", "areas", "area",
    "fields", "field", "topics", "principles", "procedures", "practices", "processes", "devices",
    "applications", "solutions", "aspects", "matters", "issues", "things",
])  # fmt: skip


def is_aside(piece: str, *, first: bool, examples: bool = False) -> bool:
    """A piece of a list that explains rather than names a skill.

    An appositive or purpose clause after a comma ("SAS, a statistical analysis system";
    "…, ensuring the optimal operation"), or a generic noun that only introduces examples
    ("concepts such as FFT").
    """
    words = [_plain(w) for w in piece.split()]
    if not words:
        return True
    if not first and words[0] in _ASIDE_START:
        return True
    return examples and all(w in GENERIC_NOUNS or w in QUALITY_WORDS for w in words)


_TRAILING_CUE = re.compile(
    r"(?:^|\s+)(?:is|are|would\s+be)\s+(?:also\s+|highly\s+)?(?:pivotal|necessary|required|"
    r"essential|crucial|important|key|needed|vital|a\s+must|imperative|compulsory|mandatory|"
    r"appreciated|valued|a\s+plus)\b.*$",
    re.IGNORECASE,
)


def strip_trailing_cue(item: str) -> str:
    """``item`` without a closing "is also pivotal to the role" / "is required".

    >>> strip_trailing_cue("realization of Win32 applications is also pivotal to the role")
    'realization of Win32 applications'
    """
    return _TRAILING_CUE.sub("", item)


def _plain(word: str) -> str:
    return fold(word).strip(".,;:'\"()")
