"""The title cross-encoder's fusion: z-scores within a query's top K, w = 1, order kept below K."""

import numpy as np
import pytest

from cvmatch.scoring.rerank_fusion import rerank_row, zscore_fused, zscores


def test_zscores_by_hand() -> None:
    # mean 2, population std sqrt(2/3) = 0.8165: (1 - 2) / 0.8165 = -1.2247
    assert zscores(np.array([1.0, 2.0, 3.0])) == pytest.approx([-1.2247449, 0.0, 1.2247449])
    assert zscores(np.array([4.0, 4.0])).tolist() == [0.0, 0.0]  # constant: no information
    assert zscores(np.array([])).tolist() == []


def test_fused_is_the_sum_of_both_zscores() -> None:
    first = np.array([0.9, 0.5, 0.1])  # z = [1.2247, 0, -1.2247]
    logits = np.array([-2.0, 4.0, 1.0])  # mean 1, std sqrt(6) = 2.4495: z = [-1.2247, 1.2247, 0]
    assert zscore_fused(first, logits) == pytest.approx([0.0, 1.2247449, -1.2247449])
    assert zscore_fused(first, logits, 0.0) == pytest.approx(zscores(first))


def test_rerank_row_reorders_the_top_k_only_and_keeps_them_on_top() -> None:
    row = np.array([0.1, 0.9, 0.5, 0.3, 0.7])  # titles order: 1, 4, 2, 3, 0
    asked: list[list[int]] = []

    def logits_of(columns: np.ndarray) -> np.ndarray:
        asked.append(columns.tolist())
        return np.array([-3.0, 0.0, 6.0])  # for columns 1, 4, 2: column 2 is the CE's best

    out = rerank_row(row, logits_of, top=3)
    assert asked == [[1, 4, 2]]
    # first z = [1.2247, 0, -1.2247]; logit z (mean 1, std 3.7417) = [-1.069, -0.267, 1.336]
    # fused = [0.155, -0.267, 0.112]: column 1, then 2, then 4; columns 3 and 0 keep 0.3, 0.1
    assert np.argsort(-out, kind="stable").tolist() == [1, 2, 4, 3, 0]
    assert out[3] == 0.3
    assert out[0] == 0.1
    assert min(out[[1, 2, 4]]) > max(out[[0, 3]])


def test_rerank_row_ties_keep_the_first_stage_order_and_k_beyond_the_row_is_fine() -> None:
    row = np.array([0.2, 0.8, 0.5])
    out = rerank_row(row, lambda cols: np.array([1.0, 2.0, 1.5])[: len(cols)], top=10, weight=0.0)
    assert np.argsort(-out).tolist() == [1, 2, 0]  # w = 0: titles' order
    flat = rerank_row(np.array([0.5, 0.5]), lambda cols: np.zeros(len(cols)), top=2)
    assert np.argsort(-flat, kind="stable").tolist() == [0, 1]
    assert rerank_row(row, lambda cols: np.zeros(len(cols)), top=0).tolist() == row.tolist()
