"""Which encoder a plain ``titles`` run uses: by the languages of the titles it compares.

The English MiniLM cannot place German, Spanish or Chinese titles (issue 20). The rule is the
one every method follows (:func:`cvmatch.languages.route_encoder`): English ↔ English keeps the
English default of ``titles`` (a shipped MiniLM fine-tune or the settings' encoder), so English
sets score exactly as before; German, Spanish or French titles (against their own language or
English) go to that language's shipped head made the default of ``titles``: since round 3 of
docs/benchmarks/languages.md, ``e5-use-m3-esco-L``: the cosines of e5-small-q4 + its head of L
and USE-m3 + its head of L, weighted 0.7 / 0.3 since round 4; Chinese titles (against Chinese
or English) go to ``e5-use-m3``, the plain mean of the two encoders' cosines
(docs/benchmarks/chinese.md); Korean, any other language and mixed non-English sets go to the
multilingual encoder, no head.
The languages are the task's when it states one (``und``, as for a task read from files by
``cvmatch eval retrieval``, states none), else each side's is detected on an evenly spaced
sample of its titles (joined, since one title is too short for the detector). A side
whose language is not detected counts as English, as before this rule.
"""

from collections.abc import Mapping, Sequence

from cvmatch.documents.language import UNDETERMINED, detect_language
from cvmatch.languages import ENGLISH, route_encoder

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
    """The encoder of a title set's languages (see the module docstring).

    Args:
        english: The method's English default.
        heads: ``{language: encoder}`` of the shipped heads made the method's default.
        language: The task's language, when it states one (skips detection).
        multilingual: The encoder of languages without a head (``Settings.multilingual_encoder``).
    """

    def __init__(
        self,
        english: str,
        heads: Mapping[str, str],
        language: str = "",
        multilingual: str = "use-m3",
    ) -> None:
        self.english = english
        self.heads = dict(heads)
        self.language = language
        self.multilingual = multilingual

    def languages(self, queries: Sequence[str], corpus: Sequence[str]) -> tuple[str, str]:
        """The languages of the queries and of the corpus (the task's, else detected)."""
        # A task read from files states no language ("und"): detect it, as with none.
        if self.language and self.language != UNDETERMINED:
            return self.language, self.language
        return titles_language(queries), titles_language(corpus)

    def models(self, queries: Sequence[str], corpus: Sequence[str]) -> list[str]:
        """``[encoder]`` of the two sides' languages (undetected counts as English)."""
        first, second = (
            ENGLISH if code == UNDETERMINED else code for code in self.languages(queries, corpus)
        )
        return [route_encoder(first, second, self.english, self.multilingual, self.heads)]
