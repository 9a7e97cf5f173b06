"""The match flow in one place: parse → extract → score → explain, for every job–CV pair.

Each stage is a call into its package: documents (parse), extract (requirements and facts,
once per document), scoring (lexical and dense signals, then requirement evidence and the
calibrated score), explain (reasons and terms, skipped when not asked for).
"""

from collections.abc import Sequence
from pathlib import Path

from cvmatch.documents.loader import document_from_text, load_document
from cvmatch.engine.encoders import EncoderPool
from cvmatch.engine.parts import MatchingParts, ingest_limits
from cvmatch.engine.stages import StageLoader
from cvmatch.explain.match import explained
from cvmatch.extract.overrides import Overrides
from cvmatch.scoring.dense import encoder_name_for
from cvmatch.scoring.evidence import Encode
from cvmatch.scoring.signals import SignalGrid, signal_grid
from cvmatch.settings import Settings
from cvmatch.types import CvFacts, Document, DocumentKind, Match, Requirement


class MatchPipeline:
    """Score job–CV pairs with the stages built from one settings object."""

    def __init__(self, settings: Settings, parts: MatchingParts, encoders: EncoderPool) -> None:
        self.settings = settings
        self.parts = parts
        self.encoders = encoders
        self.stages = StageLoader(settings, encoders)
        """The trained stages (``--rerank`` / ``--ranker``) that may run after scoring."""

    # ---- parse --------------------------------------------------------------------------
    def parse(self, path: Path, kind: DocumentKind = DocumentKind.CV) -> Document:
        """Read one file; raise a :class:`cvmatch.errors.DocumentError` when it cannot be read."""
        return load_document(path, kind, ingest_limits(self.settings))

    def parse_text(self, text: str, kind: DocumentKind, doc_id: str | None = None) -> Document:
        """Build a document from text."""
        return document_from_text(text, kind, doc_id, ingest_limits(self.settings))

    def encoder_name(self, job: Document, cv: Document) -> str:
        """The encoder that scores this pair (English, or multilingual across languages)."""
        s = self.settings
        return encoder_name_for(job, cv, s.english_encoder, s.multilingual_encoder)

    # ---- extract → score → explain ------------------------------------------------------
    def matrix(
        self,
        jobs: Sequence[Document],
        cvs: Sequence[Document],
        *,
        explain: bool = True,
        overrides: Overrides | None = None,
    ) -> list[list[Match]]:
        """``result[j][c]`` is job ``j`` with CV ``c`` (see :meth:`cvmatch.engine.Engine.matrix`)."""
        extractor = self.parts.extractor  # extract: once per document (memoised)
        requirements = [extractor.requirements(job, overrides) for job in jobs]
        facts = [extractor.facts(cv) for cv in cvs]
        # score: lexical and dense signals of every pair, then requirement evidence and score
        grid = signal_grid(
            jobs,
            cvs,
            self.encoder_name,
            self.encoders.encode,
            self.encoders.model_id,
        )
        self._prefetch(jobs, cvs, requirements, facts, grid)
        rows = [
            [
                self._score(job, cv, requirements[j], facts[c], grid, (j, c))
                for c, cv in enumerate(cvs)
            ]
            for j, job in enumerate(jobs)
        ]
        if not explain:
            return rows
        return [  # explain: reasons and terms (never changes a score)
            [explained(m, grid.profiles[j], grid.terms[c], cvs[c]) for c, m in enumerate(row)]
            for j, row in enumerate(rows)
        ]

    def _score(
        self,
        job: Document,
        cv: Document,
        requirements: tuple[Requirement, ...],
        facts: CvFacts,
        grid: SignalGrid,
        at: tuple[int, int],
    ) -> Match:
        name = grid.names[at[0]][at[1]]
        pair = self.parts.matcher.pair(
            requirements,
            job,
            cv,
            facts,
            signals=grid.signals(*at),
            encode=self._evidence_encoder(name),
            encoder_key=grid.model_ids[name],
        )
        return Match(
            job.id,
            cv.id,
            pair.score,
            pair.signals,
            flags=cv.flags,
            evidence=pair.evidence,
            knockout=pair.knockout,
        )

    def _prefetch(
        self,
        jobs: Sequence[Document],
        cvs: Sequence[Document],
        requirements: list[tuple[Requirement, ...]],
        facts: list[CvFacts],
        grid: SignalGrid,
    ) -> None:
        """Evidence: embed all CV lines of a job's pairs at once, in full batches."""
        for j, job in enumerate(jobs):
            encoders = [(self._evidence_encoder(n), grid.model_ids[n]) for n in grid.names[j]]
            self.parts.matcher.prefetch(requirements[j], job, cvs, facts, encoders)

    def _evidence_encoder(self, name: str) -> Encode | None:
        if not self.settings.dense_evidence:
            return None
        return lambda texts: self.encoders.encode(texts, name)
