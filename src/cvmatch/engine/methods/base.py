"""The two small bases of evaluation methods: a family (parses its argument) and a method."""

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.engine.occupations import OccupationFacade
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.evaluation.datasets.base import PairsTask, RetrievalTask


@dataclass(frozen=True)
class MethodContext:
    """What a method may score with: the match pipeline, the recommender, the task (if any)."""

    pipeline: MatchPipeline
    occupations: OccupationFacade
    task: RetrievalTask | PairsTask | None = None


class EvalMethod(ABC):
    """One parsed method: a ``(queries, corpus)`` score matrix and the model ids behind it."""

    @abstractmethod
    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Scores of every corpus text (columns) for every query (rows), float64."""

    @abstractmethod
    def model_ids(self) -> dict[str, str]:
        """The model ids behind the method (for evaluation reports)."""


class MethodFamily(ABC):
    """A family of methods sharing a name: ``name`` or ``name:ARGUMENT``."""

    retrieval_only = False
    """Whether its methods score retrieval tasks only (refused on pairs tasks)."""

    @abstractmethod
    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The method ``method`` (``argument``: the text after ``:``, empty when none)."""
