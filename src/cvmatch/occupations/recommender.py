"""Recommend occupations (or ISCO job families) for CV texts, with evidence and skills gap.

:class:`Recommender` holds one occupation index (one encoder), a lexical index per language and
the ISCO group labels. Scores are the weighted mix of :mod:`cvmatch.occupations.signals`; with
``level="isco4"`` or ``"isco3"`` occupations are grouped by the first 4 or 3 digits of their ISCO
group and a group scores its best occupation.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import numpy as np

from cvmatch.encoders.base import DenseEncoder
from cvmatch.errors import RecommendError
from cvmatch.occupations.ad_signals import AdCharIndex
from cvmatch.occupations.char_cache import cached_label_chars
from cvmatch.occupations.index import OccupationIndex
from cvmatch.occupations.records import OccupationHit, OccupationRecommendation
from cvmatch.occupations.signals import (
    LabelCharIndex,
    LexicalIndex,
    RecommendWeights,
    best_label,
    combine,
    ingredient_scores,
    top_rows,
)
from cvmatch.occupations.skills_gap import closest_ad, evidence_for, shown_skills, skills_gap
from cvmatch.occupations.title_signals import title_scores
from cvmatch.types import Concept

LEVELS = {"occupation": 0, "isco4": 4, "isco3": 3}
"""Recommendation levels and the ISCO digits they group by (0: no grouping)."""


@dataclass(frozen=True)
class CvInput:
    """One text to recommend for, with what extraction found in it."""

    input_id: str
    text: str
    language: str
    """The language labels are shown in (``--lang``, else the CV's)."""
    roles: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    """Titles scored on their own against the labels (most recent role first; empty: the text)."""
    text_language: str = ""
    """The language the text is written in, which the lexical signal reads (empty: ``language``):
    ``--lang`` changes the labels shown, never the scores."""
    skill_words: tuple[str, ...] = ()
    """How the text writes each of ``skills`` (same order; empty: as the label), shown beside the
    label in evidence when labels are not shown in English (:func:`shown_skills`)."""


class _Context(NamedTuple):
    vector: np.ndarray
    role_vectors: np.ndarray
    parts: dict[str, np.ndarray]


@dataclass
class Recommender:
    """Occupation recommendations from one index (see the module docstring)."""

    index: OccupationIndex
    encoder: DenseEncoder
    weights: RecommendWeights = field(default_factory=RecommendWeights)
    isco_groups: dict[str, Concept] = field(default_factory=dict)
    cache_dir: Path | None = None
    """Where the fitted label char TF-IDF is kept (:mod:`cvmatch.occupations.char_cache`);
    None: fitted in memory in every process."""
    _lexical: dict[str, LexicalIndex] = field(default_factory=dict)
    _label_char: list[LabelCharIndex] = field(default_factory=list)
    _ad_char: list[AdCharIndex] = field(default_factory=list)

    def lexical(self, language: str) -> LexicalIndex | None:
        """The TF-IDF index over one texts in ``language`` (built on first use)."""
        if not self.weights.lexical:
            return None
        if language not in self._lexical:
            self._lexical[language] = LexicalIndex(self.index, language)
        return self._lexical[language]

    def label_char(self) -> LabelCharIndex | None:
        """The char TF-IDF index over every label (built on first use when weighted)."""
        return self._label_chars() if self.weights.label_char else None

    def _label_chars(self) -> LabelCharIndex:
        """The char TF-IDF label index, shared by ``label_char`` and ``title_char``."""
        if not self._label_char:
            self._label_char.append(cached_label_chars(self.index, self.cache_dir))
        return self._label_char[0]

    def scores(
        self,
        texts: Sequence[str],
        language: str,
        titles: Sequence[Sequence[str]] | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Query vectors and ``(texts, occupations)`` mixed scores (``titles``: per text)."""
        vectors, parts = self.ingredients(texts, language, titles)
        return vectors, self._combine(parts)

    def _combine(self, parts: dict[str, np.ndarray]) -> np.ndarray:
        return combine(parts, self.weights, [e.isco_group for e in self.index.entries])

    def ingredients(
        self, texts: Sequence[str], language: str, titles: Sequence[Sequence[str]] | None = None
    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Query vectors and every ingredient (``(texts, occupations)`` each), not mixed."""
        vectors = self.encoder.encode(list(texts), role="query")
        lexical, label_char = self.lexical(language), self.label_char()
        parts = ingredient_scores(
            self.index, vectors, texts, lexical, label_char=label_char, ad_char=self._ad_chars()
        )
        if self.weights.title_label or self.weights.title_char:
            chars = self._title_chars()
            parts |= title_scores(
                self.index, self._encode, texts, titles or [[] for _ in texts], chars
            )
        return vectors, parts

    def _ad_chars(self) -> AdCharIndex | None:
        """The char TF-IDF over the imported ads (built on first use; none without ads)."""
        if not self.index.ads_count:
            return None
        if not self._ad_char:
            self._ad_char.append(AdCharIndex(self.index))
        return self._ad_char[0]

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.encoder.encode(texts, role="query")

    def _title_chars(self) -> LabelCharIndex | None:
        return self._label_chars() if self.weights.title_char else None

    def recommend(
        self, cv: CvInput, top: int = 10, level: str = "occupation"
    ) -> OccupationRecommendation:
        """The ``top`` best occupations or groups for ``cv``.

        Raises:
            RecommendError: Unknown level, or an ISCO level without ISCO groups in the
                taxonomy (the packaged list has none: import ESCO).
        """
        if level not in LEVELS:
            raise RecommendError(f"unknown level {level!r}; use one of {', '.join(LEVELS)}")
        if LEVELS[level] and not any(e.isco_group for e in self.index.entries):
            raise RecommendError(
                f"--level {level} needs ISCO groups: import ESCO with "
                "`cvmatch taxonomy import esco PATH` (the packaged list has none)"
            )
        vectors, parts = self.ingredients([cv.text], cv.text_language or cv.language, [cv.titles])
        scores = self._combine(parts)
        role_vectors = (
            self.encoder.encode(list(cv.roles), role="query")
            if cv.roles
            else np.zeros((0, self.encoder.dim), np.float32)
        )
        context = _Context(vectors[0], role_vectors, {k: v[0] for k, v in parts.items()})
        if LEVELS[level]:
            hits = self._groups(cv, scores[0], LEVELS[level], top, context)
        else:
            hits = [
                self._hit(cv, row, float(scores[0][row]), context)
                for row in top_rows(scores[0], top)
            ]
        return OccupationRecommendation(
            cv.input_id, cv.language, level, self.index.model_id, tuple(hits)
        )

    def _hit(self, cv: CvInput, row: int, score: float, context: _Context) -> OccupationHit:
        entry = self.index.entries[row]
        vector, role_vectors, parts = context
        return OccupationHit(
            uri=entry.uri,
            code=entry.code,
            label=entry.label(cv.language),
            language=cv.language
            if any(t.language == cv.language for t in entry.preferred)
            else "en",
            isco_group=entry.isco_group,
            score=round(score, 4),
            signals=tuple((k, round(float(v[row]), 4)) for k, v in parts.items()),
            best_label=best_label(self.index, row, vector),
            evidence=evidence_for(
                self.index,
                row,
                cv.skills,
                (cv.roles, role_vectors),
                shown_skills(cv.skills, cv.skill_words, cv.language),
            )
            + closest_ad(self.index, row, vector),
            missing_skills=skills_gap(cv.text, entry.essential_skills, cv.skills),
        )

    def _groups(
        self,
        cv: CvInput,
        scores: np.ndarray,
        digits: int,
        top: int,
        context: _Context,
    ) -> list[OccupationHit]:
        best: dict[str, int] = {}
        for row in top_rows(scores, len(scores)):
            group = self.index.entries[row].isco_group[:digits]
            if group and group not in best:
                best[group] = row
        hits = []
        for group, row in list(best.items())[:top]:
            member = self._hit(cv, row, float(scores[row]), context)
            concept = self.isco_groups.get(group)
            label = concept.label(cv.language) if concept else f"ISCO {group}"
            members = [e for e in self.index.entries if e.isco_group.startswith(group)]
            hits.append(
                OccupationHit(
                    uri=concept.id if concept else f"isco:{group}",
                    code=group,
                    label=label,
                    language=member.language,
                    isco_group=group,
                    score=member.score,
                    signals=member.signals,
                    best_label=member.label,
                    evidence=(
                        f"occupation: {member.label} ({len(members)} in group)",
                        *member.evidence,
                    ),
                    missing_skills=member.missing_skills,
                )
            )
        return hits
