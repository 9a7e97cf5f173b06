"""A first stage for large corpora: dense + lexical signals of every pair as matrix products.

The full pipeline scores a pair with requirement evidence, ~1 ms of Python per pair, so it cannot
score every pair of a 100k-text corpus. This stage scores every pair with the two signals the
pipeline computes before evidence, vectorised over a block of jobs against the whole corpus:

- dense: the cosine of the encoder the pipeline would pick for the pair (the English one when
  both sides are English, else the multilingual one), rescaled by that encoder's anchors;
- lexical: the coverage of the job's key terms by the CV's terms (the pipeline's own matrix).

The score is ``(dense_weight · dense + lexical_weight · lexical) / (dense_weight +
lexical_weight)`` in 0–1; a caller keeps each job's top N and runs the full pipeline on those
(``cvmatch.engine.methods.hybrid``). The CV side (terms, vectors) is prepared once per corpus.
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.scoring.dense import anchors_for
from cvmatch.scoring.lexical import coverage_matrix, cv_terms, job_profile
from cvmatch.types import Document

Encode = Callable[[list[str], str], np.ndarray]
"""Embed texts with the named encoder: unit vectors, one row per text."""
ENGLISH = "en"


class CorpusSide:
    """The CV side of the first stage: terms and, per encoder, float32 vectors (on first use).

    Args:
        cvs: The parsed corpus documents.
        encoders: The English and the multilingual encoder names (the pipeline's settings).
        encode: Embeds texts with a named encoder.
    """

    def __init__(self, cvs: Sequence[Document], encoders: tuple[str, str], encode: Encode) -> None:
        self.cvs = list(cvs)
        self.english, self.multilingual = encoders
        self.encode = encode
        self.terms = [cv_terms(cv) for cv in self.cvs]
        self.is_english = np.asarray([cv.language == ENGLISH for cv in self.cvs], dtype=bool)
        self._vectors: dict[str, np.ndarray] = {}

    def vectors(self, name: str) -> np.ndarray:
        """float32 vectors of the CVs ``name`` scores: English CVs only for the English encoder."""
        if name not in self._vectors:
            rows = self.cvs
            if name == self.english and name != self.multilingual:
                rows = [cv for cv, en in zip(self.cvs, self.is_english, strict=True) if en]
            encoded = self.encode([cv.text for cv in rows], name) if rows else None
            self._vectors[name] = (
                np.zeros((0, 1), np.float32) if encoded is None else encoded.astype(np.float32)
            )
        return self._vectors[name]


def _rescaled(cosines: np.ndarray, name: str) -> np.ndarray:
    anchors = anchors_for(name)
    return np.clip((cosines - anchors.low) / (anchors.high - anchors.low), 0.0, 1.0)


def dense_scores(jobs: Sequence[Document], side: CorpusSide) -> np.ndarray:
    """``(jobs, cvs)`` rescaled cosines of the encoder the pipeline picks for each pair."""
    multi = side.vectors(side.multilingual)
    job_vectors = side.encode([job.text for job in jobs], side.multilingual)
    dense = _rescaled(job_vectors.astype(np.float32) @ multi.T, side.multilingual)
    english_jobs = [j for j, job in enumerate(jobs) if job.language == ENGLISH]
    if english_jobs and side.english != side.multilingual and side.is_english.any():
        vectors = side.encode([jobs[j].text for j in english_jobs], side.english)
        cosines = vectors.astype(np.float32) @ side.vectors(side.english).T
        rows = np.asarray(english_jobs)[:, None]
        dense[rows, np.flatnonzero(side.is_english)[None, :]] = _rescaled(cosines, side.english)
    return np.asarray(dense, dtype=np.float64)


def first_stage_scores(
    jobs: Sequence[Document], side: CorpusSide, weights: tuple[float, float]
) -> np.ndarray:
    """``(jobs, cvs)`` first-stage scores in 0–1 (``weights``: dense and lexical weight)."""
    dense_weight, lexical_weight = weights
    total = dense_weight + lexical_weight
    scores = np.zeros((len(jobs), len(side.cvs)), dtype=np.float64)
    if total == 0 or not side.cvs:
        return scores
    if dense_weight:
        scores += dense_weight * dense_scores(jobs, side)
    if lexical_weight:
        scores += lexical_weight * coverage_matrix([job_profile(job) for job in jobs], side.terms)
    scores /= total
    return scores
