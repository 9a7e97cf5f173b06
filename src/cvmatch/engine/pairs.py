"""Assemble :class:`Match` results for every job–CV pair from the lexical, dense and requirement signals."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from cvmatch.explain.reasons import top_lines
from cvmatch.scoring.dense import anchors_for
from cvmatch.scoring.evidence import Encode, Overrides
from cvmatch.scoring.lexical import coverage_matrix, cv_terms, job_profile, lexical_evidence
from cvmatch.scoring.matcher import RequirementMatcher
from cvmatch.types import Document, Match, Signals

EncodeWith = Callable[[list[str], str], np.ndarray]
"""Embed texts with the named encoder: unit vectors, one row per text."""


@dataclass(frozen=True)
class PairScorer:
    """Score job–CV pairs; the engine supplies the encoders and the requirement matcher."""

    matcher: RequirementMatcher
    encoder_name: Callable[[Document, Document], str]
    model_id: Callable[[str], str]
    encode: EncodeWith
    dense_evidence: bool

    def matrix(
        self,
        jobs: Sequence[Document],
        cvs: Sequence[Document],
        explain: bool,
        overrides: Overrides | None,
    ) -> list[list[Match]]:
        """``result[j][c]`` is job ``j`` with CV ``c`` (see :meth:`cvmatch.engine.Engine.matrix`)."""
        profiles = [job_profile(job) for job in jobs]
        terms = [cv_terms(cv) for cv in cvs]
        lexical = coverage_matrix(profiles, terms)
        names, cosines = self.dense_matrix(jobs, cvs)
        # model_id hashes/locates files: look it up once per encoder, not once per pair.
        model_ids = {name: self.model_id(name) for name in {n for row in names for n in row}}
        requirements = [self.matcher.requirements(job, overrides) for job in jobs]
        facts = [self.matcher.facts(cv) for cv in cvs]
        for j, job in enumerate(jobs):  # evidence: embed all CV lines at once, in full batches
            encoders = [(self._evidence_encoder(n), model_ids[n]) for n in names[j]]
            self.matcher.prefetch(requirements[j], job, cvs, facts, encoders)
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
                pair = self.matcher.pair(
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

    def dense_matrix(
        self, jobs: Sequence[Document], cvs: Sequence[Document]
    ) -> tuple[list[list[str]], np.ndarray]:
        """The encoder name and the cosine of every pair (each document embedded once per model)."""
        names = [[self.encoder_name(job, cv) for cv in cvs] for job in jobs]
        cosines = np.zeros((len(jobs), len(cvs)), dtype=np.float64)
        for name in sorted({n for row in names for n in row}):
            pairs = [(j, c) for j, row in enumerate(names) for c, n in enumerate(row) if n == name]
            job_rows = sorted({j for j, _ in pairs})
            cv_rows = sorted({c for _, c in pairs})
            job_vectors = self.encode([jobs[j].text for j in job_rows], name)
            cv_vectors = self.encode([cvs[c].text for c in cv_rows], name)
            block = job_vectors @ cv_vectors.T
            job_pos = {j: i for i, j in enumerate(job_rows)}
            cv_pos = {c: i for i, c in enumerate(cv_rows)}
            for j, c in pairs:
                cosines[j, c] = block[job_pos[j], cv_pos[c]]
        return names, cosines

    def _evidence_encoder(self, name: str) -> Encode | None:
        if not self.dense_evidence:
            return None
        return lambda texts: self.encode(texts, name)
