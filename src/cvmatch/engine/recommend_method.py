"""The ``recommend`` evaluation method: score a task's occupations as ``cvmatch recommend`` does.

Occupation tasks (Hahu ads, JobBERT titles) judge ESCO occupation URIs. ``recommend`` ranks them
with the product's recommender over the user's taxonomy (import ESCO first), so ``cvmatch eval``
measures the command users run, mix, ISCO smoothing and trained model included.
``recommend:MODEL`` picks the encoder (a registry name or ``name@vN``), like ``--model``.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.explain.recommend import Recommender

if TYPE_CHECKING:
    from cvmatch.engine.core import Engine

RECOMMEND = "recommend"
"""Method name prefix of the occupation recommender."""


def is_recommend(method: str) -> bool:
    """Whether ``method`` names the recommender (``recommend`` or ``recommend:MODEL``)."""
    return method == RECOMMEND or method.startswith(RECOMMEND + ":")


def recommend_model(method: str) -> str | None:
    """The encoder asked for by ``recommend:MODEL`` (``None``: the recommender's default)."""
    _, _, model = method.partition(":")
    return model or None


class RecommendScorer:
    """Scores of every corpus document of ``task``: its occupation's recommender score.

    A label document (max-over-labels tasks) takes the score of its occupation, so the ranking
    of occupations is exactly the recommender's.
    """

    def __init__(self, engine: "Engine", task: RetrievalTask, method: str) -> None:
        self._engine = engine
        self._task = task
        self._model = recommend_model(method)
        self._columns: np.ndarray | None = None

    def model_id(self) -> str:
        """The id of the recommender's occupation index (encoder and taxonomy)."""
        return self._recommender().index.model_id

    def __call__(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """``(queries, corpus)`` scores; ``corpus`` must be the task's corpus in its order."""
        if len(corpus) != len(self._task.corpus):
            raise InvalidInputError("the recommend method scores a task's whole corpus only")
        columns = self._corpus_columns()
        occupations = self._engine.occupations
        scores = occupations.score_texts(list(queries), self._task.language, self._model)
        return np.asarray(scores, dtype=np.float64)[:, columns]

    def _recommender(self) -> Recommender:
        return self._engine.occupations.recommender(self._task.language, self._model)

    def _corpus_columns(self) -> np.ndarray:
        """Index of each corpus document's occupation in the recommender's index."""
        if self._columns is not None:
            return self._columns
        row_of_uri = {e.uri: row for row, e in enumerate(self._recommender().index.entries)}
        groups = self._task.corpus_groups
        uris = [groups[doc] if groups else doc for doc in self._task.corpus]
        unknown = sorted({uri for uri in uris if uri not in row_of_uri})
        if unknown:
            raise InvalidInputError(
                f"{len(unknown)} occupation(s) of task {self._task.name!r} are not in the "
                f"taxonomy (e.g. {unknown[0]}); import the same ESCO version first: "
                "cvmatch taxonomy import esco PATH"
            )
        self._columns = np.asarray([row_of_uri[uri] for uri in uris], dtype=np.int64)
        return self._columns
