"""TF-IDF scores in query blocks (block budget, issue 25) equal one sparse product."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from cvmatch.encoders.tfidf import TfidfScorer
from cvmatch.settings import get_settings


@pytest.mark.parametrize("analyzer", ["char", "word"])
def test_blocked_product_equals_the_full_product(
    analyzer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = np.random.default_rng(4)
    words = ["nurse", "python", "chef", "développeur", "data", "senior", "icu", "pastry", "c++"]
    queries = [" ".join(rng.choice(words, 3)) for _ in range(120)]
    corpus = [" ".join(rng.choice(words, 4)) for _ in range(20_000)]
    scorer = TfidfScorer(analyzer)  # type: ignore[arg-type]
    vectoriser = TfidfVectorizer(**scorer._params())
    matrix = vectoriser.fit_transform(queries + corpus)
    full = np.asarray((matrix[:120] @ matrix[120:].T).toarray(), dtype=np.float32)
    monkeypatch.setenv(
        "CVMATCH_BLOCK_BUDGET_MIB", "1"
    )  # 1 MiB / (20,000 x 24 B): 2 queries a block
    get_settings.cache_clear()
    try:
        blocked = scorer.similarity(queries, corpus)
    finally:
        get_settings.cache_clear()
    assert np.array_equal(blocked, full)


def _fresh_fit(scorer: TfidfScorer, queries: list[str], corpus: list[str]) -> np.ndarray:
    """Scores of the code before issue 25's counts cache: one vectoriser fitted per call."""
    matrix = TfidfVectorizer(**scorer._params()).fit_transform(queries + corpus)
    product = matrix[: len(queries)] @ matrix[len(queries) :].T
    return np.asarray(product.toarray(), dtype=np.float32)


@pytest.mark.parametrize("analyzer", ["char", "word"])
def test_query_blocks_against_one_counted_corpus_equal_a_fresh_fit(analyzer: str) -> None:
    rng = np.random.default_rng(7)
    words = ["nurse", "python", "chef", "développeur", "data", "icu", "c++", "c#", "r", "ops"]
    corpus = [" ".join(rng.choice(words, 3)) for _ in range(3000)] + ["", "!!"]
    unseen = ["zookeeper", "développeuse pâtissière", "??", "nurse zookeeper"]
    blocks = [[" ".join(rng.choice(words, 2)) for _ in range(50)] for _ in range(3)] + [unseen]
    scorer = TfidfScorer(analyzer)  # type: ignore[arg-type]
    counted = []
    for queries in blocks:
        scores = scorer.similarity(queries, corpus)
        counted.append(scorer._corpus)
        assert np.allclose(scores, _fresh_fit(scorer, queries, corpus), rtol=0, atol=1e-6)
    assert all(c is counted[0] for c in counted)  # the corpus was counted once
    other = corpus[:-1]
    assert np.allclose(scorer.similarity(unseen, other), _fresh_fit(scorer, unseen, other))
    assert scorer._corpus is not counted[0]  # a new corpus is counted anew


def test_a_side_without_terms_scores_zero() -> None:
    scorer = TfidfScorer("word")
    assert not scorer.similarity(["python"], ["!!", "?"]).any()
    assert not scorer.similarity(["!!"], ["python", "chef"]).any()
    assert scorer.similarity(["python"], ["!!", "python"])[0, 1] > 0.99
