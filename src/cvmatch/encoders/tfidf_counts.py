"""TF-IDF of ``queries + documents`` from the documents' n-gram counts, counted once per corpus.

``TfidfVectorizer(sublinear_tf=True).fit_transform(queries + documents)`` analyses every text
again on each call. The evaluation runner scores query blocks against one fixed corpus, so
:class:`CorpusCounts` keeps the documents' counts and document frequencies, and
:func:`tfidf_pair` adds one block's queries: the union vocabulary, the smoothed IDF over both
sides (``ln((1 + n) / (1 + df)) + 1``), sublinear TF and L2 rows, as scikit-learn computes them.
Per block that costs the queries' analysis plus one pass over the corpus counts (re-weighting),
linear in the corpus, instead of re-analysing the corpus (issue 25).
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse

# TF-IDF matrices as scipy builds them (csr_matrix or csr_array, version-dependent).
Sparse = Any


def _counts(texts: Sequence[str], params: dict[str, Any]) -> tuple[dict[str, int], Sparse] | None:
    """Vocabulary and ``(texts, terms)`` counts, or None when the texts hold no term at all."""
    from sklearn.feature_extraction.text import CountVectorizer  # noqa: PLC0415 (lazy, heavy)

    vectoriser = CountVectorizer(**params)
    try:
        counts = vectoriser.fit_transform(texts)
    except ValueError as exc:
        if "empty vocabulary" in str(exc):
            return None
        raise
    return vectoriser.vocabulary_, sparse.csr_matrix(counts, dtype=np.float64)


@dataclass(frozen=True)
class CorpusCounts:
    """One corpus's n-gram counts (``None`` fields: the corpus holds no term)."""

    key: str
    """Digest of the texts, so a scorer knows when the same corpus comes back."""
    vocabulary: dict[str, int] | None
    counts: Sparse | None
    """``(documents, terms)`` raw counts, float64 CSR."""
    df: np.ndarray | None
    """Document frequency of each term."""
    size: int

    @staticmethod
    def key_of(texts: Sequence[str]) -> str:
        """A digest of ``texts`` in order (their count and contents)."""
        digest = hashlib.sha256(str(len(texts)).encode())
        for text in texts:
            digest.update(text.encode("utf-8", "surrogatepass") + b"\x00")
        return digest.hexdigest()

    @classmethod
    def count(cls, texts: Sequence[str], params: dict[str, Any], key: str) -> "CorpusCounts":
        """Count the n-grams of ``texts`` under ``CountVectorizer(**params)``."""
        found = _counts(texts, params)
        if found is None:
            return cls(key, None, None, None, len(texts))
        vocabulary, counts = found
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        return cls(key, vocabulary, counts, df, len(texts))


def _weighted(counts: Sparse, idf: np.ndarray) -> Sparse:
    """Sublinear TF times IDF, rows L2-normalised (``TfidfTransformer.transform``)."""
    from sklearn.preprocessing import normalize  # noqa: PLC0415 (lazy, heavy)

    weights = counts.copy()
    np.log(weights.data, weights.data)
    weights.data += 1.0
    weights.data *= idf[weights.indices]
    return normalize(weights, norm="l2", copy=False)


def tfidf_pair(
    queries: Sequence[str], corpus: CorpusCounts, params: dict[str, Any]
) -> tuple[Sparse | None, Sparse | None]:
    """TF-IDF rows of ``queries`` and of the corpus, fitted on both (None: no term on that side).

    The query rows keep only the corpus's terms (the others change only their norms, already
    taken), so both matrices share the corpus's columns and their product is the cosine.
    """
    found = _counts(queries, params)
    if found is None or corpus.vocabulary is None or corpus.counts is None or corpus.df is None:
        return None, None
    vocabulary, q_counts = found
    known = len(corpus.vocabulary)
    columns = np.empty(len(vocabulary), dtype=np.int64)
    extra = known
    for term, index in vocabulary.items():
        column = corpus.vocabulary.get(term)
        if column is None:
            column, extra = extra, extra + 1
        columns[index] = column
    q_counts = sparse.csr_matrix(
        (q_counts.data, columns[q_counts.indices], q_counts.indptr), shape=(len(queries), extra)
    )
    q_counts.sort_indices()
    df = np.bincount(q_counts.indices, minlength=extra).astype(np.float64)
    df[:known] += corpus.df
    idf = np.log((len(queries) + corpus.size + 1) / (df + 1)) + 1.0
    q_weights = _weighted(q_counts, idf)[:, :known]
    return q_weights, _weighted(corpus.counts, idf[:known])
