"""Which encoder a plain ``titles`` run uses: by the language of the titles it compares.

The English MiniLM cannot place German or Spanish titles (issue 20). A title set in a language
that has a shipped head (USE-m3 + a linear head per language, docs/benchmarks/languages.md) is
scored with that head: the queries' language first, else the corpus's (German queries against
English titles use the German head, trained with German ↔ English pairs). Every other set keeps
the English default (a shipped MiniLM fine-tune or the settings' encoder), so English sets and
languages without a head score exactly as before. The language is the task's when it states one,
else it is detected on an evenly spaced sample of each side's titles (joined, since one title is
too short for the detector).
"""

from collections.abc import Mapping, Sequence

from cvmatch.documents.language import detect_language

SAMPLE_TITLES = 200
"""Titles per side that the detector reads."""


def sample(texts: Sequence[str], size: int = SAMPLE_TITLES) -> list[str]:
    """At most ``size`` texts, evenly spaced (deterministic)."""
    if len(texts) <= size:
        return list(texts)
    step = len(texts) / size
    return [texts[int(i * step)] for i in range(size)]


def titles_language(texts: Sequence[str]) -> str:
    """The detected language of a set of titles (``und`` for none)."""
    return detect_language(" ; ".join(sample(texts))).code


class LanguageRoute:
    """The head of the titles' language when one is shipped, else the English default.

    Args:
        english: The method's English default.
        heads: ``{language: encoder}`` of the shipped heads made the method's default.
        language: The task's language, when it states one (skips detection).
    """

    def __init__(self, english: str, heads: Mapping[str, str], language: str = "") -> None:
        self.english = english
        self.heads = dict(heads)
        self.language = language

    def languages(self, queries: Sequence[str], corpus: Sequence[str]) -> tuple[str, str]:
        """The languages of the queries and of the corpus (the task's, else detected)."""
        if self.language:
            return self.language, self.language
        return titles_language(queries), titles_language(corpus)

    def models(self, queries: Sequence[str], corpus: Sequence[str]) -> list[str]:
        """``[head]`` of the queries' (else the corpus's) language, else ``[english]``."""
        for language in self.languages(queries, corpus):
            if language in self.heads:
                return [self.heads[language]]
        return [self.english]
