"""The one facade that the CLI, the HTTP API and the evaluation call.

>>> from cvmatch.engine import Engine  # doctest: +SKIP
>>> engine = Engine()  # doctest: +SKIP
>>> ranking = engine.rank(engine.parse(Path("job.md"), DocumentKind.JOB), cvs)  # doctest: +SKIP
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from cvmatch.documents.base import Limits
from cvmatch.documents.loader import document_from_text, load_document
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.encoders.registry import load_encoder
from cvmatch.errors import CvmatchError, ModelUnavailableError
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask
from cvmatch.evaluation.runner import EvalOptions
from cvmatch.evaluation.suite import HYBRID, PairOptions, TaskRun, run_pairs, run_retrieval
from cvmatch.explain.reasons import top_lines
from cvmatch.explain.recommend import Recommender
from cvmatch.explain.recommend_setup import (
    build_recommender,
    cv_input,
    encoder_name,
    occupation_source,
)
from cvmatch.index.ads import read_ads_csv, save_ads
from cvmatch.scoring.coverage import ScoreWeights
from cvmatch.scoring.dense import anchors_for, encoder_name_for
from cvmatch.scoring.evidence import Encode, Overrides
from cvmatch.scoring.fusion import FusionWeights
from cvmatch.scoring.lexical import coverage_matrix, cv_terms, job_profile, lexical_evidence
from cvmatch.scoring.matcher import RequirementMatcher, reference_year
from cvmatch.scoring.occupations import occupation_profile, profile_similarity
from cvmatch.settings import Settings, get_settings
from cvmatch.taxonomy.custom import import_custom
from cvmatch.taxonomy.esco import import_esco
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.occupations import import_skill_relations
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import (
    Concept,
    Document,
    DocumentKind,
    Match,
    OccupationEntry,
    OccupationRecommendation,
    Ranking,
    Requirement,
    Signals,
)

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
    """Ingest documents and score job–CV pairs with the hybrid lexical + dense pipeline."""

    def __init__(
        self, settings: Settings | None = None, on_progress: ProgressCallback | None = None
    ) -> None:
        self.settings = settings or get_settings()
        self.weights = FusionWeights(self.settings.dense_weight, self.settings.lexical_weight)
        self._on_progress = on_progress
        self._encoders: dict[str, DenseEncoder] = {}
        self._cache: EmbeddingCache | None = None
        self._matcher: RequirementMatcher | None = None
        self._recommenders: dict[str, Recommender] = {}
        self._occupations: tuple[list[OccupationEntry], dict[str, Concept]] | None = None

    @property
    def limits(self) -> Limits:
        """Ingest limits taken from the settings."""
        s = self.settings
        return Limits(s.max_file_bytes, s.max_pages, s.max_chars, s.ocr_languages)

    # ---- ingest -------------------------------------------------------------------------
    def parse(self, path: Path, kind: DocumentKind = DocumentKind.CV) -> Document:
        """Read one file; raise a :class:`cvmatch.errors.DocumentError` when it cannot be read."""
        return load_document(path, kind, self.limits)

    def parse_text(self, text: str, kind: DocumentKind, doc_id: str | None = None) -> Document:
        """Build a document from text."""
        return document_from_text(text, kind, doc_id, self.limits)

    def parse_many(self, paths: Sequence[Path], kind: DocumentKind = DocumentKind.CV) -> LoadReport:
        """Read many files; failures are collected and reported, never dropped silently."""
        documents: list[Document] = []
        failures: list[LoadFailure] = []
        for done, path in enumerate(paths, start=1):
            try:
                documents.append(self.parse(path, kind))
            except CvmatchError as error:
                logger.warning("skipped %s: %s", path, error)
                failures.append(LoadFailure(str(path), type(error).__name__, str(error)))
            self._progress("reading", done, len(paths))
        return LoadReport(_unique_ids(documents), tuple(failures))

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
        matches = self._occupation_aware(cv, jobs, matches)
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
        profiles = [job_profile(job) for job in jobs]
        terms = [cv_terms(cv) for cv in cvs]
        lexical = coverage_matrix(profiles, terms)
        names, cosines = self._dense_matrix(jobs, cvs)
        # model_id hashes/locates files: look it up once per encoder, not once per pair.
        model_ids = {
            name: self.encoder(name).model_id for name in {n for row in names for n in row}
        }
        matcher = self.requirement_matcher()
        requirements = [matcher.requirements(job, overrides) for job in jobs]
        facts = [matcher.facts(cv) for cv in cvs]
        for j, job in enumerate(jobs):  # evidence: embed all CV lines at once, in full batches
            encoders = [(self._evidence_encoder(n), model_ids[n]) for n in names[j]]
            matcher.prefetch(requirements[j], job, cvs, facts, encoders)
        result: list[list[Match]] = []
        for j, job in enumerate(jobs):
            row = []
            for c, cv in enumerate(cvs):
                # Rounded first so that float noise across batch shapes cannot move a score.
                name, cosine = names[j][c], round(float(cosines[j, c]), 4)
                signals = Signals(
                    dense=round(anchors_for(name).rescale(cosine), 4),
                    dense_raw=cosine,
                    lexical=round(float(lexical[j, c]), 4),
                    dense_model=model_ids[name],
                )
                pair = matcher.pair(
                    requirements[j],
                    job,
                    cv,
                    facts[c],
                    signals=signals,
                    encode=self._evidence_encoder(name),
                    encoder_key=model_ids[name],
                )
                match = Match(
                    job.id,
                    cv.id,
                    pair.score,
                    pair.signals,
                    flags=cv.flags,
                    evidence=pair.evidence,
                    knockout=pair.knockout,
                )
                if explain:
                    evidence = lexical_evidence(profiles[j], terms[c])
                    match = replace(
                        match,
                        reasons=top_lines(profiles[j], cv),
                        matched_terms=evidence.matched,
                        missing_terms=evidence.missing,
                    )
                row.append(match)
            result.append(row)
        return result

    def _dense_matrix(
        self, jobs: Sequence[Document], cvs: Sequence[Document]
    ) -> tuple[list[list[str]], np.ndarray]:
        """The encoder name and the cosine of every pair (each document embedded once per model)."""
        names = [[self._encoder_name(job, cv) for cv in cvs] for job in jobs]
        cosines = np.zeros((len(jobs), len(cvs)), dtype=np.float64)
        for name in sorted({n for row in names for n in row}):
            pairs = [(j, c) for j, row in enumerate(names) for c, n in enumerate(row) if n == name]
            job_rows = sorted({j for j, _ in pairs})
            cv_rows = sorted({c for _, c in pairs})
            job_vectors = self._encode([jobs[j].text for j in job_rows], name)
            cv_vectors = self._encode([cvs[c].text for c in cv_rows], name)
            block = job_vectors @ cv_vectors.T
            job_pos = {j: i for i, j in enumerate(job_rows)}
            cv_pos = {c: i for i, c in enumerate(cv_rows)}
            for j, c in pairs:
                cosines[j, c] = block[job_pos[j], cv_pos[c]]
        return names, cosines

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

    def _encoder_name(self, job: Document, cv: Document) -> str:
        s = self.settings
        return encoder_name_for(job, cv, s.english_encoder, s.multilingual_encoder)

    def _encode(self, texts: list[str], name: str, batch: int = 32) -> np.ndarray:
        """Embed ``texts`` with encoder ``name`` in batches, reporting progress."""
        encoder = self.encoder(name)
        parts = []
        for start in range(0, len(texts), batch):
            parts.append(encoder.encode(texts[start : start + batch]))
            self._progress(f"embedding ({name})", min(start + batch, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, encoder.dim), dtype=np.float32)
        return np.asarray(np.vstack(parts), dtype=np.float64)

    def _embedding_cache(self) -> EmbeddingCache:
        if self._cache is None:
            self.settings.cache_dir.mkdir(parents=True, exist_ok=True)
            self._cache = EmbeddingCache(self.settings.cache_dir / "embeddings.sqlite")
        return self._cache

    def _progress(self, stage: str, done: int, total: int) -> None:
        if self._on_progress is not None:
            self._on_progress(stage, done, total)

    # ---- evaluation (issue 3): thin, the work is in cvmatch.evaluation ------------------
    def similarity_matrix(
        self, method: str, queries: Sequence[str], corpus: Sequence[str]
    ) -> np.ndarray:
        """Score every query (job side) against every corpus text (CV side) with ``method``.

        ``method`` is ``"hybrid"`` (the default pipeline: :meth:`matrix` with ``explain=False``
        over :meth:`parse_text` documents, score / 100 so it lies in 0-1), a registered
        encoder name, or a model folder (e.g. one trained with cvmatch).
        """
        if method == HYBRID:
            jobs = [self.parse_text(t, DocumentKind.JOB, f"q{i}") for i, t in enumerate(queries)]
            cvs = [self.parse_text(t, DocumentKind.CV, f"d{i}") for i, t in enumerate(corpus)]
            rows = self.matrix(jobs, cvs, explain=False)
            return np.asarray([[m.score / 100.0 for m in row] for row in rows], dtype=np.float64)
        scorer = load_encoder(method)
        if isinstance(scorer, DenseEncoder):
            scorer = self.encoder(method)  # shared instance, with the embedding cache
        return np.asarray(scorer.similarity(list(queries), list(corpus)), dtype=np.float64)

    def method_ids(self, method: str) -> dict[str, str]:
        """The model ids behind ``method`` (for evaluation reports)."""
        if method == HYBRID:
            s = self.settings
            return {
                "english": self.encoder(s.english_encoder).model_id,
                "multilingual": self.encoder(s.multilingual_encoder).model_id,
                "weights": f"dense={s.dense_weight},lexical={s.lexical_weight}",
            }
        return {"model_id": load_encoder(method).model_id}

    def evaluate(
        self,
        task: RetrievalTask | PairsTask,
        methods: Sequence[str],
        pair_options: PairOptions | None = None,
        options: EvalOptions | None = None,
    ) -> TaskRun:
        """Evaluate ``methods`` on a retrieval or pairs task with this engine's scorers."""
        if isinstance(task, RetrievalTask):
            return run_retrieval(
                task,
                methods,
                self.similarity_matrix,
                self.method_ids,
                options=options,
                on_progress=self._on_progress,
            )
        return run_pairs(
            task,
            methods,
            self.similarity_matrix,
            self.method_ids,
            pair_options=pair_options,
            options=options,
            on_progress=self._on_progress,
        )

    # ---- recruiter workspace (issue 6) ----------------------------------------------------
    def embed(self, docs: Sequence[Document], encoder: str | None = None) -> tuple[str, np.ndarray]:
        """Unit vectors of ``docs`` from one encoder (``Settings.feedback_encoder`` by default).

        Returns the encoder's model id and a ``(len(docs), dim)`` float32 matrix.
        """
        name = encoder or self.settings.feedback_encoder
        vectors = self._encode([doc.text for doc in docs], name)
        return self.encoder(name).model_id, np.asarray(vectors, dtype=np.float32)

    # ---- requirements and taxonomy (thin: the work is in scoring/, extract/, taxonomy/) ----
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
            )
            path = self.taxonomy_path()
            store = TaxonomyStore(path) if path.is_file() else None
            self._matcher = RequirementMatcher(
                Gazetteer(store), weights, reference_year(s.reference_date)
            )
        return self._matcher

    def requirements(
        self, job: Document, overrides: Overrides | None = None
    ) -> tuple[Requirement, ...]:
        """The requirements of a job ad, after the recruiter's must-have / ignore choices."""
        return self.requirement_matcher().requirements(job, overrides)

    def taxonomy_path(self) -> Path:
        """Where imported taxonomies are stored (``taxonomy_path`` or the cache dir)."""
        return self.settings.taxonomy_path or self.settings.cache_dir / "taxonomy.sqlite"

    def import_esco(self, path: Path) -> dict[str, int]:
        """Import an ESCO CSV download into the taxonomy file; return counts per kind."""
        return self._import(lambda store: import_esco(store, path))

    def import_custom_skills(self, path: Path) -> dict[str, int]:
        """Import custom skills with aliases (CSV or YAML) into the taxonomy file."""
        return self._import(lambda store: import_custom(store, path))

    def _import(self, action: Callable[[TaxonomyStore], dict[str, int]]) -> dict[str, int]:
        store = TaxonomyStore(self.taxonomy_path())
        try:
            counts = action(store)
        finally:
            store.close()
        self._matcher = None  # the next match sees the new labels
        return counts

    def _evidence_encoder(self, name: str) -> Encode | None:
        if not self.settings.dense_evidence:
            return None
        return lambda texts: self._encode(texts, name)

    # ---- occupation recommendation (issue 7, docs/recommend.md) -------------------------
    def recommender(self, language: str = "en", model: str | None = None) -> Recommender:
        """The occupation recommender for input in ``language`` (index built once, cached)."""
        name = encoder_name(self.settings, language, model)
        if name not in self._recommenders:
            if self._occupations is None:
                self._occupations = occupation_source(self.taxonomy_path())
            self._progress(f"occupation index ({name})", 0, 1)
            self._recommenders[name] = build_recommender(
                self.settings, self._occupations, self.encoder(name)
            )
            self._progress(f"occupation index ({name})", 1, 1)
        return self._recommenders[name]

    def recommend(
        self,
        cvs: Sequence[Document],
        top: int = 10,
        level: str = "occupation",
        language: str | None = None,
        model: str | None = None,
    ) -> list[OccupationRecommendation]:
        """Top occupations (or ISCO groups) per CV, with evidence and skills gap."""
        gazetteer = self.requirement_matcher().gazetteer
        year = reference_year(self.settings.reference_date)
        results = []
        for done, doc in enumerate(cvs, start=1):
            cv = cv_input(doc, gazetteer, year, language)
            results.append(self.recommender(cv.language, model).recommend(cv, top, level))
            self._progress("recommending", done, len(cvs))
        return results

    def occupation_affinity(self, cv: Document, jobs: Sequence[Document]) -> list[float]:
        """Per job, the cosine of its occupation profile with the CV's (0–1)."""
        _, scores = self.recommender(cv.language).scores(
            [cv.text, *(j.text for j in jobs)], cv.language
        )
        profiles = occupation_profile(scores)
        return [float(x) for x in profile_similarity(profiles[:1], profiles[1:])[0]]

    def _occupation_aware(
        self, cv: Document, jobs: Sequence[Document], matches: list[Match]
    ) -> list[Match]:
        """Blend the occupation affinity into match scores (``occupation_weight``, 0 = off)."""
        weight = self.settings.occupation_weight
        if not weight or not jobs:
            return matches
        affinity = dict(zip((j.id for j in jobs), self.occupation_affinity(cv, jobs), strict=True))
        return [
            replace(
                m,
                score=round((1 - weight) * m.score + weight * 100 * affinity[m.job_id], 2),
                reasons=(*m.reasons, f"occupation affinity {affinity[m.job_id]:.2f}"),
            )
            for m in matches
        ]

    def import_skill_relations(self, path: Path) -> int:
        """Import ESCO occupation–skill relations (for the skills gap); return how many."""
        store = TaxonomyStore(self.taxonomy_path())
        try:
            count = import_skill_relations(store, path)
        finally:
            store.close()
        self._recommenders.clear()
        self._occupations = None
        return count

    def import_ads(self, path: Path) -> int:
        """Import labelled job ads (CSV) into the occupation centroids; return how many are kept."""
        entries, _ = occupation_source(self.taxonomy_path())
        count = save_ads(self.settings.cache_dir, read_ads_csv(path, entries))
        self._recommenders.clear()
        self._occupations = None
        return count


def _unique_ids(documents: list[Document]) -> tuple[Document, ...]:
    """Give same-named files distinct ids (``cv.pdf``, ``cv.pdf#2``) so results stay addressable."""
    seen: dict[str, int] = {}
    unique = []
    for doc in documents:
        seen[doc.id] = seen.get(doc.id, 0) + 1
        unique.append(doc if seen[doc.id] == 1 else replace(doc, id=f"{doc.id}#{seen[doc.id]}"))
    return tuple(unique)
