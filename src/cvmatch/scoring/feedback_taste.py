"""Features that carry a recruiter's taste: likeness to the decided candidates, requirement status.

Two kinds of columns, both per candidate of one job:

* **Rocchio similarities** (:func:`taste_features`) on the feedback encoder's unit vectors::

      pos_centroid[i] = cos(v[i], normalise(mean(v[s] for s shortlisted)))
      neg_centroid[i] = cos(v[i], normalise(mean(v[r] for r rejected)))
      pos_nearest[i]  = max(v[i] · v[s] for s shortlisted)
      neg_nearest[i]  = max(v[i] · v[r] for r rejected)

  The centroids say "more like these" (the star blend's signal, and its mirror for rejects); the
  nearest neighbours keep a taste with several modes (two kinds of title both shortlisted). A
  decided candidate is left out of its own centroid and nearest-neighbour maximum (leave one
  out), else every decided row would look like its own class and the fit would over-trust
  these columns.
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


def centroid_cosine(vectors: np.ndarray, rows: Sequence[int]) -> np.ndarray:
    """Cosine with the rows' centroid; each of ``rows`` is compared with the others' centroid."""
    if not rows:
        return np.zeros(len(vectors), dtype=np.float64)
    own = np.zeros((len(vectors), 1))
    own[list(rows)] = 1.0
    centroids = vectors[list(rows)].sum(axis=0)[None, :] - own * vectors  # leave oneself out
    norms = np.linalg.norm(centroids, axis=1)
    dots = np.einsum("ij,ij->i", vectors, centroids)
    safe = np.where(norms > 0.0, norms, 1.0)
    return np.asarray(np.where(norms > 0.0, dots / safe, 0.0), dtype=np.float64)


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
    table = np.column_stack(
        [
            centroid_cosine(vectors, positive),
            centroid_cosine(vectors, negative),
            _nearest(vectors, positive),
            _nearest(vectors, negative),
        ]
    )
    _impute_lone(table, positive, negative)
    return np.round(table, 5)


def _impute_lone(table: np.ndarray, positive: list[int], negative: list[int]) -> None:
    """A class of one has nothing to compare its member with: give it the other class's mean.

    Its own-class columns then carry no preference in any pair (a 0, or the undecided mean,
    would make a lone reject look *less* like rejects than the shortlisted candidates, which
    resemble it, and the fit would learn that resembling rejects is good).
    """
    for rows, others, columns in ((positive, negative, (0, 2)), (negative, positive, (1, 3))):
        if len(rows) == 1 and others:
            for column in columns:
                table[rows[0], column] = float(table[others, column].mean())


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
