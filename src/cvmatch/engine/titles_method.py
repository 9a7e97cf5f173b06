"""The ``titles`` evaluation method: job title ↔ job title similarity (TalentCLEF task A).

``titles`` scores every corpus title for every query title with the English encoder of the
settings; ``titles:MODEL`` picks the encoder (a registry name or ``name@vN``) and
``titles:A+B`` fuses several (per-query z-scores summed). Both sides are embedded as queries
(title ↔ title is symmetric), then :func:`cvmatch.scoring.title_similarity.title_scores` adds
pseudo-relevance feedback, corpus-neighbour smoothing and hubness reduction. The logic lives in that module.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.index.budget import MIB
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    fuse_title_scores,
    title_scores,
)

if TYPE_CHECKING:
    from cvmatch.engine.core import Engine

TITLES = "titles"
"""Method name prefix of the title-similarity scorer."""


def is_titles(method: str) -> bool:
    """Whether ``method`` names the title scorer (``titles`` or ``titles:MODEL[+MODEL]``)."""
    return method == TITLES or method.startswith(TITLES + ":")


def titles_models(method: str, default: str) -> list[str]:
    """The encoders asked for by ``titles:A+B`` (``[default]`` for plain ``titles``)."""
    _, _, spec = method.partition(":")
    if not spec:
        return [default]
    names = [name.strip() for name in spec.split("+")]
    if not all(names):
        raise InvalidInputError(f"empty encoder name in {method!r}: write titles:A or titles:A+B")
    return names


class TitlesScorer:
    """``(queries, corpus)`` title-similarity matrix of one ``titles[:MODELS]`` method."""

    def __init__(
        self, engine: "Engine", method: str, params: TitleSimilarityParams | None = None
    ) -> None:
        self._engine = engine
        self._models = titles_models(method, engine.settings.english_encoder)
        self._params = params or TitleSimilarityParams()

    def model_ids(self) -> dict[str, str]:
        """The encoders' model ids and the parameters (for evaluation reports)."""
        ids = {"model_id": "+".join(self._engine.encoder(m).model_id for m in self._models)}
        p = self._params
        ids["titles"] = (
            f"prf_k={p.prf_k},prf_weight={p.prf_weight},"
            f"neighbours={p.neighbours},neighbour_weight={p.neighbour_weight},"
            f"hub_k={p.hub_k},hub_weight={p.hub_weight}"
        )
        return ids

    def __call__(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Scores of every corpus title (columns) for every query title (rows)."""
        matrices = []
        for name in self._models:
            encoder = self._engine.encoder(name)
            q = encoder.encode(list(queries), role="query")
            d = encoder.encode(list(corpus), role="query")
            budget = self._engine.settings.block_budget_mib * MIB
            matrices.append(title_scores(q, d, self._params, budget))
        return np.asarray(fuse_title_scores(matrices), dtype=np.float64)
