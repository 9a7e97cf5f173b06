"""The base of the lexical scorers: input checks shared by TF-IDF and BM25, one scoring hook."""

from abc import abstractmethod
from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from cvmatch.encoders.base import Kind, TextScorer, check_texts
from cvmatch.encoders.packages import require


class LexicalScorer(TextScorer):
    """A scorer over words; subclasses implement :meth:`_score` on non-empty, checked lists."""

    kind: ClassVar[Kind] = "lexical"

    def similarity(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """Score every query against every document (each subclass documents its scale)."""
        q = check_texts(queries, "queries")
        d = check_texts(documents, "documents")
        if not q or not d:
            return np.zeros((len(q), len(d)), dtype=np.float32)
        require(self.name, self.requirements)
        return self._score(q, d)

    @abstractmethod
    def _score(self, queries: list[str], documents: list[str]) -> np.ndarray:
        """A ``(len(queries), len(documents))`` float32 matrix; both lists are non-empty."""
