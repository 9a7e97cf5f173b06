"""The labelled-ad ingredients: a query scored against the job ads the user imported.

CareerBERT folds labelled ads into an occupation's *centroid*; with many ads per occupation the
ads carry more than a share of one averaged vector can hold. Two ingredients use them directly,
each ``(queries, occupations)`` and 0 for an occupation without ads:

* ``ad_mean`` — cosine to the normalised mean of the occupation's ad vectors (a pure-ads
  centroid, not diluted by the ESCO texts);
* ``ad_nearest`` — cosine to the occupation's closest single ad (nearest neighbour: an input
  phrased like one known ad finds its occupation even when the occupation's other ads differ).

Their weights are not fixed: :mod:`cvmatch.scoring.ad_tuning` picks them by cross-validation
on the user's own ads, since the useful weight depends on how many ads there are and how alike
they are (job titles want a large ``ad_nearest``, long ads a small one).
"""

import numpy as np

from cvmatch.encoders.base import normalise
from cvmatch.index.occupations import OccupationIndex

AD_INGREDIENTS = ("ad_mean", "ad_nearest")
AD_DEPENDENT = ("centroid", *AD_INGREDIENTS)
"""Ingredients whose value changes with the imported ads."""


def ad_means(index: OccupationIndex) -> np.ndarray:
    """``(occupations, dim)``: each occupation's normalised mean ad vector (0 without ads)."""
    n, dim = len(index.entries), index.text_vectors.shape[1]
    total = np.zeros((n, dim), dtype=np.float32)
    if index.ads_count:
        np.add.at(total, index.ad_owner, index.ad_vectors)
    return normalise(total)


def ad_nearest(index: OccupationIndex, query_vectors: np.ndarray, chunk: int = 512) -> np.ndarray:
    """``(queries, occupations)``: cosine to each occupation's closest ad (0 without ads)."""
    n = len(index.entries)
    out = np.zeros((len(query_vectors), n), dtype=np.float32)
    if not index.ads_count:
        return out
    owners, starts = np.unique(index.ad_owner, return_index=True)
    for first in range(0, len(query_vectors), chunk):
        sims = query_vectors[first : first + chunk] @ index.ad_vectors.T
        out[first : first + chunk, owners] = np.maximum.reduceat(sims, starts, axis=1)
    return out


def ad_scores(index: OccupationIndex, query_vectors: np.ndarray) -> dict[str, np.ndarray]:
    """Both ad ingredients (empty when the index holds no ads)."""
    if not index.ads_count:
        return {}
    return {
        "ad_mean": np.asarray(query_vectors @ ad_means(index).T, dtype=np.float32),
        "ad_nearest": ad_nearest(index, query_vectors),
    }
