"""A CV's job-independent lexical values, computed once (at ingest) and served to the scorer.

Scoring a CV against a job stems the CV on every call that has not seen it in this process:
its key terms in every language (the lexical signal, :func:`cvmatch.scoring.lexical.cv_terms`)
and the stems of each of its lines with the taxonomy labels they mention (the requirement
checks, :func:`cvmatch.scoring.requirements.cv_view`). :func:`cv_lexical` computes both;
ingest stores them, and ranking stored CVs hands them back through :data:`KNOWN` for the
duration of a query (:meth:`KnownCvs.serving`).

A value is only ever used for the exact input it was computed from: terms are looked up by the
CV's text, lines by the text, the CV's language and the taxonomy mentions they were glossed
with, the stems of a dated role's title or context by that text and the CV's language (lines
and roles only when the job is in the CV's language). Stored values carry :func:`version`:
:data:`STEMS_VERSION` (bumped by hand whenever the stems computed here change) and the versions
of the libraries that stem, so values from other code are recomputed, never used. An edit that
leaves the stems unchanged (a refactoring, a speed-up) keeps every stored value valid;
``tests/scoring/test_known_cvs.py`` fails when the stems of a fixed sample change without a
bump.
"""

import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib import metadata

from cvmatch.scoring.cvlines import CvLine, cv_lines, gloss_lines, line_spans, snippet_stems
from cvmatch.scoring.terms import terms_in_every_language
from cvmatch.types import ConceptMention, CvFacts, Document

STEMS_VERSION = 1
"""The stems' version: bump it when :func:`cv_lexical`'s output changes for some input.

Stemming code lives in this module, :mod:`cvmatch.scoring.terms`, :mod:`cvmatch.scoring.cvlines`,
:mod:`cvmatch.text.segment`, :mod:`cvmatch.text.stopwords` and :mod:`cvmatch.text.scripts`.
"""
_STEMMING_PACKAGES = ("PyStemmer", "bm25s", "jieba", "kiwipiepy", "kiwipiepy-model")

LinesKey = tuple[str, str, tuple[ConceptMention, ...]]
"""``(CV text, CV language, taxonomy mentions)``: what a CV's glossed lines depend on."""


@dataclass(frozen=True)
class CvLexical:
    """A CV's key terms (every language) and its lines' stems (its language, glossed)."""

    terms: frozenset[str]
    line_stems: tuple[frozenset[str], ...]
    """One entry per non-empty line of the CV text, in order (:func:`cv_lines`)."""
    period_stems: tuple[tuple[frozenset[str], frozenset[str]], ...] = ()
    """Per dated role of the facts: the stems of its title (or line) and of its context."""


@cache
def version() -> str:
    """The stored stems' key: :data:`STEMS_VERSION` and the stemming libraries' versions."""
    digest = hashlib.sha256(f"stems={STEMS_VERSION}".encode())
    for package in _STEMMING_PACKAGES:
        try:
            digest.update(f"|{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"|{package}=none".encode())
    return digest.hexdigest()[:16]


def cv_lexical(cv: Document, facts: CvFacts) -> CvLexical:
    """The CV's job-independent lexical values, as the scorer computes them."""
    lines = gloss_lines(cv_lines(cv, cv.language), facts, cv.language)
    periods = tuple(
        (
            snippet_stems(cv, period.title or period.line, cv.language),
            snippet_stems(cv, period.context, cv.language),
        )
        for period in facts.periods
    )
    return CvLexical(terms_in_every_language(cv.text), tuple(line.stems for line in lines), periods)


def known_lines(text: str, line_stems: Sequence[frozenset[str]]) -> tuple[CvLine, ...] | None:
    """The lines of ``text`` with the given stems (None when their number does not match)."""
    spans = line_spans(text)
    if len(spans) != len(line_stems):
        return None
    return tuple(
        CvLine(line, start, stems) for (line, start), stems in zip(spans, line_stems, strict=True)
    )


class KnownCvs:
    """Lexical values of the CVs being scored, by the exact input they hold for."""

    def __init__(self) -> None:
        self.terms: dict[str, frozenset[str]] = {}
        self.lines: dict[LinesKey, tuple[CvLine, ...]] = {}
        self.snippets: dict[tuple[str, str], frozenset[str]] = {}
        """``(a role's title or context, CV language)`` → the stems of its lines."""
        self._lock = threading.Lock()
        self._users = 0

    @contextmanager
    def serving(
        self, items: Sequence[tuple[Document, CvFacts | None, CvLexical]]
    ) -> Iterator[None]:
        """Serve these CVs' values while inside (emptied when the last user leaves).

        A CV's lines are served only with the facts they were glossed with (None: the stored
        facts were stale, so the query path computes facts and lines again).
        """
        with self._lock:
            self._users += 1
            for cv, facts, lexical in items:
                self.terms[cv.text] = lexical.terms
                lines = known_lines(cv.text, lexical.line_stems)
                if facts is None:
                    continue
                if lines is not None:
                    self.lines[cv.text, cv.language, facts.concepts] = lines
                if len(lexical.period_stems) == len(facts.periods):
                    for period, (title, context) in zip(
                        facts.periods, lexical.period_stems, strict=True
                    ):
                        self.snippets[period.title or period.line, cv.language] = title
                        self.snippets[period.context, cv.language] = context
        try:
            yield
        finally:
            with self._lock:
                self._users -= 1
                if not self._users:
                    self.terms, self.lines, self.snippets = {}, {}, {}


KNOWN = KnownCvs()
"""Empty unless a stored-CV ranking is running (:meth:`KnownCvs.serving`)."""
