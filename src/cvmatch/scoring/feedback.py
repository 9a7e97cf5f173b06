"""Star re-ranking: pull candidates that resemble the recruiter's starred ones up, no retraining.

The blend (documented in ``docs/service.md``)::

    centroid    = normalise(mean(embedding[s] for s in starred))
    similarity  = clip(embedding[i] · centroid, 0, 1)          # cosine, negatives count as 0
    blended[i]  = (1 - w) * job_score[i] + w * 100 * similarity  # same 0-100 scale as scores

``w`` is ``Settings.star_weight`` (0.5 by default). With no stars the job scores are returned
unchanged, so unstarring everything is the reset. Embeddings are unit vectors from one encoder
(``Settings.feedback_encoder``) so that every candidate lives in one space. The maths is a
matrix-vector product: 10,000 candidates x 512 dimensions take well under a millisecond.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.errors import InvalidInputError


@dataclass(frozen=True)
class Reranked:
    """Blended scores (0-100) and each candidate's similarity to the starred centroid (0-1)."""

    scores: np.ndarray
    similarity: np.ndarray | None


def star_similarity(embeddings: np.ndarray, starred: Sequence[int]) -> np.ndarray:
    """Cosine of every row of ``embeddings`` with the normalised mean of the ``starred`` rows, ≥ 0."""
    if not starred:
        raise InvalidInputError("star_similarity needs at least one starred row")
    centroid = embeddings[list(starred)].astype(np.float64).mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:
        return np.zeros(len(embeddings), dtype=np.float64)
    # A float32 product without a copy of the matrix. einsum, not BLAS "@": on a busy 2-core
    # machine OpenBLAS threads wait on each other (22 ms vs 2 ms for 10,000 x 512 here).
    # Rounded so that summation-order noise cannot reorder candidates.
    unit = (centroid / norm).astype(embeddings.dtype)
    cosines = np.einsum("ij,j->i", embeddings, unit).astype(np.float64)
    return np.asarray(np.clip(np.round(cosines, 5), 0.0, 1.0), dtype=np.float64)


def rerank(
    job_scores: np.ndarray, embeddings: np.ndarray, starred: Sequence[int], weight: float
) -> Reranked:
    """Blend the job scores with the similarity to the starred candidates (see module doc).

    Args:
        job_scores: One 0-100 score per candidate.
        embeddings: ``(candidates, dim)`` unit vectors, rows aligned with ``job_scores``.
        starred: Row indices of the starred candidates (empty: scores come back unchanged).
        weight: Share of the star signal, 0-1.
    """
    if not 0.0 <= weight <= 1.0:
        raise InvalidInputError(f"star weight must be within 0-1, got {weight}")
    if embeddings.shape[0] != job_scores.shape[0]:
        raise InvalidInputError(
            f"{job_scores.shape[0]} scores but {embeddings.shape[0]} embeddings"
        )
    scores = np.asarray(job_scores, dtype=np.float64)
    if not starred:
        return Reranked(scores.copy(), None)
    similarity = star_similarity(embeddings, starred)
    blended = np.round((1.0 - weight) * scores + weight * 100.0 * similarity, 2)
    return Reranked(blended, similarity)


def order(scores: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Row indices best first; equal scores break by ascending id (deterministic)."""
    return np.lexsort((ids, -scores))
