"""TF-IDF cosine scorers: ``tfidf-word`` (word 1-2-grams) and ``tfidf-char`` (char 3-5-grams).

The IDF is that of the queries and documents of each :meth:`TfidfScorer.similarity` call, so it
reflects exactly the texts being compared (nothing to load). The documents' n-gram counts are
kept for the last corpus (:mod:`cvmatch.encoders.tfidf_counts`): the evaluation runner scores
query blocks against one corpus, and each block then analyses only its queries (issue 25).
Both use sublinear TF (``1 + log tf``), lowercase, strip accents (``développeur`` matches
``developpeur``) and L2-normalised rows, so scores are cosines in [0, 1].

``tfidf-word`` keeps one-letter and symbol-suffixed tokens (``C``, ``R``, ``C++``, ``C#``) that
scikit-learn's default token pattern drops. ``tfidf-char`` uses ``char_wb`` n-grams (inside word
boundaries), which tolerate inflections and typos across languages.

>>> scorer = TfidfScorer("word")
>>> scores = scorer.similarity(["python developer"], ["python developer", "registered nurse"])
>>> bool(scores[0, 0] > 0.99 and scores[0, 1] == 0.0)
True
"""

from typing import Any, ClassVar, Literal

import numpy as np

from cvmatch.encoders.lexical_base import LexicalScorer
from cvmatch.encoders.packages import Requirement, params_digest
from cvmatch.encoders.tfidf_counts import CorpusCounts, tfidf_pair
from cvmatch.errors import InvalidInputError
from cvmatch.settings import get_settings

Analyzer = Literal["word", "char"]

# Words: a letter or digit, then letters, digits, "+" or "#" (C, C++, C#, F#, R, 3D).
_WORD_PATTERN = r"(?u)\b\w[\w+#]*"
_PRODUCT_CELL_BYTES = 24


class TfidfScorer(LexicalScorer):
    """TF-IDF cosine over word or character n-grams (see the module docstring).

    Args:
        analyzer: ``"word"`` for word 1-2-grams or ``"char"`` for ``char_wb`` 3-5-grams.
    """

    languages: ClassVar[tuple[str, ...]] = ("multilingual",)
    requirements: ClassVar[tuple[Requirement, ...]] = (("sklearn", "scikit-learn"),)

    def __init__(self, analyzer: Analyzer = "word") -> None:
        if analyzer not in ("word", "char"):
            raise InvalidInputError(f"analyzer must be 'word' or 'char', got {analyzer!r}")
        self.analyzer = analyzer
        self.name = f"tfidf-{analyzer}"
        grams = "word 1-2-grams" if analyzer == "word" else "char_wb 3-5-grams"
        self.description = f"TF-IDF cosine over {grams}, fitted on the compared texts (0-1)"
        self._corpus: CorpusCounts | None = None

    def _params(self) -> dict[str, Any]:
        return {"sublinear_tf": True, **self._count_params()}

    def _count_params(self) -> dict[str, Any]:
        """The n-gram counting part of :meth:`_params` (a ``CountVectorizer``'s arguments)."""
        common = {"lowercase": True, "strip_accents": "unicode"}
        if self.analyzer == "word":
            return {
                **common,
                "analyzer": "word",
                "ngram_range": (1, 2),
                "token_pattern": _WORD_PATTERN,
            }
        return {**common, "analyzer": "char_wb", "ngram_range": (3, 5)}

    @property
    def model_id(self) -> str:
        """``tfidf-<analyzer>@<digest of the vectoriser parameters>``."""
        return f"{self.name}@{params_digest(self._params())}"

    def config(self) -> dict[str, Any]:
        """Name, model id and the vectoriser parameters."""
        return {**super().config(), "params": self._params()}

    def _counts(self, documents: list[str]) -> CorpusCounts:
        """The documents' n-gram counts, re-used while the same corpus comes back."""
        key = CorpusCounts.key_of(documents)
        cached = self._corpus
        if cached is None or cached.key != key:
            cached = CorpusCounts.count(documents, self._count_params(), key)
            self._corpus = cached
        return cached

    def _score(self, q: list[str], d: list[str]) -> np.ndarray:
        """Cosine of TF-IDF vectors in [0, 1]; a pair without a shared n-gram scores 0.

        The same numbers as ``TfidfVectorizer(**params).fit_transform(q + d)`` and a product of
        its query rows with its document rows, without re-analysing the documents' texts.
        """
        scores = np.zeros((len(q), len(d)), dtype=np.float32)
        queries, documents = tfidf_pair(q, self._counts(d), self._count_params())
        if queries is None or documents is None:
            return scores  # only blank or symbol-only texts on one side: nothing matches
        documents = documents.T.tocsr()
        # Query rows in blocks: a char n-gram product is nearly dense, and its sparse form, its
        # float64 copy and the float32 result together cost ~24 bytes a cell (issue 25).
        budget = get_settings().block_budget_mib * 1024 * 1024
        step = max(1, budget // (max(len(d), 1) * _PRODUCT_CELL_BYTES))
        for first in range(0, len(q), step):
            block = queries[first : min(first + step, len(q))] @ documents
            scores[first : first + step] = block.toarray()
        return scores
