"""Key terms of a text: tokens minus stopwords and generic CV/job words, stemmed per language.

Stopword lists come from bm25s and stemmers from PyStemmer (Snowball), so FR/DE/ES text is
handled with its own rules. Korean and Chinese words are cut by a real segmenter
(:mod:`cvmatch.text.segment`) whatever the document's language, so a Korean line's
"Cassandra와" is the term ``cassandra`` and a Chinese "熟悉Linux" gives ``linux``.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import Stemmer
from bm25s import stopwords as bm25s_stopwords

from cvmatch.text.scripts import has_cjk
from cvmatch.text.segment import split_token
from cvmatch.text.stopwords import CJK_GENERIC

_STEMMERS = {"en": "english", "fr": "french", "de": "german", "es": "spanish"}
STEMMED_LANGUAGES = tuple(_STEMMERS)
"""Languages with their own stemmer and stopwords (any other text is stemmed as English)."""
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(bm25s_stopwords.STOPWORDS_EN_PLUS),
    "fr": frozenset(bm25s_stopwords.STOPWORDS_FRENCH),
    "de": frozenset(bm25s_stopwords.STOPWORDS_GERMAN),
    "es": frozenset(bm25s_stopwords.STOPWORDS_SPANISH),
}
# Words every CV or job ad uses; they say nothing about fit, so they never count as key terms.
_GENERIC = frozenset(
    [
        "experience",
        "experienced",
        "years",
        "year",
        "months",
        "work",
        "working",
        "worked",
        "team",
        "teams",
        "role",
        "roles",
        "responsibilities",
        "responsible",
        "requirements",
        "required",
        "skills",
        "skill",
        "ability",
        "strong",
        "good",
        "excellent",
        "knowledge",
        "company",
        "candidate",
        "candidates",
        "job",
        "position",
        "environment",
        "including",
        "new",
        "well",
        "plus",
        "nice",
        "must",
        "preferred",
        "looking",
        "join",
        "us",
        "our",
        "you",
        "your",
        "we",
        "will",
        "within",
        "across",
        "etc",
        "present",
        "current",
        "today",
        "also",
        "using",
        "use",
        "used",
        "based",
        "degree",
        "level",
        "senior",
        "junior",
        "expérience",
        "années",
        "ans",
        "équipe",
        "poste",
        "compétences",
        "connaissance",
        "connaissances",
        "bonne",
        "bonnes",
        "erfahrung",
        "jahre",
        "jahren",
        "team",
        "kenntnisse",
        "gute",
        "sehr",
        "experiencia",
        "años",
        "equipo",
        "conocimientos",
        "buen",
        "buena",
        # Korean and Chinese words of the same kind (CV and job-ad boilerplate).
        *CJK_GENERIC,
    ]
)
_TOKEN = re.compile(r"[^\W_][\w+#]*(?:[.\-][\w+#]+)*", re.UNICODE)


@dataclass(frozen=True)
class TermProfile:
    """Stemmed key terms with their weights and one surface form each (for display)."""

    weights: dict[str, float]
    surface: dict[str, str]


@lru_cache(maxsize=8)
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS.get(language, "english"))


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens that keep tech names whole.

    >>> tokenize("Node.js, C++ and CI/CD at AT&T")
    ['node.js', 'c++', 'and', 'ci', 'cd', 'at', 'at', 't']
    >>> tokenize("Apache Cassandra와 클러스터를")
    ['apache', 'cassandra', '클러스터']
    """
    found = [t.lower() for t in _TOKEN.findall(text)]
    if not has_cjk(text):
        return found
    return [word for token in found for word in (split_token(token) if has_cjk(token) else [token])]


def key_terms(text: str, language: str, written_in: str = "") -> Counter[str]:
    """Count the stemmed key terms of ``text`` and remember nothing else.

    ``written_in`` names the language the text is written in when it is stemmed by another's
    rules: its stopwords are left out too, so a Spanish "al" or the "ai" of a French "j'ai"
    is never an English term (AL, AI).
    """
    return Counter(stem for stem, _ in _stemmed(text, language, written_in))


def terms_in_every_language(text: str) -> frozenset[str]:
    """The key-term stems of ``text`` under every supported stemmer (tokenised once).

    Same stems as the union of :func:`key_terms` over :data:`STEMMED_LANGUAGES`.
    """
    unique = {t for t in tokenize(text) if len(t) > 1 and not t.isdigit() and t not in _GENERIC}
    found: set[str] = set()
    for language in STEMMED_LANGUAGES:
        stop = _STOPWORDS[language]
        found.update(_stemmer(language).stemWords([t for t in unique if t not in stop]))
    return frozenset(found)


def term_profile(text: str, language: str) -> TermProfile:
    """Weight each key term by 1 + ln(count) (sublinear, like TF-IDF's sublinear tf)."""
    counts: Counter[str] = Counter()
    surface: dict[str, str] = {}
    for stem, token in _stemmed(text, language):
        counts[stem] += 1
        surface.setdefault(stem, token)
    weights = {stem: 1.0 + math.log(n) for stem, n in counts.items()}
    return TermProfile(weights=weights, surface=surface)


@lru_cache(maxsize=32)
def _stopwords(language: str, written_in: str) -> frozenset[str]:
    """Stopwords of ``language`` and of ``written_in`` (English's for a language without a list)."""
    stop = _STOPWORDS.get(language, _STOPWORDS["en"])
    return stop | _STOPWORDS.get(written_in, frozenset())


@lru_cache(maxsize=65536)
def _stemmed(text: str, language: str, written_in: str = "") -> tuple[tuple[str, str], ...]:
    """(stem, token) pairs of the key terms; memoised (CV lines are stemmed on every rank)."""
    stop = _stopwords(language, written_in)
    tokens = [
        t
        for t in tokenize(text)
        if len(t) > 1 and not t.isdigit() and t not in stop and t not in _GENERIC
    ]
    stems = _stemmer(language).stemWords(tokens)
    return tuple(zip(stems, tokens, strict=True))
