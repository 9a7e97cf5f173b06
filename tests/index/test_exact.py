"""Blocked exact top-k: the same columns, scores and tie order as a full stable argsort."""

import numpy as np
import pytest

from cvmatch.errors import MemoryBudgetError, exit_code_for
from cvmatch.index.budget import MIB, budget_bytes, ensure_fits, row_blocks, rows_per_block
from cvmatch.index.exact import ExactIndex, top_k_rows


def _full_top(scores: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


@pytest.mark.parametrize("k", [1, 3, 25, 200, 500])
def test_top_k_rows_matches_a_stable_argsort_with_many_ties(k: int) -> None:
    scores = np.round(np.random.default_rng(1).random((40, 200)), 1)  # 11 values: ties everywhere
    assert np.array_equal(top_k_rows(scores, k), _full_top(scores, k))


def test_ties_go_to_the_lower_index() -> None:
    assert top_k_rows(np.asarray([[0.5, 0.9, 0.5, 0.5]]), 2).tolist() == [[1, 0]]


def test_search_in_tiny_blocks_equals_one_full_product() -> None:
    rng = np.random.default_rng(2)
    corpus = rng.standard_normal((700, 16)).astype(np.float32)
    queries = rng.standard_normal((90, 16)).astype(np.float32)
    budget = 700 * 17 * 3  # three rows of (score + partition index + mask) bytes per block
    assert rows_per_block(700, 4 + 8 + 1, budget) == 3
    found = ExactIndex(corpus, budget).search(queries, 7)
    full = queries @ corpus.T
    expected = _full_top(full, 7)
    assert np.array_equal(found.indices, expected)
    assert np.allclose(found.scores, np.take_along_axis(full, expected, axis=1), atol=1e-6)
    assert found.scores.dtype == np.float32


def test_neighbours_leave_out_the_row_itself_and_cap_k() -> None:
    corpus = np.asarray([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]])
    found = ExactIndex(corpus, budget=64).neighbours(5)
    assert found.indices.tolist() == [[1, 2], [0, 2], [0, 1]]
    assert found.scores.tolist() == [[1.0, 0.0], [1.0, 0.0], [0.0, 0.0]]


def test_k_zero_and_an_empty_corpus_give_empty_results() -> None:
    empty = ExactIndex(np.zeros((0, 3)), budget=MIB)
    assert empty.search(np.ones((2, 3)), 4).indices.shape == (2, 0)
    assert ExactIndex(np.ones((4, 3)), budget=MIB).search(np.ones((2, 3)), 0).scores.shape == (2, 0)


def test_a_row_larger_than_the_budget_is_a_clear_error_with_the_setting() -> None:
    with pytest.raises(MemoryBudgetError, match="CVMATCH_BLOCK_BUDGET_MIB to at least 2") as err:
        list(row_blocks(3, 200_000, 8, MIB))
    assert exit_code_for(err.value) == 12


def test_blocks_cover_every_row_once() -> None:
    blocks = list(row_blocks(10, 4, 8, 3 * 4 * 8))
    assert [(b.start, b.stop) for b in blocks] == [(0, 3), (3, 6), (6, 9), (9, 10)]


def test_more_than_the_available_memory_is_refused_before_starting() -> None:
    with pytest.raises(MemoryBudgetError, match=r"only .* of memory is available"):
        ensure_fits(1 << 60, "a corpus of 10^18 titles", budget=MIB)
    ensure_fits(1, "one byte", budget=MIB)


def test_budget_comes_from_the_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from cvmatch.settings import get_settings  # noqa: PLC0415

    monkeypatch.setenv("CVMATCH_BLOCK_BUDGET_MIB", "3")
    get_settings.cache_clear()
    try:
        assert budget_bytes() == 3 * MIB
    finally:
        get_settings.cache_clear()
    assert budget_bytes(7) == 7 * MIB
