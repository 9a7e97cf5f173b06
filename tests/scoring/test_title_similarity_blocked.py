"""Title scores computed in tiny blocks equal the former full-matrix code (issue 25)."""

import numpy as np
import pytest

from cvmatch.index import graph
from cvmatch.index.exact import TopK
from cvmatch.index.refined import CorpusRows
from cvmatch.scoring import title_corpus
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    corpus_neighbours,
    feedback_queries,
    title_scores,
)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def _old_top(scores: np.ndarray, k: int) -> np.ndarray:
    return np.argsort(-scores, axis=1, kind="stable")[:, :k]


def _old_title_scores(q: np.ndarray, d: np.ndarray, p: TitleSimilarityParams) -> np.ndarray:
    """The unblocked code before issue 25: full corpus x corpus matrix and argsort."""
    q, d = _unit(q.astype(np.float64)), _unit(d.astype(np.float64))
    top = _old_top(q @ d.T, p.prf_k)
    q = _unit(q + p.prf_weight * d[top].mean(axis=1))
    scores = q @ d.T
    similarity = d @ d.T
    np.fill_diagonal(similarity, -np.inf)
    near = _old_top(similarity, max(p.neighbours, p.hub_k))
    cosines = np.take_along_axis(similarity, near, axis=1)
    scores = scores + p.neighbour_weight * scores[:, near[:, : p.neighbours]].mean(axis=2)
    result: np.ndarray = scores - p.hub_weight * cosines[:, : p.hub_k].mean(axis=1)
    return result


def _titles(n: int, dim: int, seed: int) -> np.ndarray:
    """Clustered float32 "title embeddings", some exact duplicates (ties in every list)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((n // 20, dim))
    vectors = centres[rng.integers(0, len(centres), n)] + 0.3 * rng.standard_normal((n, dim))
    vectors[::50] = vectors[1::50][: len(vectors[::50])]
    return vectors.astype(np.float32)


def test_blocked_title_scores_equal_the_full_matrix_result() -> None:
    corpus, queries = _titles(3000, 24, 0), _titles(200, 24, 1)
    params = TitleSimilarityParams()
    budget = 512 * 1024  # ~10 rows per block: hundreds of blocks over the 3,000 titles
    old = _old_title_scores(queries, corpus, params)
    new = title_scores(queries, corpus, params, budget=budget)
    assert new.shape == old.shape
    assert np.allclose(new, old, rtol=0, atol=1e-6)
    assert np.array_equal(_old_top(new, 10), _old_top(old, 10))


def test_blocked_neighbours_and_feedback_equal_the_full_matrix() -> None:
    d = _unit(_titles(2500, 16, 2).astype(np.float64))
    q = _unit(_titles(150, 16, 3).astype(np.float64))
    near, cosines = corpus_neighbours(d, 10, budget=256 * 1024)
    similarity = d @ d.T
    np.fill_diagonal(similarity, -np.inf)
    expected = _old_top(similarity, 10)
    assert np.array_equal(near, expected)
    assert np.allclose(cosines, np.take_along_axis(similarity, expected, axis=1), atol=1e-6)
    moved = feedback_queries(q, d, 3, 1.0, budget=256 * 1024)
    assert np.allclose(moved, _unit(q + d[_old_top(q @ d.T, 3)].mean(axis=1)), atol=1e-6)


def test_the_corpus_side_is_prepared_once_per_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[int] = []
    real = title_corpus.neighbour_graph

    def counting(
        corpus: CorpusRows, k: int, limit: int, budget: int | None, vectors: np.ndarray
    ) -> TopK:
        built.append(len(corpus))
        return real(corpus, k, limit, budget, vectors)

    monkeypatch.setattr(title_corpus, "neighbour_graph", counting)
    corpus, other = _titles(400, 16, 5), _titles(300, 16, 6)
    queries, params = _titles(30, 16, 7), TitleSimilarityParams()
    first = title_scores(queries[:10], corpus, params)
    rest = title_scores(queries[10:], corpus.copy(), params)  # same content, another array
    title_scores(queries, other, params)
    assert built == [400, 300]
    both = title_scores(queries, corpus, params)
    assert built == [400, 300]  # still cached: the last two corpora are kept
    assert np.array_equal(np.vstack([first, rest]), both)


def test_an_approximate_graph_above_the_limit_keeps_nearly_every_top_ten(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    real = graph.approximate_neighbours

    def spy(corpus: CorpusRows, k: int, vectors: np.ndarray | None = None) -> TopK:
        calls.append(len(corpus))
        return real(corpus, k, vectors)

    monkeypatch.setattr(graph, "approximate_neighbours", spy)
    corpus, queries = _titles(3000, 48, 3), _titles(200, 48, 4)
    exact = title_scores(queries, corpus, TitleSimilarityParams())
    assert calls == []
    approx = title_scores(queries, corpus, TitleSimilarityParams(graph_exact_limit=1000))
    assert calls == [3000]
    overlap = [
        len(set(a) & set(e)) / 10
        for a, e in zip(_old_top(approx, 10), _old_top(exact, 10), strict=True)
    ]
    assert np.mean(overlap) >= 0.95
    assert np.abs(approx - exact).max() < 0.05
