"""``bm25``: Okapi BM25 (Lucene variant) of each query against the given documents.

An in-memory :mod:`bm25s` index is built over ``documents`` at every
:meth:`BM25Scorer.similarity` call; queries and documents are lowercased, split into words of two
or more letters, stripped of the language's stopwords (bm25s lists) and stemmed with PyStemmer.

Scores are raw BM25 sums: ``0`` when a query shares no term with a document, otherwise positive
and **unbounded** (they grow with the number and rarity of matched terms, and depend on the
document set through IDF and the average length). Compare them within one call, or normalise
them (e.g. rank-based fusion) before mixing with cosines. Korean and Chinese words are cut by
:mod:`cvmatch.text.segment` first (whatever ``language``), so "클러스터를" indexes as 클러스터;
text without Hangul or Han is passed on unchanged.

>>> scorer = BM25Scorer()
>>> scores = scorer.similarity(["python developers"], ["Python developer", "Registered nurse"])
>>> bool(scores[0, 0] > 0.0 and scores[0, 1] == 0.0)
True
"""

from typing import Any, ClassVar

import numpy as np

from cvmatch.encoders.lexical_base import LexicalScorer
from cvmatch.encoders.packages import Requirement, params_digest
from cvmatch.errors import InvalidInputError
from cvmatch.text.segment import segmented

# ISO code -> PyStemmer algorithm; bm25s names its stopword lists by the same ISO codes.
STEMMERS = {"en": "english", "fr": "french", "de": "german", "es": "spanish"}


class BM25Scorer(LexicalScorer):
    """Raw BM25 scores of queries against an index of the documents (see the module docstring).

    Args:
        language: ``"en"``, ``"fr"``, ``"de"`` or ``"es"``: picks the stemmer and stopwords.
        k1: Term-frequency saturation.
        b: Document-length normalisation.
    """

    languages: ClassVar[tuple[str, ...]] = tuple(STEMMERS)
    description = "BM25 with stemming and stopwords (raw, unbounded scores >= 0)"
    requirements: ClassVar[tuple[Requirement, ...]] = (("bm25s", "bm25s"), ("Stemmer", "PyStemmer"))

    def __init__(self, language: str = "en", k1: float = 1.5, b: float = 0.75) -> None:
        if language not in STEMMERS:
            known = ", ".join(STEMMERS)
            raise InvalidInputError(
                f"bm25 language {language!r} is not supported; use one of {known}"
            )
        self.name = "bm25"
        self.language = language
        self.k1 = k1
        self.b = b

    def _params(self) -> dict[str, Any]:
        return {"language": self.language, "k1": self.k1, "b": self.b, "method": "lucene"}

    @property
    def model_id(self) -> str:
        """``bm25@<digest of language, k1, b and method>``."""
        return f"{self.name}@{params_digest(self._params())}"

    def config(self) -> dict[str, Any]:
        """Name, model id, language and BM25 parameters."""
        return {**super().config(), **self._params()}

    def _score(self, q: list[str], d: list[str]) -> np.ndarray:
        """Raw BM25 score of each query for each document: ``>= 0`` and unbounded."""
        scores = np.zeros((len(q), len(d)), dtype=np.float32)
        import bm25s  # noqa: PLC0415 (lazy: keeps `import cvmatch.encoders` light)
        import Stemmer  # noqa: PLC0415

        q, d = [segmented(t) for t in q], [segmented(t) for t in d]
        stemmer = Stemmer.Stemmer(STEMMERS[self.language])
        options = {"stopwords": self.language, "stemmer": stemmer, "show_progress": False}
        corpus = bm25s.tokenize(d, **options)
        if not corpus.vocab:
            return scores  # no document has an indexable word
        index = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        index.index(corpus, show_progress=False)
        for row, tokens in enumerate(bm25s.tokenize(q, return_ids=False, **options)):
            if tokens:  # a query of stopwords only matches nothing
                scores[row] = index.get_scores(tokens)
        return scores
