"""Plain encoder names: the registered scorer's own similarity (``bm25``, ``minilm``, a folder)."""

from collections.abc import Sequence

import numpy as np

from cvmatch.encoders.base import DenseEncoder, TextScorer
from cvmatch.encoders.registry import load_encoder
from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.pipeline import MatchPipeline
from cvmatch.errors import UnknownNameError


class EncoderMethod(EvalMethod):
    """An encoder's similarity; dense encoders are the engine's shared (cached) instances."""

    def __init__(
        self, name: str, pipeline: MatchPipeline, known_families: tuple[str, ...] = ()
    ) -> None:
        self._name = name
        self._pipeline = pipeline
        self._families = known_families

    def _scorer(self) -> TextScorer:
        """A fresh scorer of the name (cheap: nothing is loaded)."""
        try:
            return load_encoder(self._name)
        except UnknownNameError as error:
            if not self._families:
                raise
            families = ", ".join(self._families)
            raise UnknownNameError(f"{error}; evaluation methods: {families}") from error

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """The scorer's matrix (lexical scorers fit on the texts of the call)."""
        scorer = self._scorer()
        if isinstance(scorer, DenseEncoder):
            scorer = self._pipeline.encoders.get(self._name)  # shared, with the embedding cache
        return np.asarray(scorer.similarity(list(queries), list(corpus)), dtype=np.float64)

    def model_ids(self) -> dict[str, str]:
        """The scorer's model id."""
        return {"model_id": self._scorer().model_id}


class EncoderFamily(MethodFamily):
    """Any method string that names no registered family (``known_families``: those that do)."""

    def __init__(self, known_families: tuple[str, ...] = ()) -> None:
        self._families = known_families

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The encoder called ``method`` (the whole string: folders may hold a colon)."""
        del argument
        return EncoderMethod(method, context.pipeline, self._families)
