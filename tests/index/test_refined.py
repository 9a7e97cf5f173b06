"""float32 candidates re-scored in float64 equal the float64 search, ties and all (issue 25)."""

import numpy as np
import pytest

from cvmatch.index import refined
from cvmatch.index.refined import CorpusRows, exact_neighbours, exact_search


def _stable_top(scores: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def _clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(1, n // 25), dim))
    vectors = centres[rng.integers(0, len(centres), n)] + 0.2 * rng.standard_normal((n, dim))
    return vectors.astype(np.float32)


def test_search_and_neighbours_equal_a_float64_argsort() -> None:
    raw = _clustered(2000, 32, 0)
    corpus = CorpusRows(raw, unit=True)
    unit = raw.astype(np.float64)
    unit /= np.linalg.norm(unit, axis=1, keepdims=True)
    queries = _clustered(120, 32, 1).astype(np.float64)
    found = exact_search(queries, corpus, 7, budget=128 * 1024)
    expected = _stable_top(queries @ unit.T, 7)
    assert np.array_equal(found.indices, expected)
    assert np.allclose(found.scores, np.take_along_axis(queries @ unit.T, expected, 1), atol=1e-12)
    similarity = unit @ unit.T
    np.fill_diagonal(similarity, -np.inf)
    near = exact_neighbours(corpus, 10, budget=128 * 1024)
    assert np.array_equal(near.indices, _stable_top(similarity, 10))


def test_a_tie_group_wider_than_the_margin_falls_back_to_the_blocked_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(2)
    raw = rng.standard_normal((300, 8)).astype(np.float32)
    raw[40 : 40 + 3 * refined.MARGIN] = raw[7]  # 49 copies of one title, far more than k + margin
    calls: list[int] = []
    blocked = refined._blocked

    def spy(search: refined._Search, rows: np.ndarray, k: int) -> refined.TopK:
        calls.append(len(rows))
        return blocked(search, rows, k)

    monkeypatch.setattr(refined, "_blocked", spy)
    corpus = CorpusRows(raw, unit=False)
    vectors = raw.astype(np.float64)
    found = exact_search(vectors[[7, 3]], corpus, 5)
    assert found.indices[0].tolist() == [7, 40, 41, 42, 43]  # the copies, lowest index first
    assert np.array_equal(found.indices, _stable_top(vectors[[7, 3]] @ vectors.T, 5))
    near = exact_neighbours(corpus, 4)
    assert near.indices[7].tolist() == [40, 41, 42, 43]
    assert near.indices[40].tolist() == [7, 41, 42, 43]
    similarity = vectors @ vectors.T
    np.fill_diagonal(similarity, -np.inf)
    assert np.array_equal(near.indices, _stable_top(similarity, 4))
    assert calls  # the rows of the tie group were not proven by the float32 candidates


def test_small_corpora_and_zero_k() -> None:
    corpus = CorpusRows(np.eye(3, dtype=np.float32), unit=True)
    assert exact_neighbours(corpus, 10).indices.shape == (3, 2)  # at most the n - 1 others
    assert exact_search(np.ones((2, 3)), corpus, 0).indices.shape == (2, 0)
    assert exact_neighbours(CorpusRows(np.ones((1, 3)), unit=True), 5).indices.shape == (1, 0)
