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
