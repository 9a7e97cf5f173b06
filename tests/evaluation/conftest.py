from collections.abc import Callable, Sequence

import numpy as np
import pytest

Scorer = Callable[[Sequence[str], Sequence[str]], np.ndarray]


def _overlap(queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
    """Score = number of distinct lowercase words a query and a document share (no model)."""
    query_words = [set(text.lower().split()) for text in queries]
    doc_words = [set(text.lower().split()) for text in corpus]
    return np.array([[len(q & d) for d in doc_words] for q in query_words], dtype=np.float64)


@pytest.fixture
def overlap_scorer() -> Scorer:
    return _overlap
