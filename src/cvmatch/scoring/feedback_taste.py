"""Features that carry a recruiter's taste: likeness to the decided candidates, requirement status.

Two kinds of columns, both per candidate of one job:

* **Rocchio similarities** (:func:`taste_features`) on the feedback encoder's unit vectors::

      pos_centroid[i] = cos(v[i], normalise(mean(v[s] for s shortlisted)))
      neg_centroid[i] = cos(v[i], normalise(mean(v[r] for r rejected)))
      pos_nearest[i]  = max(v[i] · v[s] for s shortlisted)
      neg_nearest[i]  = max(v[i] · v[r] for r rejected)

  The centroids say "more like these" (the star blend's signal, and its mirror for rejects); the
  nearest neighbours keep a taste with several modes (two kinds of title both shortlisted). A
  decided candidate's own row is left out of its nearest-neighbour maximum, else every decided
  row would score 1 against itself and the fit would learn nothing.
* **Requirement status** (:func:`requirement_status`): one column per requirement of the job,
  met 1, partial 0.5, missing or not assessed 0, so a recruiter who always rejects "no
  Kubernetes" is learned.

Values are rounded to 1e-5 so that summation-order noise cannot reorder candidates.
"""

from collections.abc import Mapping, Sequence

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.types import EvidenceStatus, Match

TASTE_FEATURES = ("pos_centroid", "neg_centroid", "pos_nearest", "neg_nearest")
"""Column names of :func:`taste_features`, in order."""

_STATUS = {EvidenceStatus.MET: 1.0, EvidenceStatus.PARTIAL: 0.5}


def _centroid_cosine(vectors: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    if not rows:
        return np.zeros(len(vectors), dtype=np.float64)
    centroid = vectors[list(rows)].mean(axis=0)
    norm = float(np.linalg.norm(centroid))
    if norm == 0.0:
        return np.zeros(len(vectors), dtype=np.float64)
    return np.asarray(vectors @ (centroid / norm), dtype=np.float64)


def _nearest(vectors: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    if not rows:
        return np.zeros(len(vectors), dtype=np.float64)
    similarity = vectors @ vectors[list(rows)].T  # (candidates, decided)
    similarity[list(rows), np.arange(len(rows))] = -np.inf  # not oneself
    best = similarity.max(axis=1)
    return np.asarray(np.where(np.isfinite(best), best, 0.0), dtype=np.float64)


def taste_features(embeddings: np.ndarray, labels: Mapping[int, int]) -> np.ndarray:
    """``(candidates, 4)`` :data:`TASTE_FEATURES` from the decided rows (``labels``: row → 0/1).

    Args:
        embeddings: ``(candidates, dim)`` unit vectors of one encoder.
        labels: Row → 1 (shortlisted) or 0 (rejected) for the decided rows.

    Raises:
        InvalidInputError: A labelled row is outside ``embeddings``.
    """
    if any(not 0 <= row < len(embeddings) for row in labels):
        raise InvalidInputError(f"labelled rows must lie within 0-{len(embeddings) - 1}")
    vectors = np.asarray(embeddings, dtype=np.float64)
    positive = sorted(r for r, y in labels.items() if y == 1)
    negative = sorted(r for r, y in labels.items() if y == 0)
    columns = [
        _centroid_cosine(vectors, positive),
        _centroid_cosine(vectors, negative),
        _nearest(vectors, positive),
        _nearest(vectors, negative),
    ]
    return np.round(np.column_stack(columns), 5)


def requirement_status(matches: Sequence[Match]) -> np.ndarray:
    """``(len(matches), requirements)``: met 1, partial 0.5, missing / not assessed 0.

    Every match must be of the same job (the same requirements, in the same order).

    Raises:
        InvalidInputError: The matches list different numbers of requirements.
    """
    widths = {len(m.evidence) for m in matches}
    if len(widths) > 1:
        raise InvalidInputError(f"matches of one job expected, got {sorted(widths)} requirements")
    width = widths.pop() if widths else 0
    return np.asarray(
        [[_STATUS.get(e.status, 0.0) for e in m.evidence] for m in matches], dtype=np.float64
    ).reshape(len(matches), width)
