"""The ``titles`` evaluation method: job title ↔ job title similarity (TalentCLEF task A).

``titles`` scores every corpus title for every query title with the English encoder of the
settings; ``titles:MODEL`` picks the encoder (a registry name or ``name@vN``) and
``titles:A+B`` fuses several (per-query z-scores summed). Plain ``titles`` chooses by language:
English sets keep the English default, German, Spanish and French sets go to that language's
shipped head (``e5-use-m3-esco-L``: e5-small-q4 and USE-m3 heads, cosines weighted 0.7 / 0.3),
Chinese sets to ``e5-use-m3`` (the plain mean of the two encoders' cosines), Korean and other
sets to USE-m3 (:mod:`cvmatch.engine.methods.title_language`). Both sides are embedded as queries
(title ↔ title is symmetric), then :func:`cvmatch.scoring.title_similarity.title_scores` adds
pseudo-relevance feedback, corpus-neighbour smoothing and hubness reduction. The logic lives in that module.

The evaluation runner scores queries in blocks against one corpus, and a large corpus means
many blocks (a block holds at most the budget of scores). The scorer keeps the last corpus's
vectors per encoder, so the corpus is embedded (or read back from the embedding cache, whose
in-memory memo holds 16,384 texts) once per run, not once per block: that made ``titles``'
time grow with corpus × blocks, i.e. with the square of the corpus (issue 25).
"""

import hashlib
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
        self._corpus: dict[str, tuple[str, np.ndarray]] = {}
        """Encoder name → (digest of the corpus texts and model id, their vectors)."""

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
            d = self._corpus_vectors(name, encoder, corpus)
            matrices.append(title_scores(q, d, self._params, self._budget))
        return np.asarray(fuse_title_scores(matrices), dtype=np.float64)

    def _corpus_vectors(
        self, name: str, encoder: DenseEncoder, corpus: Sequence[str]
    ) -> np.ndarray:
        """The corpus embedded as queries by ``encoder``; the last corpus's vectors are kept."""
        key = f"{encoder.model_id}:{texts_digest(corpus)}"
        kept = self._corpus.get(name)
        if kept is not None and kept[0] == key:
            return kept[1]
        vectors = encoder.encode(list(corpus), role="query")
        # Only this corpus's vectors stay (one per encoder of a fused method): memory is one
        # corpus's vectors, which every block holds while it is scored anyway.
        self._corpus = {n: v for n, v in self._corpus.items() if v[0].endswith(key[-64:])}
        self._corpus[name] = (key, vectors)
        return vectors


def texts_digest(texts: Sequence[str]) -> str:
    """sha256 of the texts in order (length-prefixed, so no two lists share a digest)."""
    digest = hashlib.sha256()
    for text in texts:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


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
