"""Score texts against the occupation index: max over labels, centroid, lexical, and their mix.

Ingredients, each a ``(queries, occupations)`` matrix:

* ``max_label`` — cosine of the query to the occupation's best label (any language);
* ``centroid`` — cosine to the occupation's job centroid (texts + imported ads, CareerBERT);
* ``text`` — cosine to the occupation's one text (reported, not mixed by default);
* ``lexical`` — TF-IDF cosine (word 1–2-grams, sublinear tf, scikit-learn) to the one text;
* ``label_char`` — TF-IDF cosine (char 3–5-grams) to the occupation's best label (typos,
  inflections: "developper", "nurses");
* ``ad_mean``, ``ad_nearest`` — the imported labelled ads (:mod:`cvmatch.occupations.ad_signals`).

After the weighted sum, ``isco`` smooths each occupation's score towards the best score of its
ISCO unit group (:func:`isco_smooth`): the hierarchy as a prior, a strong sibling lifts it.

The default mix (:class:`RecommendWeights`) was fixed before measuring and is documented in
``docs/recommend.md``; ``bench/quality/recommend_quality.py`` reports every ingredient alone and mixed.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from cvmatch.index.budget import budget_bytes, rows_per_block
from cvmatch.index.exact import ExactIndex
from cvmatch.occupations.ad_signals import AD_INGREDIENTS, AdCharIndex, ad_scores
from cvmatch.occupations.index import OccupationIndex, one_text

INGREDIENTS = (
    "max_label",
    "centroid",
    "text",
    "lexical",
    "label_char",
    "title_label",
    "title_char",
    *AD_INGREDIENTS,
)


@dataclass(frozen=True)
class RecommendWeights:
    """Weights of the ingredients in the occupation score (their sum is the top score)."""

    max_label: float = 0.5
    centroid: float = 0.3
    text: float = 0.0
    lexical: float = 0.2
    label_char: float = 0.0
    isco: float = 0.0
    """Share of the ISCO unit group's best score in the smoothed score (0: no smoothing)."""
    title_label: float = 0.0
    """The input's title(s) vs the labels, dense (``cvmatch.occupations.title_signals``)."""
    title_char: float = 0.0
    """The input's title(s) vs the labels, char TF-IDF."""
    ad_mean: float = 0.0
    """Mean of the occupation's imported ads (picked per ads file by cross-validation)."""
    ad_nearest: float = 0.0
    """The occupation's closest imported ads, soft maximum (picked the same way)."""
    ad_char: float = 0.0
    """Char TF-IDF to the occupation's closest imported ad text (picked the same way)."""

    def items(self) -> list[tuple[str, float]]:
        """``(ingredient, weight)`` pairs with a non-zero weight."""
        pairs = [(name, float(getattr(self, name))) for name in INGREDIENTS]
        return [(name, w) for name, w in pairs if w]


FIXED_WEIGHTS = RecommendWeights()
"""The first mix, fixed before any measurement (0.5 label + 0.3 centroid + 0.2 lexical)."""

OFF_THE_SHELF_WEIGHTS = RecommendWeights(
    0.4, 0.2, 0.2, 0.2, label_char=0.2, isco=0.3, title_label=0.2, title_char=0.2
)
"""Mix for the off-the-shelf encoders: the best grid point of ``bench/tuning/recommend_tune.py`` for
``minilm-int8`` on ESCO v1.0/v1.1.1 labels that ESCO v1.2 lacks (never a reported dev set), plus
the title weights ``bench.quality.recommend_structure --tune`` picked on title / ad / CV-shaped
queries built from those labels."""

TRAINED_WEIGHTS = RecommendWeights(0.2, 0.2, 0.0, 0.2, label_char=0.2, isco=0.3, title_char=0.2)
"""Mix for the fine-tuned ``recommend-esco`` encoder, picked the same way (the ingredient
weights for its v1, the title weights for its v2: ``title_label`` 0 there, ``title_char`` 0.2)."""


class LexicalIndex:
    """TF-IDF over the occupations' one texts, fitted once."""

    def __init__(self, index: OccupationIndex, language: str = "en") -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 (lazy, heavy)

        self._vectorizer = TfidfVectorizer(
            lowercase=True, sublinear_tf=True, ngram_range=(1, 2), min_df=1
        )
        self._matrix = self._vectorizer.fit_transform(
            [one_text(e, language) for e in index.entries]
        )

    def similarity(self, queries: Sequence[str]) -> np.ndarray:
        """``(queries, occupations)`` TF-IDF cosines in [0, 1]."""
        q = self._vectorizer.transform(list(queries))
        return np.asarray((q @ self._matrix.T).toarray(), dtype=np.float32)


def fit_label_chars(texts: Sequence[str]) -> tuple[Any, Any]:
    """The char 3–5-gram TF-IDF fitted on ``texts`` and its ``(n-grams, texts)`` CSR matrix."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: PLC0415 (lazy, heavy)

    vectorizer = TfidfVectorizer(
        lowercase=True, sublinear_tf=True, analyzer="char_wb", ngram_range=(3, 5)
    )
    return vectorizer, vectorizer.fit_transform(list(texts)).T.tocsr()


class LabelCharIndex:
    """TF-IDF char 3–5-grams over every label row; an occupation scores its best label.

    ``fitted`` is a :func:`fit_label_chars` result for exactly ``index.labels.texts`` (one read
    from the cache, :mod:`cvmatch.occupations.char_cache`); None fits it here.
    """

    def __init__(self, index: OccupationIndex, fitted: tuple[Any, Any] | None = None) -> None:
        self._vectorizer, self._matrix = fitted or fit_label_chars(index.labels.texts)
        self._starts = index.label_starts

    def similarity(self, queries: Sequence[str], chunk: int = 512) -> np.ndarray:
        """``(queries, occupations)`` best-label char TF-IDF cosines (queries in chunks).

        A chunk is at most ``chunk`` queries and at most the block budget of dense cosines.
        """
        chunk = min(chunk, rows_per_block(self._matrix.shape[1], 4, budget_bytes()))
        out = []
        for start in range(0, len(queries), chunk):
            q = self._vectorizer.transform(list(queries[start : start + chunk]))
            sims = np.asarray((q @ self._matrix).toarray(), dtype=np.float32)
            out.append(np.maximum.reduceat(sims, self._starts, axis=1))
        return np.concatenate(out) if out else np.zeros((0, len(self._starts)), np.float32)


def isco_smooth(scores: np.ndarray, groups: Sequence[str], weight: float) -> np.ndarray:
    """``(1 − weight) · score + weight · best score of the occupation's ISCO unit group``.

    An occupation without a group is its own group (unchanged).
    """
    if not weight:
        return scores
    keys = [g or f"#{i}" for i, g in enumerate(groups)]
    names = sorted(set(keys))
    gid = np.searchsorted(np.asarray(names), np.asarray(keys))
    order = np.argsort(gid, kind="stable")
    starts = np.searchsorted(gid[order], np.arange(len(names)))
    best = np.maximum.reduceat(scores[:, order], starts, axis=1)
    return np.asarray((1.0 - weight) * scores + weight * best[:, gid], dtype=np.float32)


def max_over_labels(
    index: OccupationIndex, query_vectors: np.ndarray, budget: int | None = None
) -> np.ndarray:
    """``(queries, occupations)``: each occupation's best label cosine.

    Query rows go in blocks of at most ``budget`` bytes of label cosines (default
    ``Settings.block_budget_mib``): never a ``queries x labels`` matrix.
    """
    starts = index.label_starts
    dtype = np.result_type(query_vectors, index.label_vectors)
    best = np.empty((len(query_vectors), len(starts)), dtype=dtype)
    for rows, sims in ExactIndex(index.label_vectors, budget).score_blocks(query_vectors):
        best[rows] = np.maximum.reduceat(sims, starts, axis=1)
    return best


def ingredient_scores(  # noqa: PLR0913 (bundle the 3 text indexes once bench/ moves)
    index: OccupationIndex,
    query_vectors: np.ndarray,
    query_texts: Sequence[str],
    lexical: LexicalIndex | None,
    names: Sequence[str] = INGREDIENTS,
    *,
    label_char: LabelCharIndex | None = None,
    ad_char: AdCharIndex | None = None,
) -> dict[str, np.ndarray]:
    """The requested ingredients.

    ``lexical`` / ``label_char`` come only when their index is given, the ad ingredients only
    when ``index`` holds ads.
    """
    result: dict[str, np.ndarray] = {}
    if "max_label" in names:
        result["max_label"] = max_over_labels(index, query_vectors)
    if "centroid" in names:
        result["centroid"] = query_vectors @ index.centroids.T
    if "text" in names:
        result["text"] = query_vectors @ index.text_vectors.T
    if "lexical" in names and lexical is not None:
        result["lexical"] = lexical.similarity(query_texts)
    if "label_char" in names and label_char is not None:
        result["label_char"] = label_char.similarity(query_texts)
    if set(AD_INGREDIENTS) & set(names):
        result |= ad_scores(index, query_vectors, query_texts, ad_char)
    return result


def combine(
    ingredients: dict[str, np.ndarray],
    weights: RecommendWeights,
    groups: Sequence[str] | None = None,
) -> np.ndarray:
    """Weighted sum of the ingredients (missing ones count 0), ISCO-smoothed given ``groups``."""
    total: np.ndarray | None = None
    for name, weight in weights.items():
        if name in ingredients:
            part = weight * ingredients[name]
            total = part if total is None else total + part
    if total is None:
        raise ValueError("no ingredient with a non-zero weight was computed")
    total = np.asarray(total, dtype=np.float32)
    if groups is not None and weights.isco:
        return isco_smooth(total, groups, weights.isco)
    return total


def best_label(index: OccupationIndex, row: int, query_vector: np.ndarray) -> str:
    """The label of occupation ``row`` closest to the query (the one max over labels used)."""
    rows = np.flatnonzero(index.labels.owner == row)
    if not len(rows):
        return ""
    sims = index.label_vectors[rows] @ query_vector
    return index.labels.texts[int(rows[int(np.argmax(sims))])]


def top_rows(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` best scores, best first; ties by index (deterministic)."""
    order = np.lexsort((np.arange(len(scores)), -scores))
    return [int(i) for i in order[:k]]


def occupation_profile(scores: np.ndarray, k: int = 20, temperature: float = 0.05) -> np.ndarray:
    """Rows of ``scores`` as occupation distributions: softmax over each row's top ``k``.

    Used to compare a CV and a job by the occupations they point to (``cvmatch match``).
    """
    matrix = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    keep = min(k, matrix.shape[1])
    cut = np.partition(matrix, matrix.shape[1] - keep, axis=1)[:, matrix.shape[1] - keep][:, None]
    logits = np.where(
        matrix >= cut, (matrix - matrix.max(axis=1, keepdims=True)) / temperature, -np.inf
    )
    weights = np.exp(logits)
    return np.asarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float32)


def profile_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``(len(a), len(b))`` cosines between occupation distributions (0–1)."""
    na = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    nb = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return np.asarray(na @ nb.T, dtype=np.float32)
