"""The labelled-ad ingredients and swapping the ads of an occupation index."""

import numpy as np
import pytest
from tests.support.occupations import make_index

from cvmatch.occupations.ad_signals import AdCharIndex, ad_nearest, ad_scores
from cvmatch.occupations.index import with_ads

DIM = 4


def test_nearest_ad_and_mean_ad_score_only_occupations_with_ads() -> None:
    eye = np.eye(DIM, dtype=np.float32)
    index = with_ads(make_index(3), np.asarray([2, 0, 0]), eye[[2, 0, 1]], ["c", "a", "b"])
    assert index.ads_count == 3
    assert index.ad_owner.tolist() == [0, 0, 2]  # grouped by occupation
    assert index.ad_texts == ("a", "b", "c")  # texts follow their vectors
    near = ad_nearest(index, eye[[1]], soft=0.0)
    assert near[0].tolist() == pytest.approx([1.0, 0.0, 0.0])  # e1 is an ad of o0; o1 has none
    mean = eye[[1]] @ index.ad_means.T
    assert mean[0].tolist() == pytest.approx([1 / np.sqrt(2), 0.0, 0.0], abs=1e-6)
    assert set(ad_scores(index, eye[[1]], ["b"])) == {"ad_mean", "ad_nearest", "ad_char"}


def test_soft_nearest_counts_several_close_ads_a_little_more_than_one() -> None:
    near = np.asarray([[1.0, 0.0], [0.96, 0.28]], np.float32)  # two ads, cosines 1 and 0.96
    index = with_ads(make_index(2, dim=2), np.asarray([0, 0]), near, ["x", "y"])
    lone = with_ads(make_index(2, dim=2), np.asarray([0]), near[:1], ["x"])
    query = np.asarray([[1.0, 0.0]], np.float32)
    one = ad_nearest(lone, query)[0, 0]
    two = ad_nearest(index, query)[0, 0]
    assert one == pytest.approx(1.0)  # one ad: exactly its cosine
    assert 1.0 < two < 1.0 + 0.05 * np.log(2) + 1e-6  # bounded by T·log(ads)
    assert ad_nearest(index, query, soft=0.0)[0, 0] == pytest.approx(1.0)


def test_char_ingredient_finds_the_ad_with_the_closest_spelling() -> None:
    vectors = np.ones((3, DIM), np.float32)
    index = with_ads(
        make_index(3),
        np.asarray([0, 1, 1]),
        vectors,
        ["java developer", "baker", "bakery assistant"],
    )
    sims = AdCharIndex(index).similarity(["Java Develloper", "bakers"])
    assert int(np.argmax(sims[0])) == 0
    assert int(np.argmax(sims[1])) == 1
    assert sims[:, 2].tolist() == [0.0, 0.0]  # o2 has no ads


def test_an_index_without_ads_has_no_ad_ingredients() -> None:
    index = make_index(2)
    assert index.ads_count == 0
    assert ad_scores(index, np.ones((1, DIM), np.float32), ["x"]) == {}
    assert not ad_nearest(index, np.ones((3, DIM), np.float32)).any()


def test_with_ads_replaces_the_ads_instead_of_adding_them() -> None:
    rng = np.random.default_rng(0)
    index = make_index(3)
    first = with_ads(index, np.asarray([0, 1]), rng.normal(size=(2, DIM)), ["a", "b"])
    second_vectors = rng.normal(size=(1, DIM))
    swapped = with_ads(first, np.asarray([2]), second_vectors, ["c"])
    direct = with_ads(index, np.asarray([2]), second_vectors, ["c"])
    np.testing.assert_allclose(swapped.centroids, direct.centroids)
    assert swapped.ads_count == 1
    cleared = with_ads(first, np.zeros(0, np.int64), np.zeros((0, DIM), np.float32), [])
    np.testing.assert_allclose(cleared.centroids, index.centroids)
