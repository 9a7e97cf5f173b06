"""The labelled-ad ingredients: a query scored against the job ads the user imported.

CareerBERT folds labelled ads into an occupation's *centroid*; with many ads per occupation the
ads carry more than a share of one averaged vector can hold. Three ingredients use them
directly, each ``(queries, occupations)`` and 0 for an occupation without ads:

* ``ad_mean`` — cosine to the normalised mean of the occupation's ad vectors (a pure-ads
  centroid, not diluted by the ESCO texts);
* ``ad_nearest`` — a soft maximum of the cosines to the occupation's ads,
  ``m + T · log Σ exp((cosᵢ − m) / T)`` with ``m`` the largest cosine and ``T`` =
  :data:`SOFTNESS`: the closest ad decides, and several close ads count a little more than one
  (one ad: exactly its cosine). An input phrased like known ads finds their occupation even
  when the occupation's other ads differ;
* ``ad_char`` — char 3–5-gram TF-IDF cosine to the occupation's closest ad text (spelling
  variants and word pieces the encoder blurs: "Java Dev", "Javaentwickler").

Their weights are not fixed: :mod:`cvmatch.occupations.tuning` picks them by cross-validation
on the user's own ads, since the useful weight depends on how many ads there are and how alike
they are (job titles want a large ``ad_nearest``, long ads a small one).
"""

from collections.abc import Sequence

import numpy as np

from cvmatch.occupations.index import OccupationIndex

AD_INGREDIENTS = ("ad_mean", "ad_nearest", "ad_char")
AD_DEPENDENT = ("centroid", *AD_INGREDIENTS)
"""Ingredients whose value changes with the imported ads."""
SOFTNESS = 0.05
"""Temperature ``T`` of the soft maximum of ``ad_nearest`` (cosine units)."""


def _per_occupation(index: OccupationIndex, sims: np.ndarray, soft: float) -> np.ndarray:
    """``(rows, occupations)``: the (soft) maximum of ``sims`` (columns: ads) per occupation."""
    owners, starts = np.unique(index.ad_owner, return_index=True)
    out = np.zeros((len(sims), len(index.entries)), dtype=np.float32)
    if not soft:
        out[:, owners] = np.maximum.reduceat(sims, starts, axis=1)
        return out
    top = np.maximum.reduceat(sims, starts, axis=1)
    spread = np.exp(
        (sims - np.repeat(top, np.diff(np.append(starts, sims.shape[1])), axis=1)) / soft
    )
    out[:, owners] = top + soft * np.log(np.add.reduceat(spread, starts, axis=1))
    return out


def ad_nearest(
    index: OccupationIndex, query_vectors: np.ndarray, soft: float = SOFTNESS, chunk: int = 512
) -> np.ndarray:
    """``(queries, occupations)``: soft maximum of the cosines to each occupation's ads."""
    out = np.zeros((len(query_vectors), len(index.entries)), dtype=np.float32)
    if not index.ads_count:
        return out
    for first in range(0, len(query_vectors), chunk):
        sims = query_vectors[first : first + chunk] @ index.ad_vectors.T
        out[first : first + chunk] = _per_occupation(index, sims, soft)
    return out


class AdCharIndex:
    """Char 3–5-gram TF-IDF over the ad texts of an index; an occupation scores its best ad."""

    def __init__(self, index: OccupationIndex) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 (lazy, heavy)

        self._index = index
        self._vectorizer = TfidfVectorizer(
            lowercase=True, sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5)
        )
        self._matrix = self._vectorizer.fit_transform(list(index.ad_texts)).T.tocsr()

    def similarity(self, queries: Sequence[str], chunk: int = 512) -> np.ndarray:
        """``(queries, occupations)`` char TF-IDF cosine to each occupation's closest ad."""
        out = []
        for first in range(0, len(queries), chunk):
            q = self._vectorizer.transform(list(queries[first : first + chunk]))
            sims = np.asarray((q @ self._matrix).toarray(), dtype=np.float32)
            out.append(_per_occupation(self._index, sims, 0.0))
        return np.concatenate(out) if out else np.zeros((0, len(self._index.entries)), np.float32)


def ad_scores(
    index: OccupationIndex,
    query_vectors: np.ndarray,
    query_texts: Sequence[str],
    chars: AdCharIndex | None = None,
) -> dict[str, np.ndarray]:
    """The ad ingredients (empty when the index holds no ads; ``chars`` built when not given)."""
    if not index.ads_count:
        return {}
    return {
        "ad_mean": np.asarray(query_vectors @ index.ad_means.T, dtype=np.float32),
        "ad_nearest": ad_nearest(index, query_vectors),
        "ad_char": (chars or AdCharIndex(index)).similarity(query_texts),
    }
