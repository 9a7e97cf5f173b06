"""A CV cut into lines of stemmed key terms, for checking requirements line by line."""

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from cvmatch.scoring.bridge import bridged
from cvmatch.scoring.terms import key_terms
from cvmatch.taxonomy.normalise import fold
from cvmatch.taxonomy.packaged import weight
from cvmatch.types import CvFacts, Document

# Words that say how well, not what: they never decide whether a requirement is met.
_VAGUE = frozenset(
    [
        "proven",
        "practic",
        "daily",
        "fluenci",
        "solid",
        "hand",
        "demonstr",
        "abil",
        "capabl",
        "capabl",
        "understand",
        "familiar",
        "profici",
        "compet",
        "expertis",
        "depth",
        "deep",
        "extens",
        "comprehens",
        "basic",
        "advanc",
        "previous",
        "serv",
        "abl",
        "effect",
        "effici",
        "high",
        "highli",
        "excel",
        "famili",
        "thorough",
        "sound",
        "practic",
        "broad",
        "general",
        "concept",
        "principl",
        "relat",
        "similar",
        "equival",
        "tool",
        "softwar",
        "technolog",
        "system",
        "solut",
        "field",
        "area",
        "concept",
        "techniqu",
        "method",
        "handl",
        "manag",
    ]
)
_GENERIC_FLOOR = frozenset({"manag", "softwar", "system", "solut", "technolog", "tool"})
# The same two kinds of words in French, German and Spanish job ads, as written (stemmed by
# their language's rules): "Pratique éprouvée des sauvegardes" is checked as "sauvegardes".
_VAGUE_WORDS = {
    "fr": """éprouvé éprouvée pratique quotidien quotidienne solide maîtrise approfondi
        approfondie compréhension familiarité capacité expertise avancé avancée excellente
        démontrée""",
    "de": """nachgewiesene praxis täglicher tägliche umgang fundierte solide sicherer sichere
        vertrautheit verständnis tiefgehende fortgeschrittene ausgeprägte fähigkeit""",
    "es": """demostrada práctica diario diaria uso sólidos sólida dominio profundo profunda
        comprensión familiaridad capacidad avanzado avanzada""",
}
_FLOOR_WORDS = {
    "fr": "outil outils logiciel logiciels système systèmes solution solutions gestion",
    "de": "werkzeug werkzeuge software system systeme lösung lösungen verwaltung",
    "es": "herramienta herramientas software sistema sistemas solución soluciones gestión",
}
# Vendors in front of product names: "Apache Kafka" is Kafka. A CV naming another product of
# the vendor ("Apache Cassandra") must not half-meet it, in any language.
_VENDORS = frozenset({"apach", "microsoft", "googl", "amazon", "ibm", "adob", "atlassian"})


LabelNames = Callable[[str, str], Sequence[str]]
"""``(concept id, language)`` → the taxonomy's labels of the concept in that language."""


@dataclass(frozen=True)
class CvLine:
    """One non-empty CV line, its offset in the CV text and its stems (in 1–2 languages)."""

    text: str
    start: int
    stems: frozenset[str]


def cv_lines(cv: Document, job_language: str) -> tuple[CvLine, ...]:
    """The CV's lines; stems use the CV's language and, if different, the job's too.

    Under the job's rules, the CV language's stopwords are still no terms (a Spanish "al" is
    not the English "AL").
    """
    lines: list[CvLine] = []
    for text, start in line_spans(cv.text):
        stems = _stems(text, cv.language)
        if job_language != cv.language:
            stems = stems | _stems(text, job_language, cv.language)
        lines.append(CvLine(text, start, stems))
    return tuple(lines)


def snippet_stems(cv: Document, text: str, job_language: str) -> frozenset[str]:
    """The stems of every line of ``text``, a part of ``cv`` (a role's title or context).

    Across languages they are bridged to the job's words (:func:`bridged`), as the CV's lines
    are.
    """
    lines = cv_lines(replace(cv, text=text, sections=()), job_language)
    stems = frozenset().union(*(x.stems for x in lines)) if lines else frozenset()
    return bridged(stems, cv.language, job_language)


def snippet_labels(
    text: str, facts: CvFacts, language: str, names: LabelNames | None = None
) -> frozenset[str]:
    """The ``language`` stems of the taxonomy labels ``text`` (a part of the CV) names.

    "Datenbankadministrator" names "database administration"; with ``names``, the concepts'
    labels in ``language`` are added too.
    """
    folded = fold(text)
    named = [m for m in facts.concepts if fold(m.surface) in folded]
    labels = {m.label for m in named}
    if names is not None:
        labels.update(x for m in named for x in names(m.concept_id, language))
    return frozenset().union(*(_stems(label, language) for label in labels))


def bridge_lines(
    lines: tuple[CvLine, ...], cv_language: str, job_language: str
) -> tuple[CvLine, ...]:
    """Lines with the job-language names of the labels they name (:func:`bridged`) added."""
    if cv_language == job_language:
        return lines
    return tuple(replace(x, stems=bridged(x.stems, cv_language, job_language)) for x in lines)


def line_spans(text: str) -> list[tuple[str, int]]:
    """Each non-empty line of ``text``, stripped, with the offset of its first character."""
    spans: list[tuple[str, int]] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.strip()
        if line:
            spans.append((line, offset + raw.index(line[0])))
        offset += len(raw)
    return spans


def gloss_lines(
    lines: tuple[CvLine, ...], facts: CvFacts, language: str, names: LabelNames | None = None
) -> tuple[CvLine, ...]:
    """Lines with the ``language`` stems of the taxonomy labels mentioned on them added.

    With ``names`` (across languages), also the stems of the concepts' labels in ``language``
    (ESCO's French labels of a skill an English line names, for a French job).
    """
    if not facts.concepts:
        return lines
    mentions = sorted((m.start, m.label, m.concept_id) for m in facts.concepts)
    starts = [start for start, _, _ in mentions]
    result = []
    for line in lines:
        first = bisect_left(starts, line.start)
        last = bisect_left(starts, line.start + len(line.text))
        found = mentions[first:last]
        labels = {label for _, label, _ in found}
        if names is not None:
            labels.update(x for _, _, concept in found for x in names(concept, language))
        extra = frozenset().union(*(_stems(x, language) for x in labels)) if labels else None
        result.append(replace(line, stems=line.stems | extra) if extra else line)
    return tuple(result)


@lru_cache(maxsize=65536)
def _stems(text: str, language: str, written_in: str = "") -> frozenset[str]:
    """Key-term stems, hyphenated words also as their parts ("problem-sensitivity")."""
    return frozenset(key_terms(text.replace("-", " "), language, written_in)) | frozenset(
        key_terms(text, language, written_in)
    )


def requirement_weights(text: str, language: str) -> dict[str, float]:
    """Stems of a requirement with their specificity weights (vague words removed).

    Words such as "management" or "software" keep a small weight so that a requirement made
    only of them still has something to check. A vendor before a product name is left out
    ("Apache Kafka" is checked as "kafka").
    """
    return dict(_requirement_weights(text, language))


@lru_cache(maxsize=16384)
def _requirement_weights(text: str, language: str) -> tuple[tuple[str, float], ...]:
    """:func:`requirement_weights` as a tuple, memoised: a job's requirements meet every CV."""
    vague, floor = _qualifiers(language)
    stems = [s for s in key_terms(text.replace("-", " "), language) if s not in vague or s in floor]
    if any(s not in _VENDORS for s in stems):
        stems = [s for s in stems if s not in _VENDORS]
    weights = {s: (0.5 if s in floor else weight(s)) for s in stems}
    if not weights:
        weights = {s: weight(s) for s in key_terms(text, language)}
    return tuple(weights.items())


@lru_cache(maxsize=8)
def _qualifiers(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """Vague and floor stems of a language: the English ones and the language's own, if any."""
    if language not in _VAGUE_WORDS:
        return _VAGUE, _GENERIC_FLOOR
    floor = frozenset(key_terms(_FLOOR_WORDS[language], language))
    vague = frozenset(key_terms(_VAGUE_WORDS[language], language))
    return _VAGUE | vague | floor, _GENERIC_FLOOR | floor


def line_coverage(weights: dict[str, float], stems: frozenset[str]) -> float:
    """Weighted share of the requirement's stems present in one line (0–1)."""
    total = sum(weights.values())
    if total == 0:
        return 0.0
    return sum(w for s, w in weights.items() if s in stems) / total
