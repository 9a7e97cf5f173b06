"""Which encoder a plain ``titles`` run uses: by the language of the titles it compares.

English title sets keep the English default (a shipped MiniLM fine-tune or the settings'
encoder), so their scores do not change. A set whose queries or corpus are in another language
goes to the multilingual default: the English MiniLM cannot place German or Chinese titles
(issue 20: on Chinese it reached a third of USE-m3's MAP). The language is the task's when it
says one, else it is detected on an evenly spaced sample of each side's titles (joined, since a
title alone is too short for the detector).
"""

from collections.abc import Sequence

from cvmatch.documents.language import detect_language

SAMPLE_TITLES = 200
"""Titles per side that the detector reads."""

ENGLISH = frozenset({"en", "und"})
"""Codes that keep the English encoder (``und``: nothing to detect, e.g. an empty side)."""


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
    """English encoders for English title sets, the multilingual default for the rest.

    Args:
        english: The encoder of English sets (the method's English default).
        multilingual: The encoder of every other set.
        language: The task's language, when it states one (skips detection).
    """

    def __init__(self, english: str, multilingual: str, language: str = "") -> None:
        self.english = english
        self.multilingual = multilingual
        self.language = language

    def languages(self, queries: Sequence[str], corpus: Sequence[str]) -> set[str]:
        """The languages of both sides (the task's, else detected)."""
        if self.language:
            return {self.language}
        return {titles_language(queries), titles_language(corpus)}

    def models(self, queries: Sequence[str], corpus: Sequence[str]) -> list[str]:
        """``[english]`` when both sides are English, else ``[multilingual]``."""
        if self.languages(queries, corpus) <= ENGLISH:
            return [self.english]
        return [self.multilingual]
