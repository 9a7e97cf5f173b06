"""The matching facade: ingest documents, score, rank and match them, and hand out the others."""

import contextlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from cvmatch.documents.base import Limits
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.prefetch import Prefetcher
from cvmatch.engine.encoders import EncoderPool, ProgressCallback
from cvmatch.engine.erasure import forget_vectors
from cvmatch.engine.evaluation import EvaluationFacade
from cvmatch.engine.occupations import OccupationFacade
from cvmatch.engine.parts import MatchingParts, ingest_limits
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.engine.redaction import redacted_document
from cvmatch.engine.stages import Stages, candidates_of
from cvmatch.engine.taxonomy import TaxonomyFacade
from cvmatch.errors import CvmatchError
from cvmatch.extract.overrides import Overrides
from cvmatch.scoring.evidence import cv_lines
from cvmatch.scoring.fusion import FusionWeights
from cvmatch.scoring.matcher import RequirementMatcher
from cvmatch.settings import Settings, get_settings
from cvmatch.types import Document, DocumentKind, Match, Ranking, Requirement

logger = logging.getLogger(__name__)

__all__ = ["Engine", "LoadFailure", "LoadReport", "ProgressCallback", "Stages"]


@dataclass(frozen=True)
class LoadFailure:
    """A file that could not be ingested, and why."""

    source: str
    error: str
    message: str


@dataclass(frozen=True)
class LoadReport:
    """Documents read from many files, plus the files that failed (never silently dropped)."""

    documents: tuple[Document, ...]
    failures: tuple[LoadFailure, ...]


class Engine:
    """Ingest documents and score job–CV pairs with the hybrid lexical + dense pipeline.

    It assembles the stages: an :class:`EncoderPool` (encoders and embedding cache),
    :class:`MatchingParts` (extractor and requirement matcher) and the :class:`MatchPipeline`
    that runs parse → extract → score → explain. The narrower facades get the collaborators
    they need: ``evaluation`` (:class:`EvaluationFacade`), ``taxonomy``
    (:class:`TaxonomyFacade`) and ``occupations`` (:class:`OccupationFacade`). ``encoders`` maps
    names to ready-made dense encoders, used as given (no embedding cache is attached), e.g. a
    test's fake. ``redact=True`` screens blind: every CV is scored from its redacted text
    (:mod:`cvmatch.engine.redaction`).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        on_progress: ProgressCallback | None = None,
        encoders: Mapping[str, DenseEncoder] | None = None,
        redact: bool = False,
    ) -> None:
        self.settings = settings or get_settings()
        self.redact = redact
        self.weights = FusionWeights(self.settings.dense_weight, self.settings.lexical_weight)
        self._pool = EncoderPool(self.settings, on_progress, encoders)
        self._parts = MatchingParts(self.settings)
        self._pipeline = MatchPipeline(self.settings, self._parts, self._pool)

    @cached_property
    def evaluation(self) -> EvaluationFacade:
        """Benchmarks over this engine's scorers (``cvmatch eval``)."""
        return EvaluationFacade(self._pipeline, self.occupations)

    @cached_property
    def taxonomy(self) -> TaxonomyFacade:
        """Imports of ESCO, custom skills and occupation–skill relations."""
        return TaxonomyFacade(self.settings.taxonomy_file, (self._parts, self.occupations))

    @cached_property
    def occupations(self) -> OccupationFacade:
        """Occupation recommendation (``cvmatch recommend``) and its signal in :meth:`match`."""
        return OccupationFacade(self.settings, self._pool, self._parts)

    @property
    def limits(self) -> Limits:
        """Ingest limits taken from the settings."""
        return ingest_limits(self.settings)

    # ---- ingest -------------------------------------------------------------------------
    def parse(self, path: Path, kind: DocumentKind = DocumentKind.CV) -> Document:
        """Read one file; raise a :class:`cvmatch.errors.DocumentError` when it cannot be read."""
        return self._blind(self._pipeline.parse(path, kind))

    def parse_text(
        self,
        text: str,
        kind: DocumentKind,
        doc_id: str | None = None,
        redact: bool | None = None,
    ) -> Document:
        """Build a document from text (``redact``: screen this CV blind; ``None``: as the engine)."""
        return self._blind(self._pipeline.parse_text(text, kind, doc_id), redact)

    def _blind(self, document: Document, redact: bool | None = None) -> Document:
        """The CV as scored: redacted when this engine (or the call) screens blind."""
        if not (self.redact if redact is None else redact) or document.kind is not DocumentKind.CV:
            return document
        return redacted_document(self._pipeline, document)

    def parse_many(
        self,
        paths: Sequence[Path],
        kind: DocumentKind = DocumentKind.CV,
        embed_for: Document | None = None,
    ) -> LoadReport:
        """Read many files; failures are collected and reported, never dropped silently.

        With ``embed_for`` (the job or CV they will be matched with), each document is embedded
        in a background thread while the next files are read (same vectors, less wall time).
        """
        documents: list[Document] = []
        failures: list[LoadFailure] = []
        with Prefetcher() if embed_for is not None else contextlib.nullcontext() as prefetch:
            for done, path in enumerate(paths, start=1):
                try:
                    documents.append(self.parse(path, kind))
                except CvmatchError as error:
                    logger.warning("skipped %s: %s", path, error)
                    failures.append(LoadFailure(str(path), type(error).__name__, str(error)))
                else:
                    if prefetch is not None and embed_for is not None:
                        self._prefetch(prefetch, embed_for, documents[-1], len(documents) == 1)
                self.progress("reading", done, len(paths))
        return LoadReport(_unique_ids(documents), tuple(failures))

    def _prefetch(self, prefetch: Prefetcher, other: Document, doc: Document, first: bool) -> None:
        pair = (other, doc) if doc.kind is DocumentKind.CV else (doc, other)
        try:
            encoder = self.encoder(self._pipeline.encoder_name(*pair))
        except CvmatchError:
            return  # the ranking reports it
        if encoder.cache is None and encoder.memo_size <= 0:
            return  # nowhere to keep the vectors
        if first:
            prefetch.submit(encoder, [other.text])
        prefetch.submit(encoder, [doc.text])
        if self.settings.dense_evidence and doc.kind is DocumentKind.CV:
            prefetch.submit(encoder, cv_lines(doc))  # what the requirement evidence embeds

    # ---- matching -----------------------------------------------------------------------
    def score(
        self,
        job: Document,
        cv: Document,
        overrides: Overrides | None = None,
        stages: Stages | None = None,
    ) -> Match:
        """Score one job–CV pair (``overrides``: the recruiter's must-have / ignore choices).

        ``stages``: trained models that re-score it after the first stage (see :meth:`rank`).
        """
        match = self.matrix([job], [cv], overrides=overrides)[0][0]
        return self._staged([match], [job], [cv], stages, _by_cv)[0]

    def rank(
        self,
        job: Document,
        cvs: Sequence[Document],
        top: int | None = None,
        overrides: Overrides | None = None,
        stages: Stages | None = None,
    ) -> Ranking:
        """Rank CVs for a job, best first (ties broken by CV id).

        ``stages`` names trained models run over the whole ranking before ``top`` cuts it: a
        ranker (every CV) then a cross-encoder (the best ``rerank_top``); their scores use the
        calibration stored with each model, and each moved match lists them in ``stages``.
        """
        matches = self.matrix([job], cvs, overrides=overrides)[0]
        ordered = self.apply_stages(job, cvs, matches, stages).matches
        return Ranking(job.id, DocumentKind.JOB, tuple(ordered[:top] if top else ordered))

    def apply_stages(
        self,
        job: Document,
        cvs: Sequence[Document],
        matches: Sequence[Match],
        stages: Stages | None,
    ) -> Ranking:
        """Rank first-stage ``matches`` of ``job`` (any order) and run ``stages`` as :meth:`rank`.

        For matches scored earlier and kept (the service's store): the same ranking as
        :meth:`rank` over ``cvs``, without scoring them again.
        """
        ordered = self._staged(sorted(matches, key=_rank_key(_by_cv)), [job], cvs, stages, _by_cv)
        return Ranking(job.id, DocumentKind.JOB, tuple(ordered))

    def match(
        self,
        cv: Document,
        jobs: Sequence[Document],
        top: int | None = None,
        stages: Stages | None = None,
    ) -> Ranking:
        """Rank jobs for a CV, best first (ties broken by job id; ``stages`` as in :meth:`rank`)."""
        matches = [row[0] for row in self.matrix(jobs, [cv])]
        matches = self.occupations.blend_affinity(cv, jobs, matches)
        ordered = sorted(matches, key=_rank_key(_by_job))
        ordered = self._staged(ordered, jobs, [cv], stages, _by_job)
        return Ranking(cv.id, DocumentKind.CV, tuple(ordered[:top] if top else ordered))

    def check_stages(self, stages: Stages) -> tuple[str, ...]:
        """Resolve the models ``stages`` names; return one warning per uncalibrated model.

        Raises:
            ModelUnavailableError: A name is not a trained model.
            InvalidInputError: A model is of the wrong kind for its stage.
        """
        return self._pipeline.stages.warnings(stages)

    def _staged(
        self,
        ordered: list[Match],
        jobs: Sequence[Document],
        cvs: Sequence[Document],
        stages: Stages | None,
        tie: Callable[[Match], str],
    ) -> list[Match]:
        if stages is None or not stages.active:
            return ordered
        candidates = self._pipeline.stages.apply(stages, candidates_of(ordered, jobs, cvs), tie)
        return [c.match for c in candidates]

    def matrix(
        self,
        jobs: Sequence[Document],
        cvs: Sequence[Document],
        explain: bool = True,
        overrides: Overrides | None = None,
    ) -> list[list[Match]]:
        """Score every job against every CV; ``result[j][c]`` is job ``j`` with CV ``c``.

        ``explain=False`` skips reasons and term lists (the scores are identical), for
        evaluation over thousands of pairs.
        """
        return self._pipeline.matrix(jobs, cvs, explain=explain, overrides=overrides)

    def requirement_matcher(self) -> RequirementMatcher:
        """The requirement-level matcher built from the settings (one per engine)."""
        return self._parts.matcher

    def requirements(
        self, job: Document, overrides: Overrides | None = None
    ) -> tuple[Requirement, ...]:
        """The requirements of a job ad, after the recruiter's must-have / ignore choices."""
        return self._parts.extractor.requirements(job, overrides)

    def taxonomy_changed(self) -> None:
        """Forget what was built from the taxonomy file, so the next call sees its new content."""
        self._parts.clear()
        self.occupations.clear()

    # ---- encoders -----------------------------------------------------------------------
    def encoder(self, name: str) -> DenseEncoder:
        """The dense encoder called ``name`` (a registry name, a local path or a hub id)."""
        return self._pool.get(name)

    def encode(self, texts: list[str], name: str, batch: int = 32) -> np.ndarray:
        """Embed ``texts`` with encoder ``name`` in batches, reporting progress."""
        return self._pool.encode(texts, name, batch)

    def forget(self, cv: Document, jobs: Sequence[Document]) -> int:
        """Delete the cached vectors of ``cv`` scored for ``jobs`` (a candidate's erasure).

        Returns how many cache entries went (:func:`cvmatch.engine.erasure.forget_vectors`).
        """
        return forget_vectors(self, self._pool, cv, jobs)

    def embed(self, docs: Sequence[Document], encoder: str | None = None) -> tuple[str, np.ndarray]:
        """Unit vectors of ``docs`` from one encoder (``Settings.feedback_encoder`` by default).

        Returns the encoder's model id and a ``(len(docs), dim)`` float32 matrix.
        """
        name = encoder or self.settings.feedback_encoder
        vectors = self.encode([doc.text for doc in docs], name)
        return self.encoder(name).model_id, np.asarray(vectors, dtype=np.float32)

    def progress(self, stage: str, done: int, total: int) -> None:
        """Report progress to the callback given at construction, if any."""
        self._pool.progress(stage, done, total)

    @property
    def on_progress(self) -> ProgressCallback | None:
        """The progress callback given at construction."""
        return self._pool.on_progress


def _by_cv(match: Match) -> str:
    return match.cv_id


def _by_job(match: Match) -> str:
    return match.job_id


def _rank_key(tie: Callable[[Match], str]) -> Callable[[Match], tuple[float, str]]:
    return lambda m: (-m.score, tie(m))


def _unique_ids(documents: list[Document]) -> tuple[Document, ...]:
    """Give same-named files distinct ids (``cv.pdf``, ``cv.pdf#2``) so results stay addressable."""
    seen: dict[str, int] = {}
    unique = []
    for doc in documents:
        seen[doc.id] = seen.get(doc.id, 0) + 1
        unique.append(doc if seen[doc.id] == 1 else replace(doc, id=f"{doc.id}#{seen[doc.id]}"))
    return tuple(unique)
