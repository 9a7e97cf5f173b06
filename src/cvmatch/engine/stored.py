"""Stored CVs at scale: batch ingest into a store, its ANN index, two-stage ranking.

The facade the CLI's ``ingest``, ``index`` commands call (docs/scale.md):

- :meth:`StoredCvs.ingest` runs :mod:`cvmatch.ingest` with this engine's reader and the
  ``feedback_encoder`` (the one encoder every stored CV is embedded with), locally or on Ray;
- :meth:`StoredCvs.index` opens the faiss index beside the store, synced to its vectors;
  :meth:`StoredCvs.first_stage` is the index a search uses: that faiss index beside SQLite,
  pgvector's HNSW inside PostgreSQL (:class:`~cvmatch.index.pgvector_index.PgVectorIndex`);
- :meth:`StoredCvs.rank` is the two-stage search: the ANN's ``candidates`` nearest CVs to the
  job's vector, then :meth:`Engine.rank` (the full hybrid score with requirement evidence) on
  those only (scores without explanations first, then evidence and reasons for the ``top``).
  When ``candidates`` covers the pool it is exactly the ranking of every stored CV. The CVs'
  facts, stems and scoring vectors precomputed at ingest (:mod:`cvmatch.ingest.features`) are
  served to the scorer, so no stored CV is parsed, stemmed or embedded on the query path.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from cvmatch.encoders.base import DenseEncoder
from cvmatch.engine.gc_pause import paused_collection
from cvmatch.engine.ingest_worker import EngineBatchProcessor, Reader
from cvmatch.errors import InvalidInputError
from cvmatch.extract.overrides import Overrides
from cvmatch.index import ann_files
from cvmatch.index.ann import FaissIndex
from cvmatch.index.ann_store import SyncReport, document_rows, synced_index
from cvmatch.index.candidates import CandidateIndex
from cvmatch.index.pgvector_index import PgVectorIndex
from cvmatch.ingest.feature_rows import chunk_vectors, lexical_key, stored_facts, stored_lexical
from cvmatch.ingest.features import PrecomputedCache, facts_key
from cvmatch.ingest.local import LocalExecutor
from cvmatch.ingest.ray_actors import RayExecutor
from cvmatch.ingest.records import IngestReport
from cvmatch.ingest.refresh import RefreshReport, refresh_features
from cvmatch.ingest.runner import Executor, RunOptions, ingest
from cvmatch.ingest.sources import list_files
from cvmatch.scoring.known_cvs import KNOWN, CvLexical
from cvmatch.settings import Settings
from cvmatch.store import open_database
from cvmatch.store.codec import document_from_row
from cvmatch.store.ivfflat import IvfflatParams
from cvmatch.store.vectors import stored_dim
from cvmatch.types import CvFacts, Document, Match, Ranking

__all__ = [
    "DEFAULT_CANDIDATES",
    "IndexStats",
    "IngestReport",
    "RankingEngine",
    "StoredCvs",
    "StoredRanking",
]

DEFAULT_CANDIDATES = 1000
"""ANN hits that go on to the full score (the first stage's N)."""


@dataclass(frozen=True)
class IndexStats:
    """The state of a store's ANN index."""

    path: str
    model_id: str
    tier: str
    size: int
    dim: int
    revision: str
    memory_bytes: int
    rebuilt: bool
    added: int
    removed: int


@dataclass(frozen=True)
class StoredFeatures:
    """What ingest stored of one CV for the query path, when still valid (else None)."""

    facts: CvFacts | None
    lexical: CvLexical | None


@dataclass(frozen=True)
class StoredRanking:
    """The best stored CVs for a job, and what the first stage searched."""

    ranking: Ranking
    documents: tuple[Document, ...]
    """The CVs that were fully scored (the ANN's candidates)."""
    searched: int
    """CVs in the index."""


class RankingEngine(Reader, Protocol):
    """What the stored CVs need of :class:`~cvmatch.engine.Engine` (given, never imported)."""

    @property
    def settings(self) -> Settings:
        """The engine's settings."""
        ...

    def encoder(self, name: str) -> DenseEncoder:
        """A dense encoder by name."""
        ...

    def rank(
        self,
        job: Document,
        cvs: Sequence[Document],
        top: int | None = None,
        overrides: Overrides | None = None,
    ) -> Ranking:
        """CVs ranked for a job with evidence."""
        ...

    def matrix(
        self,
        jobs: Sequence[Document],
        cvs: Sequence[Document],
        explain: bool = True,
        overrides: Overrides | None = None,
    ) -> list[list[Match]]:
        """Every job scored against every CV."""
        ...


class StoredCvs:
    """The CVs of one store (a SQLite path or a SQLAlchemy URL) for ingest and ranking.

    Args:
        db: The store.
        engine: The :class:`~cvmatch.engine.Engine` that reads, embeds and scores (its settings
            are used throughout).
    """

    def __init__(self, db: str | Path, engine: RankingEngine) -> None:
        self.engine = engine
        self.settings = engine.settings
        self.db = open_database(db)
        self._overlays: dict[int, tuple[DenseEncoder, PrecomputedCache]] = {}
        """Per encoder, the stored vectors installed in front of its cache (until close)."""

    def close(self) -> None:
        """Release the store's connections and give the encoders their own caches back."""
        for encoder, overlay in self._overlays.values():
            if encoder.cache is overlay:
                encoder.cache = overlay.inner
        self._overlays = {}
        self.db.close()

    @property
    def model_id(self) -> str:
        """The model id of the stored CVs' vectors."""
        return self.engine.encoder(self.settings.feedback_encoder).model_id

    def ingest(
        self,
        target: Path,
        *,
        engine: str = "local",
        workers: int = 1,
        address: str | None = None,
        batch: int = 8,
        on_progress: Callable[[str, int, int], None] | None = None,
    ) -> IngestReport:
        """Ingest a folder or list file with ``engine`` ``local`` or ``ray`` (``address``: a cluster)."""
        executor = self._executor(engine, workers, address)
        options = RunOptions(batch, self.settings.max_file_bytes, on_progress)
        return ingest(self.db, list_files(target), executor, self.model_id, options)

    def _executor(self, engine: str, workers: int, address: str | None) -> Executor:
        if workers < 1:
            raise InvalidInputError(f"--workers must be at least 1, got {workers}")
        if engine == "local" and workers == 1:
            return LocalExecutor(EngineBatchProcessor(self.settings, self.engine))
        # one thread per worker: the workers share the cores
        processor = EngineBatchProcessor(self.settings.model_copy(update={"threads": 1}))
        if engine == "local":
            return LocalExecutor(processor, workers)
        if engine == "ray":
            return RayExecutor(processor, workers, address)
        raise InvalidInputError(f"--engine must be local or ray, got {engine!r}")

    def refresh_features(
        self, on_progress: Callable[[int, int], None] | None = None
    ) -> RefreshReport:
        """Recompute the stored CVs' facts and stems that are missing or stale (no embedding)."""
        extractor = self.engine.requirement_matcher().extractor
        key = facts_key(extractor.reference, self.settings.taxonomy_file)
        return refresh_features(self.db, extractor, key, on_progress)

    def index(self, rebuild: bool = False) -> tuple[FaissIndex, SyncReport]:
        """The faiss index beside the store, synced with its vectors (built when missing)."""
        path = ann_files.index_path(
            str(self.db.engine.url), self.model_id, self.settings.cache_dir / "ann"
        )
        return synced_index(self.db, path, self.model_id, rebuild=rebuild)

    @property
    def _ivfflat(self) -> IvfflatParams:
        return IvfflatParams(probes=self.settings.pgvector_probes)

    def first_stage(self, dim: int) -> CandidateIndex:
        """The index a search of ``dim``-d queries uses (pgvector's is built when missing)."""
        if self.db.is_sqlite:
            return self.index()[0]
        index = PgVectorIndex(self.db, self.model_id, self._ivfflat)
        index.build(dim)
        return index

    def stats(self, rebuild: bool = False) -> IndexStats:
        """Open (or build) the index and describe it."""
        if not self.db.is_sqlite:
            return self._pgvector_stats(rebuild)
        index, report = self.index(rebuild)
        return IndexStats(
            str(report.path),
            index.model_id,
            index.tier.value,
            len(index),
            index.dim if len(index) else 0,
            report.revision,
            index.memory_bytes(),
            report.rebuilt,
            report.added,
            report.removed,
        )

    def _pgvector_stats(self, rebuild: bool) -> IndexStats:
        with self.db.connect() as conn:
            dim = stored_dim(conn, self.model_id)
        index = PgVectorIndex(self.db, self.model_id, self._ivfflat)
        built = index.build(dim, rebuild) if dim else False
        size = len(index)
        return IndexStats(
            index.name(dim) if dim else "",
            self.model_id,
            index.tier,
            size,
            dim,
            str(size),
            index.memory_bytes(dim) if dim else 0,
            built,
            size if built else 0,
            0,
        )

    def rank(
        self, job: Document, top: int | None = 50, candidates: int = DEFAULT_CANDIDATES
    ) -> StoredRanking:
        """The ``top`` stored CVs for ``job``: ANN ``candidates``, then the full score on those."""
        if candidates < 1:
            raise InvalidInputError(f"--candidates must be at least 1, got {candidates}")
        _, query = self.engine.embed([job])
        index = self.first_stage(int(query.shape[1]))
        hits = index.search(query[0], candidates)
        with paused_collection():  # thousands of short-lived objects: no cyclic passes
            docs, ids, facts = self._load([h.document_id for h in hits])
            with self._precomputed(docs, ids, facts):
                best = self.best(job, docs, top)
                ranking = (
                    self.engine.rank(job, best, top) if best else Ranking(job.id, job.kind, ())
                )
        return StoredRanking(ranking, docs, len(index))

    @contextmanager
    def _precomputed(
        self, docs: Sequence[Document], ids: Sequence[int], stored: Sequence[StoredFeatures]
    ) -> Iterator[None]:
        """Serve the CVs' ingest-time facts, stems and chunk vectors to the scorer while inside."""
        extractor = self.engine.requirement_matcher().extractor
        for doc, known in zip(docs, stored, strict=True):
            if known.facts is not None:
                extractor.remember_facts(doc, known.facts)
        stems = [
            (doc, known.facts, known.lexical)
            for doc, known in zip(docs, stored, strict=True)
            if known.lexical is not None
        ]
        names = dict.fromkeys((self.settings.english_encoder, self.settings.multilingual_encoder))
        encoders = [self.engine.encoder(name) for name in names]
        keys = [e.model_id for e in encoders] + [f"{e.model_id}/passage" for e in encoders]
        with self.db.connect() as conn:
            vectors = chunk_vectors(conn, ids, keys)
        overlays = [self._overlay(e) for e in encoders]
        try:
            for overlay in overlays:
                overlay.vectors = vectors
            with KNOWN.serving(stems):
                yield
        finally:
            for overlay in overlays:
                overlay.vectors = {}

    def _overlay(self, encoder: DenseEncoder) -> PrecomputedCache:
        """The encoder's stored-vector layer, installed once (installing empties its memo)."""
        known = self._overlays.get(id(encoder))
        if known is None or encoder.cache is not known[1]:
            known = (encoder, PrecomputedCache({}, encoder.cache))
            encoder.cache = known[1]
            self._overlays[id(encoder)] = known
        return known[1]

    def best(self, job: Document, docs: tuple[Document, ...], top: int | None) -> list[Document]:
        """The ``top`` documents by the full score, computed without explanations (same scores).

        Only these are then scored again with their evidence and reasons, so a page of 50 costs
        the explanations of 50, not of every candidate.
        """
        if top is None or top >= len(docs):
            return list(docs)
        scores = self.engine.matrix([job], docs, explain=False)[0]
        order = sorted(range(len(docs)), key=lambda i: (-scores[i].score, scores[i].cv_id))
        return [docs[i] for i in order[:top]]

    def documents(self, document_ids: list[int]) -> tuple[Document, ...]:
        """Stored CVs as documents, by ascending store id, ids made unique (``name#<store id>``)."""
        return self._load(document_ids)[0]

    def _load(
        self, document_ids: list[int]
    ) -> tuple[tuple[Document, ...], list[int], list[StoredFeatures]]:
        """Documents, their store ids and their stored facts and stems (None: absent or stale)."""
        with self.db.connect() as conn:
            rows = document_rows(conn, document_ids)
        extractor = self.engine.requirement_matcher().extractor
        key = facts_key(extractor.reference, self.settings.taxonomy_file)
        docs: list[Document] = []
        seen: set[str] = set()
        for r in rows:
            name = str(r.meta.get("id") or r.filename)
            doc_id = name if name not in seen else f"{name}#{r.id}"
            seen.add(doc_id)
            doc = document_from_row(doc_id, r.kind, r.text, r.language, r.meta)
            docs.append(replace(doc, source=doc.source or r.filename))
        stems = lexical_key()
        features = [
            StoredFeatures(stored_facts(r.meta, key), stored_lexical(r.meta, stems)) for r in rows
        ]
        return tuple(docs), [int(r.id) for r in rows], features
