"""Requirement-level scoring: evidence and the calibrated score of each job–CV pair.

It scores what extraction found (:class:`cvmatch.extract.extractor.DocumentExtractor`: the
job's requirements, the CV's facts); the engine's match flow runs extraction first. One
instance per engine (it memoises evidence per pair).
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace

from cvmatch.extract.extractor import MAX_MEMO, DocumentExtractor, reference_year, remember
from cvmatch.extract.overrides import Overrides
from cvmatch.scoring.calibration import Calibration, load_calibration
from cvmatch.scoring.coverage import (
    ScoreWeights,
    coverage,
    experience_signal,
    final_score,
    pair_weights,
)
from cvmatch.scoring.evidence import Encode, dense_texts, pair_evidence
from cvmatch.scoring.job_evidence import job_evidence, rows_of
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import CvFacts, Document, Evidence, Requirement, Signals

__all__ = ["PairResult", "RequirementMatcher", "reference_year"]
# reference_year moved to extract/extractor.py; kept importable from here.


@dataclass(frozen=True)
class PairResult:
    """Evidence, signals with coverage, score and knock-out of one pair."""

    evidence: tuple[Evidence, ...]
    signals: Signals
    score: float
    knockout: bool


class RequirementMatcher:
    """Score pairs from extracted requirements and facts (evidence memoised per pair)."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        weights: ScoreWeights,
        reference: float,
        calibration: Calibration | None = None,
        *,
        soft_not_assessed: bool = False,
        extractor: DocumentExtractor | None = None,
    ) -> None:
        self.extractor = extractor or DocumentExtractor(gazetteer, reference)
        self.gazetteer = gazetteer
        self.soft_not_assessed = soft_not_assessed
        self.weights = weights
        self.reference = reference
        self.calibration = calibration or load_calibration()
        self._evidence: dict[Hashable, tuple[Evidence, ...]] = {}

    def requirements(
        self, job: Document, overrides: Overrides | None = None
    ) -> tuple[Requirement, ...]:
        """The extractor's requirements of ``job`` (for callers scoring pairs on their own)."""
        return self.extractor.requirements(job, overrides)

    def facts(self, cv: Document) -> CvFacts:
        """The extractor's facts of ``cv`` (for callers scoring pairs on their own)."""
        return self.extractor.facts(cv)

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
                names=self.gazetteer.names,
            )
            if cacheable:
                remember(self._evidence, key, evidence)
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
        Pairs whose evidence is memoised and pairs without an encoder are skipped. The other
        pairs' evidence is then computed together and memoised
        (:func:`~cvmatch.scoring.job_evidence.job_evidence`: the same values, the job side once),
        so :meth:`pair` finds it.
        """
        groups: dict[str, tuple[Encode, list[int]]] = {}
        for c, (encode, key) in enumerate(encoders):
            if (
                encode is not None
                and key
                and self._pair_key(requirements, job, cvs[c], key) not in self._evidence
            ):
                groups.setdefault(key, (encode, []))[1].append(c)
        for key, (encode, todo) in groups.items():
            texts = dense_texts(requirements, [cvs[c] for c in todo], [facts[c] for c in todo])
            vectors = encode(texts) if texts else None
            if len(todo) <= MAX_MEMO // 2:  # all still memoised when pair() asks for them
                known = encode if vectors is None else rows_of(texts, vectors, encode)
                self._evidence_of(requirements, job, [(cvs[c], facts[c]) for c in todo], known, key)

    def _evidence_of(
        self,
        requirements: Sequence[Requirement],
        job: Document,
        pairs: Sequence[tuple[Document, CvFacts]],
        encode: Encode,
        encoder_key: str,
    ) -> None:
        """Memoise the evidence of ``pairs`` computed together (the job side once, same values)."""
        found = job_evidence(
            requirements,
            job.language,
            [cv for cv, _ in pairs],
            [f for _, f in pairs],
            encode,
            soft_not_assessed=self.soft_not_assessed,
            names=self.gazetteer.names,
        )
        for (cv, _), evidence in zip(pairs, found, strict=True):
            remember(self._evidence, self._pair_key(requirements, job, cv, encoder_key), evidence)

    @staticmethod
    def _pair_key(
        requirements: Sequence[Requirement], job: Document, cv: Document, encoder_key: str
    ) -> Hashable:
        return (tuple(requirements), job.language, cv.text, cv.language, encoder_key)
