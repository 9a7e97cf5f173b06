"""The ``titles`` evaluation method: job title ↔ job title similarity (TalentCLEF task A).

``titles`` scores every corpus title for every query title with the English encoder of the
settings; ``titles:MODEL`` picks the encoder (a registry name or ``name@vN``) and
``titles:A+B`` fuses several (per-query z-scores summed). Plain ``titles`` chooses by language:
English sets keep the English default, German, Spanish and French sets go to USE-m3 + that
language's shipped head, Chinese, Korean and other sets to USE-m3
(:mod:`cvmatch.engine.methods.title_language`). Both sides are embedded as queries
(title ↔ title is symmetric), then :func:`cvmatch.scoring.title_similarity.title_scores` adds
pseudo-relevance feedback, corpus-neighbour smoothing and hubness reduction. The logic lives in that module.
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.shipped import english_default
from cvmatch.encoders.shipped_head import language_heads
from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.methods.title_language import LanguageRoute
from cvmatch.errors import InvalidInputError
from cvmatch.index.budget import MIB
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    fuse_title_scores,
    title_scores,
)

TITLES = "titles"
"""Method name prefix of the title-similarity scorer."""


def titles_models(method: str, default: str) -> list[str]:
    """The encoders asked for by ``titles:A+B`` (``[default]`` for plain ``titles``)."""
    _, _, spec = method.partition(":")
    if not spec:
        return [default]
    names = [name.strip() for name in spec.split("+")]
    if not all(names):
        raise InvalidInputError(f"empty encoder name in {method!r}: write titles:A or titles:A+B")
    return names


class TitlesScorer(EvalMethod):
    """``(queries, corpus)`` title-similarity matrix of one ``titles[:MODELS]`` method.

    ``encoder`` gives the dense encoder of a name (the engine's shared instances);
    ``budget_mib`` caps every dense block the scoring builds (``CVMATCH_BLOCK_BUDGET_MIB``);
    ``route`` (plain ``titles`` only) swaps ``models`` for the head of the titles' language.
    """

    def __init__(
        self,
        encoder: Callable[[str], DenseEncoder],
        models: Sequence[str],
        params: TitleSimilarityParams | None = None,
        budget_mib: int = 256,
        route: LanguageRoute | None = None,
    ) -> None:
        self._encoder = encoder
        self._models = list(models)
        self._params = params or TitleSimilarityParams()
        self._budget = budget_mib * MIB
        self._route = route

    def model_ids(self) -> dict[str, str]:
        """The encoders' model ids and the parameters (for evaluation reports)."""
        ids = {"model_id": "+".join(self._encoder(m).model_id for m in self._models)}
        p = self._params
        ids["titles"] = (
            f"prf_k={p.prf_k},prf_weight={p.prf_weight},"
            f"neighbours={p.neighbours},neighbour_weight={p.neighbour_weight},"
            f"hub_k={p.hub_k},hub_weight={p.hub_weight}"
        )
        return ids

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """Scores of every corpus title (columns) for every query title (rows)."""
        if self._route is not None:
            self._models = self._route.models(queries, corpus)
        matrices = []
        for name in self._models:
            encoder = self._encoder(name)
            q = encoder.encode(list(queries), role="query")
            d = encoder.encode(list(corpus), role="query")
            matrices.append(title_scores(q, d, self._params, self._budget))
        return np.asarray(fuse_title_scores(matrices), dtype=np.float64)


class TitlesFamily(MethodFamily):
    """``titles`` (the English default encoder of ``titles``), ``titles:MODEL`` or ``titles:A+B``.

    The default is a shipped model made the default of ``titles``, else the settings' English
    encoder (:func:`cvmatch.encoders.shipped.english_default`).
    """

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The title scorer of the encoders ``argument`` names."""
        del argument
        pipeline = context.pipeline
        settings = pipeline.settings
        english = english_default(TITLES, settings)
        models = titles_models(method, english)
        params = TitleSimilarityParams(graph_exact_limit=settings.title_graph_exact_limit)
        route = None
        if method == TITLES:
            language = context.task.language if context.task is not None else ""
            heads = language_heads(TITLES)
            route = LanguageRoute(english, heads, language, settings.multilingual_encoder)
        return TitlesScorer(
            pipeline.encoders.get, models, params, settings.block_budget_mib, route=route
        )
