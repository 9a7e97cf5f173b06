"""Title ↔ title scores: Rocchio feedback, corpus-neighbour smoothing, z-score fusion."""

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    corpus_neighbours,
    feedback_queries,
    fuse_title_scores,
    smooth,
    title_scores,
    zscore_rows,
)

OFF = TitleSimilarityParams(prf_k=0, neighbours=0, hub_k=0)


def _unit(rows: list[list[float]]) -> np.ndarray:
    m = np.asarray(rows, dtype=np.float64)
    return m / np.linalg.norm(m, axis=1, keepdims=True)


def test_with_both_steps_off_the_scores_are_the_cosines() -> None:
    q, d = _unit([[1, 2, 0]]), _unit([[1, 0, 0], [0, 1, 1], [3, 1, 2]])
    assert np.allclose(title_scores(q * 4, d * 2, OFF), q @ d.T)  # inputs need not be unit


def test_feedback_moves_the_query_to_the_mean_of_its_top_titles() -> None:
    q = _unit([[1, 0, 0]])
    d = _unit([[1, 1, 0], [1, 0.9, 0], [0, 0, 1]])
    moved = feedback_queries(q, d, k=2, weight=1.0)
    expected = q + (d[0] + d[1]) / 2  # the two nearest titles, not the third
    assert np.allclose(moved, expected / np.linalg.norm(expected))
    assert np.allclose(feedback_queries(q, d, k=0, weight=1.0), q)


def test_neighbours_exclude_the_title_itself_and_break_ties_by_corpus_order() -> None:
    d = _unit([[1, 0], [1, 0], [1, 0], [0, 1]])
    near, cosines = corpus_neighbours(d, 2)
    assert near.tolist()[:3] == [[1, 2], [0, 2], [0, 1]]
    assert np.allclose(cosines[:3], 1.0)
    assert np.allclose(cosines[3], 0.0)
    assert corpus_neighbours(d, 10)[0].shape == (4, 3)  # at most the n - 1 others


def test_smoothing_adds_the_weighted_mean_score_of_the_neighbours() -> None:
    scores = np.asarray([[0.9, 0.1, 0.5]])
    neighbours = np.asarray([[1, 2], [0, 2], [0, 1]])
    # column 0: 0.9 + 0.5 * (0.1 + 0.5) / 2 = 1.05; column 1: 0.1 + 0.5 * 0.7 = 0.45; ...
    assert np.allclose(smooth(scores, neighbours, 0.5), [[1.05, 0.45, 0.75]])


def test_smoothing_lifts_a_title_of_the_query_cluster_over_an_isolated_one() -> None:
    q = _unit([[1, 0, 0]])
    cluster = [[0.9, 0.45, 0], [0.9, 0.5, 0], [0.9, 0.55, 0]]
    isolated = [0.9, -0.3, 0.3]  # a higher cosine, but its neighbours are far from the query
    d = _unit([*cluster, isolated, [0.4, -0.5, 0.5], [0.4, -0.45, 0.55]])
    plain = title_scores(q, d, OFF)[0]
    assert plain[3] > plain[2]
    smoothed = title_scores(q, d, TitleSimilarityParams(prf_k=0, neighbours=2, hub_k=0))[0]
    assert smoothed[2] > smoothed[3]


def test_hubness_reduction_lowers_a_title_close_to_many_others() -> None:
    q = _unit([[1, 0, 0, 0]])
    hub = [0.9, 0.4, 0, 0]  # nearest the query, and near the whole crowd below
    loner = [0.9, 0, 0, 0.5]  # a little farther from the query, far from the crowd
    crowd = [[0.5, 0.9, 0, 0], [0.5, 0.8, 0.1, 0], [0.4, 0.9, -0.1, 0]]
    d = _unit([hub, loner, *crowd])
    hub_params = TitleSimilarityParams(prf_k=0, neighbours=0, hub_k=2, hub_weight=1.0)
    plain, reduced = title_scores(q, d, OFF)[0], title_scores(q, d, hub_params)[0]
    assert plain[0] > plain[1]
    assert reduced[1] > reduced[0]
    near, cosines = corpus_neighbours(d, 2)
    assert np.allclose(reduced, plain - cosines.mean(axis=1))
    assert near.shape == (5, 2)


def test_zscore_rows_and_fusion_of_matrices_on_different_scales() -> None:
    a = np.asarray([[0.8, 0.9, 0.7], [1.0, 1.0, 1.0]])
    z = zscore_rows(a)
    assert np.allclose(z[0].mean(), 0)
    assert np.allclose(z[0].std(), 1)
    assert np.allclose(z[1], 0)  # a constant row carries no ranking information
    b = np.asarray([[0.0, -9.0, 9.0], [1.0, 2.0, 3.0]])
    assert np.allclose(fuse_title_scores([a, 10 * a + 3]), 2 * z)  # scale-free
    assert fuse_title_scores([b]) is b
    with pytest.raises(InvalidInputError, match="shape"):
        fuse_title_scores([a, a[:1]])
    with pytest.raises(InvalidInputError, match="at least one"):
        fuse_title_scores([])


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="≥ 0"):
        TitleSimilarityParams(prf_k=-1)
    with pytest.raises(InvalidInputError, match="one width"):
        title_scores(np.ones((1, 3)), np.ones((2, 4)), OFF)


def test_scores_are_deterministic_and_one_row_does_not_depend_on_the_others() -> None:
    rng = np.random.default_rng(0)
    q, d = rng.normal(size=(4, 8)), rng.normal(size=(30, 8))
    params = TitleSimilarityParams()
    full = title_scores(q, d, params)
    assert np.array_equal(full, title_scores(q, d, params))
    assert np.allclose(full[2:3], title_scores(q[2:3], d, params))
