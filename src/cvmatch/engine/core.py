"""The matching facade: ingest documents, score, rank and match them, and hand out the others."""

import contextlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import numpy as np

from cvmatch.documents.base import Limits
from cvmatch.documents.loader import document_from_text, load_document
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.encoders.prefetch import Prefetcher
from cvmatch.encoders.registry import load_encoder
from cvmatch.engine.evaluation import EvaluationFacade
from cvmatch.engine.occupations import OccupationFacade
from cvmatch.engine.pairs import PairScorer
from cvmatch.engine.taxonomy import TaxonomyFacade
from cvmatch.errors import CvmatchError, ModelUnavailableError
from cvmatch.scoring.coverage import ScoreWeights
from cvmatch.scoring.dense import encoder_name_for
from cvmatch.scoring.evidence import Overrides, cv_lines
from cvmatch.scoring.fusion import FusionWeights
from cvmatch.scoring.matcher import RequirementMatcher, reference_year
from cvmatch.settings import Settings, get_settings
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import Document, DocumentKind, Match, Ranking, Requirement

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``(stage, done, total)`` while long work runs (the CLI draws a progress bar)."""


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

    The narrower facades share this engine's settings, encoders and embedding cache:
    ``evaluation`` (:class:`EvaluationFacade`), ``taxonomy`` (:class:`TaxonomyFacade`) and
    ``occupations`` (:class:`OccupationFacade`).
    """

    def __init__(
        self, settings: Settings | None = None, on_progress: ProgressCallback | None = None
    ) -> None:
        self.settings = settings or get_settings()
        self.weights = FusionWeights(self.settings.dense_weight, self.settings.lexical_weight)
        self._on_progress = on_progress
        self._encoders: dict[str, DenseEncoder] = {}
        self._cache: EmbeddingCache | None = None
        self._matcher: RequirementMatcher | None = None

    @cached_property
    def evaluation(self) -> EvaluationFacade:
        """Benchmarks over this engine's scorers (``cvmatch eval``)."""
        return EvaluationFacade(self)

    @cached_property
    def taxonomy(self) -> TaxonomyFacade:
        """Imports of ESCO, custom skills and occupation–skill relations."""
        return TaxonomyFacade(self)

    @cached_property
    def occupations(self) -> OccupationFacade:
        """Occupation recommendation (``cvmatch recommend``) and its signal in :meth:`match`."""
        return OccupationFacade(self)

    @property
    def limits(self) -> Limits:
        """Ingest limits taken from the settings."""
        return Limits.from_settings(self.settings)

    # ---- ingest -------------------------------------------------------------------------
    def parse(self, path: Path, kind: DocumentKind = DocumentKind.CV) -> Document:
        """Read one file; raise a :class:`cvmatch.errors.DocumentError` when it cannot be read."""
        return load_document(path, kind, self.limits)

    def parse_text(self, text: str, kind: DocumentKind, doc_id: str | None = None) -> Document:
        """Build a document from text."""
        return document_from_text(text, kind, doc_id, self.limits)

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
            encoder = self.encoder(self._encoder_name(*pair))
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
    def score(self, job: Document, cv: Document, overrides: Overrides | None = None) -> Match:
        """Score one job–CV pair (``overrides``: the recruiter's must-have / ignore choices)."""
        return self.matrix([job], [cv], overrides=overrides)[0][0]

    def rank(
        self,
        job: Document,
        cvs: Sequence[Document],
        top: int | None = None,
        overrides: Overrides | None = None,
    ) -> Ranking:
        """Rank CVs for a job, best first (ties broken by CV id)."""
        matches = self.matrix([job], cvs, overrides=overrides)[0]
        ordered = sorted(matches, key=lambda m: (-m.score, m.cv_id))
        return Ranking(job.id, DocumentKind.JOB, tuple(ordered[:top] if top else ordered))

    def match(self, cv: Document, jobs: Sequence[Document], top: int | None = None) -> Ranking:
        """Rank jobs for a CV, best first (ties broken by job id)."""
        matches = [row[0] for row in self.matrix(jobs, [cv])]
        matches = self.occupations.blend_affinity(cv, jobs, matches)
        ordered = sorted(matches, key=lambda m: (-m.score, m.job_id))
        return Ranking(cv.id, DocumentKind.CV, tuple(ordered[:top] if top else ordered))

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
        scorer = PairScorer(
            matcher=self.requirement_matcher(),
            encoder_name=self._encoder_name,
            model_id=lambda name: self.encoder(name).model_id,
            encode=self.encode,
            dense_evidence=self.settings.dense_evidence,
        )
        return scorer.matrix(jobs, cvs, explain, overrides)

    def requirement_matcher(self) -> RequirementMatcher:
        """The requirement-level matcher built from the settings (one per engine)."""
        if self._matcher is None:
            s = self.settings
            weights = ScoreWeights(
                s.coverage_weight,
                s.dense_weight,
                s.lexical_weight,
                s.required_weight,
                s.preferred_weight,
                s.knockout_cap,
                s.experience_weight,
                depth=s.experience_depth_weight,
                transversal=s.transversal_weight,
            )
            path = s.taxonomy_file
            store = TaxonomyStore(path) if path.is_file() else None
            self._matcher = RequirementMatcher(
                Gazetteer(store),
                weights,
                reference_year(s.reference_date),
                soft_not_assessed=s.soft_skills_not_assessed,
            )
        return self._matcher

    def requirements(
        self, job: Document, overrides: Overrides | None = None
    ) -> tuple[Requirement, ...]:
        """The requirements of a job ad, after the recruiter's must-have / ignore choices."""
        return self.requirement_matcher().requirements(job, overrides)

    def taxonomy_changed(self) -> None:
        """Forget what was built from the taxonomy file, so the next call sees its new content."""
        self._matcher = None
        self.occupations.clear()

    # ---- encoders -----------------------------------------------------------------------
    def encoder(self, name: str) -> DenseEncoder:
        """The dense encoder called ``name`` (a registry name, a local path or a hub id)."""
        if name not in self._encoders:
            encoder = load_encoder(name, threads=self.settings.threads)
            if not isinstance(encoder, DenseEncoder):
                raise ModelUnavailableError(f"{name!r} is a lexical scorer, not a dense encoder")
            if self.settings.use_cache:
                encoder.cache = self._embedding_cache()
            self._encoders[name] = encoder
        return self._encoders[name]

    def encode(self, texts: list[str], name: str, batch: int = 32) -> np.ndarray:
        """Embed ``texts`` with encoder ``name`` in batches, reporting progress."""
        encoder = self.encoder(name)
        parts = []
        for start in range(0, len(texts), batch):
            parts.append(encoder.encode(texts[start : start + batch]))
            self.progress(f"embedding ({name})", min(start + batch, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, encoder.dim), dtype=np.float32)
        return np.asarray(np.vstack(parts), dtype=np.float64)

    def embed(self, docs: Sequence[Document], encoder: str | None = None) -> tuple[str, np.ndarray]:
        """Unit vectors of ``docs`` from one encoder (``Settings.feedback_encoder`` by default).

        Returns the encoder's model id and a ``(len(docs), dim)`` float32 matrix.
        """
        name = encoder or self.settings.feedback_encoder
        vectors = self.encode([doc.text for doc in docs], name)
        return self.encoder(name).model_id, np.asarray(vectors, dtype=np.float32)

    def progress(self, stage: str, done: int, total: int) -> None:
        """Report progress to the callback given at construction, if any."""
        if self._on_progress is not None:
            self._on_progress(stage, done, total)

    @property
    def on_progress(self) -> ProgressCallback | None:
        """The progress callback given at construction."""
        return self._on_progress

    def _encoder_name(self, job: Document, cv: Document) -> str:
        s = self.settings
        return encoder_name_for(job, cv, s.english_encoder, s.multilingual_encoder)

    def _embedding_cache(self) -> EmbeddingCache:
        if self._cache is None:
            self.settings.cache_dir.mkdir(parents=True, exist_ok=True)
            self._cache = EmbeddingCache(self.settings.cache_dir / "embeddings.sqlite")
        return self._cache


def _unique_ids(documents: list[Document]) -> tuple[Document, ...]:
    """Give same-named files distinct ids (``cv.pdf``, ``cv.pdf#2``) so results stay addressable."""
    seen: dict[str, int] = {}
    unique = []
    for doc in documents:
        seen[doc.id] = seen.get(doc.id, 0) + 1
        unique.append(doc if seen[doc.id] == 1 else replace(doc, id=f"{doc.id}#{seen[doc.id]}"))
    return tuple(unique)
