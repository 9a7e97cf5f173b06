"""Ad weights picked by cross-validation, and cross-fitted scores that never see their own label."""

import numpy as np
from tests.support.occupations import make_index

from cvmatch.occupations.ad_weights import background_ads
from cvmatch.occupations.index import with_ads
from cvmatch.occupations.signals import RecommendWeights
from cvmatch.occupations.tuning import (
    BackgroundAds,
    LabelledQueries,
    crossfit_scores,
    reciprocal_ranks,
    tune_ad_weights,
)

WEIGHTS = RecommendWeights(max_label=0.4, centroid=0.2, lexical=0.0)


def _queries(
    vectors: np.ndarray, gold: np.ndarray, parts: dict[str, np.ndarray]
) -> LabelledQueries:
    keys = np.arange(len(gold), dtype=np.int64) * 7919  # spreads the rows over the folds
    texts = tuple(f"t{i}" for i in range(len(gold)))  # no shared character n-grams to speak of
    return LabelledQueries(texts, texts, vectors, vectors, parts, gold, keys)


def _clusters(n_occ: int, per: int, dim: int = 16) -> tuple[np.ndarray, np.ndarray]:
    """``per`` queries near each occupation's own random direction."""
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(n_occ, dim))
    gold = np.repeat(np.arange(n_occ), per)
    vectors = centres[gold] + 0.3 * rng.normal(size=(len(gold), dim))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32), gold


def test_informative_ads_get_weight_and_lift_the_crossfitted_mrr() -> None:
    vectors, gold = _clusters(n_occ=8, per=10)
    noise = np.random.default_rng(2).uniform(size=(len(gold), 8)).astype(np.float32)
    queries = _queries(vectors, gold, {"max_label": noise})  # the texts alone say nothing
    index = make_index(8, dim=16)
    groups = [""] * 8
    weights, cv_mrr = tune_ad_weights(index, WEIGHTS, queries, groups)
    assert weights.ad_mean + weights.ad_nearest > 0
    scores, chosen = crossfit_scores(index, WEIGHTS, queries, groups)
    assert len(chosen) == 5
    without_ads = reciprocal_ranks(0.4 * noise, gold).mean()
    assert reciprocal_ranks(scores, gold).mean() > without_ads + 0.3
    assert cv_mrr > without_ads + 0.3


def test_useless_ads_get_no_weight() -> None:
    vectors, _ = _clusters(n_occ=6, per=8)
    gold = np.random.default_rng(3).permutation(np.repeat(np.arange(6), 8))  # labels unrelated
    exact = np.eye(6, dtype=np.float32)[gold]  # the texts name their occupation
    queries = _queries(vectors, gold, {"max_label": exact})
    weights, cv_mrr = tune_ad_weights(make_index(6, dim=16), WEIGHTS, queries, [""] * 6)
    assert (weights.ad_mean, weights.ad_nearest) == (0.0, 0.0)
    assert cv_mrr == 1.0


def test_a_crossfitted_query_never_sees_its_own_label() -> None:
    n = 12  # each query alone in its occupation, orthogonal to every other query
    vectors = np.eye(n, dtype=np.float32)
    gold = np.arange(n)
    queries = _queries(vectors, gold, {"max_label": np.zeros((n, n), np.float32)})
    scores, _ = crossfit_scores(make_index(n, dim=n), WEIGHTS, queries, [""] * n)
    # had a query been among its own ads, its nearest ad (itself) would score 1 on its gold
    assert not scores[np.arange(n), gold].any()


def test_too_few_ads_to_cross_validate_keep_the_base_weights() -> None:
    vectors, gold = _clusters(n_occ=2, per=1)
    queries = LabelledQueries(
        ("a", "b"), ("a", "b"), vectors, vectors, {}, gold, np.zeros(2, np.int64)
    )
    assert tune_ad_weights(make_index(2, dim=16), WEIGHTS, queries, ["", ""]) == (WEIGHTS, 0.0)


def test_background_ads_stay_in_every_fold_and_change_the_choice() -> None:
    # One sampled ad per occupation: alone, a held-out ad never meets an ad of its occupation.
    vectors, gold = _clusters(n_occ=8, per=6)
    sampled = np.arange(len(gold)) % 6 == 0
    noise = np.random.default_rng(4).uniform(size=(len(gold), 8)).astype(np.float32)
    queries = _queries(vectors, gold, {"max_label": noise}).subset(sampled)
    index, groups = make_index(8, dim=16), [""] * 8
    alone, _ = tune_ad_weights(index, WEIGHTS, queries, groups)
    assert (alone.ad_mean, alone.ad_nearest) == (0.0, 0.0)
    others = BackgroundAds(gold[~sampled], vectors[~sampled], tuple(f"b{i}" for i in range(40)))
    with_background, cv_mrr = tune_ad_weights(index, WEIGHTS, queries, groups, background=others)
    assert with_background.ad_mean + with_background.ad_nearest > 0
    assert cv_mrr > reciprocal_ranks(0.4 * noise[sampled], gold[sampled]).mean() + 0.3


def test_background_never_holds_a_sampled_text() -> None:
    eye = np.eye(4, dtype=np.float32)
    index = with_ads(make_index(3, dim=4), np.asarray([0, 1, 2, 2]), eye, ["a", "b", "c", "a"])
    background = background_ads(index, [(0, "a")])
    assert background.texts == ("b", "c")  # the second "a" (another occupation) is left out too
    assert background.rows.tolist() == [1, 2]
    np.testing.assert_allclose(background.vectors, eye[[1, 2]])
