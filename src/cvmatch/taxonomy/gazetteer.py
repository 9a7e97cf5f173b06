"""Fast skill lookup: normalised label → concept, and a longest-match phrase finder over n-grams.

Layers, first hit wins: our curated aliases (their canonical label is looked up again), the
SQLite taxonomy (imported ESCO and custom skills, indexed), the packaged gazetteer (a dict).
Concepts the packaged gazetteer knows get the id ``skill:<normalised label>``. The phrase finder
never reads a lower-case stopword of English, French, German or Spanish as a skill on its own
(:func:`_function_word`): labels are looked up in every language, so without that rule a French
CV's "les" or "j'ai" named the LESS preprocessor or AI.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cvmatch.taxonomy.aliases import CURATED_ALIASES
from cvmatch.taxonomy.normalise import Token, normalise, tokens
from cvmatch.taxonomy.packaged import gazetteer_names
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.text.stopwords import function_words
from cvmatch.types import ConceptMention

MAX_WORDS = 6
"""Longest label (in words) the phrase finder tries."""


@dataclass(frozen=True)
class Hit:
    """A concept id and its display label."""

    concept_id: str
    label: str


_UNSEEN = object()


@lru_cache(maxsize=65536)
def _is_normal(norm: str) -> bool:
    """Whether ``norm`` (one token's normal form) normalises to itself."""
    return normalise(norm) == norm


@lru_cache(maxsize=1)
def _packaged() -> dict[str, str]:
    return {normalise(name): name for name in gazetteer_names()}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {normalise(k): v for k, v in CURATED_ALIASES.items()}


def _function_word(text: str, word: Token) -> bool:
    """Whether ``word`` is a stopword of EN/FR/DE/ES not written in capitals.

    Such a word is never a skill on its own, in any language: a French "les", "avec" or the
    "ai" of "j'ai" is not the LESS preprocessor, ESCO's "AVEC" (bring your own device) or AI;
    "AI", "IT" or "AVEC" in capitals still are.
    """
    return word.norm in function_words() and not text[word.start : word.end].isupper()


class Gazetteer:
    """Look labels up and find them in texts; deterministic for one set of sources."""

    def __init__(
        self, store: TaxonomyStore | None = None, extra: Sequence[tuple[str, str]] = ()
    ) -> None:
        self._store = store
        self._packaged = _packaged()
        self._aliases = dict(_aliases())
        self._aliases.update({normalise(k): v for k, v in extra})
        self._memo: dict[str, Hit | None] = {}
        self._names: dict[tuple[str, str], tuple[str, ...]] = {}

    def lookup(self, label: str) -> Hit | None:
        """The concept a label names, or None."""
        norm = normalise(label)
        if norm not in self._memo:
            self._memo[norm] = self._resolve(norm)
        return self._memo[norm]

    def _resolve(self, norm: str) -> Hit | None:
        if not norm:
            return None
        canonical = self._aliases.get(norm)
        if canonical is not None:
            target = normalise(canonical)
            return self._direct(target) or Hit(f"skill:{target}", canonical)
        return self._direct(norm)

    def _direct(self, norm: str) -> Hit | None:
        if self._store is not None:
            found = self._store.lookup(norm)
            if found:
                return Hit(*found[0])
        if norm in self._packaged:
            return Hit(f"skill:{norm}", self._packaged[norm])
        return None

    def names(self, concept_id: str, language: str) -> tuple[str, ...]:
        """The imported taxonomy's labels of a concept in ``language`` (none without one).

        ESCO's labels of one skill in several languages: what bridges a French job's
        "sauvegarder des bases de données" and an English CV's "back up databases".
        """
        if self._store is None:
            return ()
        key = (concept_id, language)
        if key not in self._names:
            self._names[key] = tuple(self._store.labels(concept_id, language))
        return self._names[key]

    def transversal(self, concept_id: str | None) -> bool:
        """Whether the imported taxonomy marks the concept transversal (ESCO ``reuseLevel``)."""
        if concept_id is None or self._store is None:
            return False
        return self._store.reuse_level(concept_id) == "transversal"

    def find(self, text: str, max_words: int = MAX_WORDS) -> list[ConceptMention]:
        """Every known label in ``text``, longest match first, left to right, not overlapping.

        >>> [m.label for m in Gazetteer().find("Ran k8s and Apache Cassandra")]  # doctest: +SKIP
        ['Kubernetes', 'Cassandra']
        """
        words = tokens(text)
        # A window of tokens that are their own normal form is its own lookup key: it skips
        # normalise() (a regex pass per n-gram, most of this method's time on long CVs).
        stable = [_is_normal(w.norm) for w in words]
        mentions: list[ConceptMention] = []
        i = 0
        while i < len(words):
            for n in range(min(max_words, len(words) - i), 0, -1):
                key = " ".join(w.norm for w in words[i : i + n])
                hit = self._memo.get(key, _UNSEEN)
                if hit is _UNSEEN:
                    if all(stable[i : i + n]):
                        hit = self._memo[key] = self._resolve(key)
                    else:
                        hit = self.lookup(key)
                if isinstance(hit, Hit) and not (n == 1 and _function_word(text, words[i])):
                    start, end = words[i].start, words[i + n - 1].end
                    mentions.append(
                        ConceptMention(hit.concept_id, hit.label, start, end, text[start:end])
                    )
                    i += n
                    break
            else:
                i += 1
        return mentions
