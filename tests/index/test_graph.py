"""The corpus neighbour graph: exact up to its limit, HNSW above it and close to exact (issue 25)."""

import numpy as np

from cvmatch.index.graph import approximate_neighbours, neighbour_graph
from cvmatch.index.refined import CorpusRows, exact_neighbours


def _clustered(n: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((max(1, n // 25), dim))
    vectors = centres[rng.integers(0, len(centres), n)] + 0.3 * rng.standard_normal((n, dim))
    return vectors.astype(np.float32)


def test_up_to_the_limit_the_graph_is_the_exact_one() -> None:
    corpus = CorpusRows(_clustered(800, 16, 0), unit=True)
    found = neighbour_graph(corpus, 10, exact_limit=800)
    exact = exact_neighbours(corpus, 10)
    assert np.array_equal(found.indices, exact.indices)
    assert np.array_equal(found.scores, exact.scores)


def test_above_the_limit_hnsw_finds_nearly_every_exact_neighbour() -> None:
    corpus = CorpusRows(_clustered(3000, 32, 1), unit=True)
    approx = neighbour_graph(corpus, 10, exact_limit=100)
    exact = exact_neighbours(corpus, 10)
    recall = np.mean(
        [len(set(a) & set(e)) / 10 for a, e in zip(approx.indices, exact.indices, strict=True)]
    )
    assert recall >= 0.97
    rows = np.arange(3000)[:, None]
    assert not (approx.indices == rows).any()  # never a row's own index
    assert (np.diff(approx.scores, axis=1) <= 0).all()  # best first
    unit = corpus.rows64(slice(None))
    expected = np.einsum("nd,nkd->nk", unit, unit[approx.indices])
    assert np.allclose(approx.scores, expected, atol=1e-12)  # float64 scores of those rows
    # A row found exactly keeps the exact list and scores bit for bit.
    same = (approx.indices == exact.indices).all(axis=1)
    assert same.mean() >= 0.8
    assert np.array_equal(approx.scores[same], exact.scores[same])


def test_the_approximate_graph_is_the_same_on_every_run() -> None:
    corpus = CorpusRows(_clustered(1500, 16, 2), unit=True)
    first = approximate_neighbours(corpus, 5)
    second = approximate_neighbours(corpus, 5)
    assert np.array_equal(first.indices, second.indices)


def test_a_corpus_of_one_row_has_no_neighbours() -> None:
    found = approximate_neighbours(CorpusRows(np.ones((1, 4), np.float32), unit=True), 5)
    assert found.indices.shape == (1, 0)
