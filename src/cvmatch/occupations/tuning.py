"""Weights of the labelled-ad ingredients, chosen by cross-validation on the ads themselves.

How much an imported ad should count depends on the ads: thousands of short job titles make the
nearest ad a strong vote, a few hundred long ads a weak one. So the weights of ``ad_mean`` and
``ad_nearest`` are not fixed numbers. :func:`tune_ad_weights` reads the labelled ads as queries,
splits them into ``folds`` parts, and for each part scores it against an index that holds only the
other parts' ads; the grid point with the best mean MRR@100 over all held-out ads wins (ties: the
smaller ad weights). The base mix (:class:`RecommendWeights`) stays as it is.

Past a few thousand ads only a sample is read as queries; the other ads then stay in every fold
as ``background`` (:class:`BackgroundAds`), so the folds see the deployed ad density and the
weights are not tuned for a sparser index than the one they serve.

:func:`crossfit_scores` measures the whole procedure honestly: each query is scored by an index
built from the *other* folds' labelled queries, with ad weights tuned by an inner
cross-validation on those same other folds, so no query ever sees its own label.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import product

import numpy as np

from cvmatch.occupations.ad_signals import AD_DEPENDENT, AD_INGREDIENTS, ad_scores
from cvmatch.occupations.index import OccupationIndex, with_ads
from cvmatch.occupations.signals import RecommendWeights, combine, isco_smooth

AD_MEAN_GRID = (0.0, 0.2)
AD_NEAREST_GRID = (0.0, 0.2, 0.4, 0.8, 1.2, 1.6, 2.4)
AD_CHAR_GRID = (0.0, 0.2, 0.4, 0.8)
GRIDS = {"ad_mean": AD_MEAN_GRID, "ad_nearest": AD_NEAREST_GRID, "ad_char": AD_CHAR_GRID}
FOLDS = 5
MRR_CUTOFF = 100


@dataclass(frozen=True)
class LabelledQueries:
    """Labelled ads read as queries, with what scoring them needs.

    Attributes:
        texts: The texts as queries (what ``ad_char`` compares).
        ad_texts: What each row contributes as an ad (often the same texts).
        query_vectors: ``(n, dim)`` query-role vectors of the texts.
        ad_vectors: ``(n, dim)`` passage-role vectors of ``ad_texts`` (what an index stores).
        parts: Ingredients of the texts that do not depend on ads (``(n, occupations)`` each).
        gold: Occupation row of each text.
        keys: A stable integer per text (e.g. from a hash of the text): it picks the folds.
    """

    texts: tuple[str, ...]
    ad_texts: tuple[str, ...]
    query_vectors: np.ndarray
    ad_vectors: np.ndarray
    parts: dict[str, np.ndarray]
    gold: np.ndarray
    keys: np.ndarray

    def subset(self, mask: np.ndarray) -> "LabelledQueries":
        """The rows where ``mask`` is true."""
        rows = np.flatnonzero(mask)
        return LabelledQueries(
            tuple(self.texts[i] for i in rows),
            tuple(self.ad_texts[i] for i in rows),
            self.query_vectors[mask],
            self.ad_vectors[mask],
            {k: v[mask] for k, v in self.parts.items()},
            self.gold[mask],
            self.keys[mask],
        )


@dataclass(frozen=True)
class BackgroundAds:
    """Ads in every fold but never read as queries: occupation ``rows``, passage ``vectors``."""

    rows: np.ndarray
    vectors: np.ndarray
    texts: tuple[str, ...]


def _grid(base: RecommendWeights) -> list[RecommendWeights]:
    points = sorted(product(AD_MEAN_GRID, AD_NEAREST_GRID, AD_CHAR_GRID), key=lambda p: (sum(p), p))
    return [replace(base, ad_mean=m, ad_nearest=n, ad_char=c) for m, n, c in points]


def as_ads(
    index: OccupationIndex, queries: LabelledQueries, background: BackgroundAds | None = None
) -> OccupationIndex:
    """``index`` holding ``queries`` (and ``background``) as its only ads."""
    if background is None or not len(background.rows):
        return with_ads(index, queries.gold, queries.ad_vectors, queries.ad_texts)
    return with_ads(
        index,
        np.concatenate([queries.gold, background.rows]),
        np.concatenate([queries.ad_vectors, background.vectors]),
        queries.ad_texts + background.texts,
    )


def reciprocal_ranks(scores: np.ndarray, gold: np.ndarray, cutoff: int = MRR_CUTOFF) -> np.ndarray:
    """Per row, ``1 / rank`` of its gold column (0 beyond ``cutoff``); ties rank optimistically."""
    gold_scores = scores[np.arange(len(gold)), gold][:, None]
    ranks = (scores > gold_scores).sum(axis=1) + 1
    return np.where(ranks <= cutoff, 1.0 / ranks, 0.0)


def score_with_ads(
    index: OccupationIndex,
    weights: RecommendWeights,
    queries: LabelledQueries,
    groups: Sequence[str],
) -> np.ndarray:
    """``(queries, occupations)`` mixed scores against ``index`` and its ads."""
    return combine(_with_ad_parts(index, queries), weights, groups)


def _with_ad_parts(index: OccupationIndex, queries: LabelledQueries) -> dict[str, np.ndarray]:
    """The queries' ingredients with the ad-dependent ones computed against ``index``."""
    parts = {k: v for k, v in queries.parts.items() if k not in AD_DEPENDENT}
    parts["centroid"] = queries.query_vectors @ index.centroids.T
    return parts | ad_scores(index, queries.query_vectors, queries.texts)


def _fold_scores(
    index: OccupationIndex,
    base: RecommendWeights,
    train: LabelledQueries,
    test: LabelledQueries,
    groups: Sequence[str],
    background: BackgroundAds | None,
) -> list[float]:
    """Summed reciprocal ranks of ``test`` for every grid point, ``train`` (+ background) as ads."""
    parts = _with_ad_parts(as_ads(index, train, background), test)
    ads = {name: parts.pop(name) for name in AD_INGREDIENTS if name in parts}
    plain = combine(parts, replace(base, isco=0.0))
    sums = []
    for point in _grid(base):
        mixed = plain + sum(getattr(point, name) * ads[name] for name in ads)
        smoothed = isco_smooth(np.asarray(mixed, np.float32), groups, base.isco)
        sums.append(float(reciprocal_ranks(smoothed, test.gold).sum()))
    return sums


def tune_ad_weights(
    index: OccupationIndex,
    base: RecommendWeights,
    queries: LabelledQueries,
    groups: Sequence[str],
    folds: int = FOLDS,
    background: BackgroundAds | None = None,
) -> tuple[RecommendWeights, float]:
    """The grid point with the best cross-validated MRR@100 on ``queries``, and that MRR.

    ``index`` is the occupation index *without* ads; fold ``f`` holds the queries whose
    ``key // folds % folds == f`` (other digits than :func:`crossfit_scores` uses, so an inner
    split never mirrors the outer one). ``background`` ads are in every fold's index. With fewer
    than two non-empty folds, ``base`` is kept.
    """
    fold = (queries.keys // folds) % folds
    totals = np.zeros(len(_grid(base)))
    used = 0
    for f in range(folds):
        test = fold == f
        if not test.any() or test.all():
            continue
        used += 1
        train, held = queries.subset(~test), queries.subset(test)
        totals += _fold_scores(index, base, train, held, groups, background)
    if used < 2:  # noqa: PLR2004 - cross-validation needs two folds
        return base, 0.0
    best = int(np.argmax(totals))  # first maximum: the grid is ordered by total ad weight
    return _grid(base)[best], float(totals[best] / len(queries.gold))


def crossfit_scores(
    index: OccupationIndex,
    base: RecommendWeights,
    queries: LabelledQueries,
    groups: Sequence[str],
    folds: int = FOLDS,
) -> tuple[np.ndarray, list[RecommendWeights]]:
    """Scores of every query by an index holding only the other folds' queries as ads.

    Fold ``f`` holds the queries whose ``key % folds == f``. Returns the ``(queries,
    occupations)`` scores and the weights tuned (on the other folds only) for each fold.
    """
    fold = queries.keys % folds
    scores = np.zeros((len(queries.gold), len(index.entries)), dtype=np.float32)
    chosen = []
    for f in range(folds):
        test = fold == f
        if not test.any():
            continue
        train = queries.subset(~test)
        weights, _ = tune_ad_weights(index, base, train, groups, folds)
        scores[test] = score_with_ads(as_ads(index, train), weights, queries.subset(test), groups)
        chosen.append(weights)
    return scores, chosen
