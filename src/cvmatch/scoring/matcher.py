"""Requirement-level matching for the engine.

Requirements per job, facts per CV, evidence and the calibrated score per pair. One instance
per engine (it caches the taxonomy lookups).
"""

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from cvmatch.errors import InvalidInputError
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.requirements import job_requirements
from cvmatch.scoring.calibration import Calibration, load_calibration
from cvmatch.scoring.coverage import (
    ScoreWeights,
    coverage,
    experience_signal,
    final_score,
    pair_weights,
)
from cvmatch.scoring.evidence import (
    Encode,
    Overrides,
    apply_overrides,
    dense_texts,
    pair_evidence,
)
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import CvFacts, Document, Evidence, Requirement, Signals

V = TypeVar("V")


MAX_MEMO = 4096
"""Entries per memo table (jobs, CVs, pairs); the oldest goes first."""


def _remember(table: dict[Hashable, V], key: Hashable, value: V) -> None:
    if len(table) >= MAX_MEMO:
        table.pop(next(iter(table)))
    table[key] = value


def reference_year(value: str | None, today: dt.date | None = None) -> float:
    """``YYYY-MM`` (or None = this month) as a decimal year.

    >>> reference_year("2024-07")
    2024.5
    """
    if value is None:
        day = today or dt.datetime.now(dt.UTC).date()
        return round(day.year + (day.month - 1) / 12, 4)
    try:
        year, month = (int(x) for x in value.split("-")[:2])
    except ValueError:
        raise InvalidInputError(f"reference_date must be YYYY-MM, got {value!r}") from None
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise InvalidInputError(f"reference_date must be YYYY-MM, got {value!r}")
    return round(year + (month - 1) / 12, 4)


@dataclass(frozen=True)
class PairResult:
    """Evidence, signals with coverage, score and knock-out of one pair."""

    evidence: tuple[Evidence, ...]
    signals: Signals
    score: float
    knockout: bool


class RequirementMatcher:
    """Extract once per document, then score pairs."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        weights: ScoreWeights,
        reference: float,
        calibration: Calibration | None = None,
        *,
        soft_not_assessed: bool = False,
    ) -> None:
        self.gazetteer = gazetteer
        self.soft_not_assessed = soft_not_assessed
        self.weights = weights
        self.reference = reference
        self.calibration = calibration or load_calibration()
        # Bounded memo tables (pure functions of the text): re-ranking is fast, memory flat.
        self._requirements: dict[Hashable, tuple[Requirement, ...]] = {}
        self._facts: dict[Hashable, CvFacts] = {}
        self._evidence: dict[Hashable, tuple[Evidence, ...]] = {}

    def requirements(
        self, job: Document, overrides: Overrides | None = None
    ) -> tuple[Requirement, ...]:
        """The job's requirements after the recruiter's must-have / ignore choices."""
        key = (job.text, job.language, overrides)
        if key not in self._requirements:
            found = job_requirements(job, self.gazetteer)
            found = apply_overrides(found, overrides, self.gazetteer) if overrides else found
            _remember(self._requirements, key, found)
        return self._requirements[key]

    def facts(self, cv: Document) -> CvFacts:
        """What the CV states."""
        key = (cv.text, cv.language, cv.sections)
        if key not in self._facts:
            _remember(self._facts, key, cv_facts(cv, self.reference, self.gazetteer))
        return self._facts[key]

    def pair(
        self,
        requirements: Sequence[Requirement],
        job: Document,
        cv: Document,
        facts: CvFacts,
        *,
        signals: Signals,
        encode: Encode | None,
        encoder_key: str = "",
    ) -> PairResult:
        """Evidence and calibrated score of one pair.

        ``encoder_key`` names the encoder behind ``encode``; with it, evidence is memoised.
        """
        key = self._pair_key(requirements, job, cv, encoder_key)
        cacheable = encode is None or bool(encoder_key)
        if cacheable and key in self._evidence:
            evidence = self._evidence[key]
        else:
            evidence = pair_evidence(
                requirements,
                job.language,
                cv,
                facts,
                encode,
                soft_not_assessed=self.soft_not_assessed,
            )
            if cacheable:
                _remember(self._evidence, key, evidence)
        signals = replace(
            signals,
            coverage=coverage(evidence, self.weights),
            experience=experience_signal(evidence, facts.total_years),
        )
        weights = pair_weights(self.weights, job.language, cv.language)
        score, knockout = final_score(signals, evidence, weights, self.calibration)
        return PairResult(evidence, signals, score, knockout)

    def prefetch(
        self,
        requirements: Sequence[Requirement],
        job: Document,
        cvs: Sequence[Document],
        facts: Sequence[CvFacts],
        encoders: Sequence[tuple[Encode | None, str]],
    ) -> None:
        """Embed in one call per encoder what :meth:`pair` will embed for ``job`` and ``cvs``.

        ``encoders[c]`` is the ``(encode, encoder_key)`` that :meth:`pair` gets for ``cvs[c]``.
        Pairs whose evidence is memoised and pairs without an encoder are skipped.
        """
        groups: dict[str, tuple[Encode, list[int]]] = {}
        for c, (encode, key) in enumerate(encoders):
            if (
                encode is not None
                and key
                and self._pair_key(requirements, job, cvs[c], key) not in self._evidence
            ):
                groups.setdefault(key, (encode, []))[1].append(c)
        for encode, todo in groups.values():
            texts = dense_texts(requirements, [cvs[c] for c in todo], [facts[c] for c in todo])
            if texts:
                encode(texts)

    @staticmethod
    def _pair_key(
        requirements: Sequence[Requirement], job: Document, cv: Document, encoder_key: str
    ) -> Hashable:
        return (tuple(requirements), job.language, cv.text, cv.language, encoder_key)
