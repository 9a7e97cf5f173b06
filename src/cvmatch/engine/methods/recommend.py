"""The ``recommend`` evaluation method: score a task's occupations as ``cvmatch recommend`` does.

Occupation tasks (Hahu ads, JobBERT titles) judge ESCO occupation URIs. ``recommend`` ranks them
with the product's recommender over the user's taxonomy (import ESCO first), so ``cvmatch eval``
measures the command users run, mix, ISCO smoothing and trained model included.
``recommend:MODEL`` picks the encoder (a registry name or ``name@vN``), like ``--model``.

``recommend+ads`` (``recommend+ads:MODEL``) measures what ``cvmatch recommend-import-ads`` adds:
the task's own labelled queries become the imported ads, cross-fitted — the queries are split
into 5 folds by a hash of their text, and each fold is scored by a recommender whose only ads are
the other folds' queries (with their gold occupation; a task may let another labelled text stand
for a query as the ad: ``RetrievalTask.ad_texts``, e.g. Hahu's real ad for its CV-like sentence),
its ad weights tuned on those folds alone.
No query is ever scored by an index that holds its own label. The user's imported ads are left
out of both methods' cross-fitted index.
"""

from collections.abc import Sequence

import numpy as np

from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.occupations import OccupationFacade
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.occupations.index import OccupationIndex
from cvmatch.occupations.signals import RecommendWeights
from cvmatch.occupations.tuning import GRIDS

RECOMMEND = "recommend"
"""Method name prefix of the occupation recommender."""
RECOMMEND_ADS = "recommend+ads"
"""The recommender with the task's other-fold queries as labelled ads (cross-fitted)."""
RETRIEVAL_ONLY = "the recommend method ranks occupations: use it on a retrieval task"


class RecommendScorer(EvalMethod):
    """Scores of every corpus document of ``task``: its occupation's recommender score.

    A label document (max-over-labels tasks) takes the score of its occupation, so the ranking
    of occupations is exactly the recommender's. ``model``: the encoder (``None``: the
    recommender's default); ``ads``: the cross-fitted labelled-ads variant.
    """

    def __init__(
        self,
        occupations: OccupationFacade,
        task: RetrievalTask,
        model: str | None = None,
        *,
        ads: bool = False,
    ) -> None:
        self._occupations = occupations
        self._task = task
        self._model = model
        self._ads = ads
        self._columns: np.ndarray | None = None
        self._crossfit: dict[str, np.ndarray] | None = None
        self._chosen: list[RecommendWeights] = []

    def model_id(self) -> str:
        """The id of the recommender's occupation index (encoder and taxonomy)."""
        return self._index().model_id

    def model_ids(self) -> dict[str, str]:
        """The index's model id, and the ad weights chosen per fold (``recommend+ads``)."""
        ids = {"model_id": self.model_id()}
        return ids | ({"ad_weights": w} if (w := self.ad_weights()) else {})

    def ad_weights(self) -> str:
        """The ad weights chosen per fold (``recommend+ads`` after scoring; else empty)."""
        return "; ".join(
            f"fold {f}: " + ", ".join(f"{name} {getattr(w, name)}" for name in GRIDS)
            for f, w in enumerate(self._chosen)
        )

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """``(queries, corpus)`` scores; ``corpus`` must be the task's corpus in its order."""
        if len(corpus) != len(self._task.corpus):
            raise InvalidInputError("the recommend method scores a task's whole corpus only")
        columns = self._corpus_columns()
        if self._ads:
            rows = self._crossfit_rows()
            scores = np.stack([rows[text] for text in queries]) if queries else np.zeros((0, 0))
        else:
            scores = self._occupations.score_texts(list(queries), self._task.language, self._model)
        return np.asarray(scores, dtype=np.float64)[:, columns]

    def _crossfit_rows(self) -> dict[str, np.ndarray]:
        """Cross-fitted scores of every judged query of the task, by query text."""
        if self._crossfit is not None:
            return self._crossfit
        task = self._task
        groups = task.corpus_groups
        judged = [(q, rel) for q, rel in task.qrels.items() if any(v > 0 for v in rel.values())]
        rows: dict[str, tuple[str, str]] = {}  # query text → (gold URI, ad text); one per text
        for qid, rel in judged:
            first = min(doc for doc, grade in rel.items() if grade > 0)
            gold = groups.get(first, first) if groups else first
            rows[task.queries[qid]] = (gold, (task.ad_texts or {}).get(qid, task.queries[qid]))
        scores, chosen = self._occupations.crossfit_scores(
            list(rows),
            [gold for gold, _ in rows.values()],
            task.language,
            self._model,
            ad_texts=[ad for _, ad in rows.values()],
        )
        self._chosen = chosen
        self._crossfit = dict(zip(rows, scores, strict=True))
        return self._crossfit

    def _index(self) -> OccupationIndex:
        """The occupation index (entries and model id need no ad-weight tuning)."""
        return self._occupations.index(self._task.language, self._model)

    def _corpus_columns(self) -> np.ndarray:
        """Index of each corpus document's occupation in the recommender's index."""
        if self._columns is not None:
            return self._columns
        row_of_uri = {e.uri: row for row, e in enumerate(self._index().entries)}
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


class RecommendFamily(MethodFamily):
    """``recommend`` or ``recommend+ads``, each optionally ``:MODEL``; retrieval tasks only."""

    retrieval_only = True

    def __init__(self, *, ads: bool) -> None:
        self._ads = ads

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The recommender scorer of the context's task (``argument``: the model, if any)."""
        del method
        if not isinstance(context.task, RetrievalTask):
            raise InvalidInputError(RETRIEVAL_ONLY)
        return RecommendScorer(context.occupations, context.task, argument or None, ads=self._ads)
