"""``titles+rerank:NAME``: ``titles``, then a trained title cross-encoder on each query's top K.

``titles`` (:mod:`cvmatch.engine.methods.titles`, the English default encoder, routed by
language as plain ``titles`` is) scores every corpus title; the cross-encoder ``NAME`` (a shipped
stage, a trained ``name@vN``/``name`` or a folder, as ``--rerank NAME`` resolves it) reads
(query title, corpus title) for the best :data:`TOP_K` and the two are fused by
:func:`cvmatch.scoring.rerank_fusion.rerank_row`: ``z(titles score) + w × z(logit)`` within the
top K, ``w`` = 1 (protocol: docs/benchmarks/title-cross-encoder.md). Every other title keeps its
``titles`` score, below the re-ranked ones. An int8 ONNX folder runs without torch.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from cvmatch.encoders.shipped_stage import resolve_stage, stage_model_id
from cvmatch.encoders.trained import read_manifest
from cvmatch.engine.methods.base import EvalMethod, MethodContext, MethodFamily
from cvmatch.engine.methods.titles import TITLES, TitlesFamily
from cvmatch.engine.stages import cross_encoder_logits
from cvmatch.errors import InvalidInputError, ModelUnavailableError
from cvmatch.scoring.rerank import PairLogits
from cvmatch.scoring.rerank_fusion import rerank_row

TITLES_RERANK = "titles+rerank"
"""Method name prefix: ``titles`` then a trained title cross-encoder (``titles+rerank:NAME``)."""
TOP_K = 50
"""Titles per query the cross-encoder re-reads."""
FUSION_WEIGHT = 1.0
"""``w`` of the fused score (fixed by the protocol, not tuned)."""
_CROSS_ENCODER = "cross-encoder"


class TitlesRerankScorer(EvalMethod):
    """``titles`` scores with each query's top ``top`` re-ranked by a cross-encoder's logits."""

    def __init__(
        self,
        first: EvalMethod,
        logits: PairLogits,
        model: str,
        top: int = TOP_K,
        weight: float = FUSION_WEIGHT,
    ) -> None:
        self._first = first
        self._logits = logits
        self._model = model
        self._top = top
        self._weight = weight

    def similarity(self, queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
        """``titles``' matrix with every row's top K re-ranked (see the module docstring)."""
        scores = np.asarray(self._first.similarity(queries, corpus), dtype=np.float64)
        out = np.empty_like(scores)
        for row, query in enumerate(queries):

            def logits_of(columns: np.ndarray, query: str = query) -> np.ndarray:
                return self._logits([query] * len(columns), [corpus[int(c)] for c in columns])

            out[row] = rerank_row(scores[row], logits_of, self._top, self._weight)
        return out

    def model_ids(self) -> dict[str, str]:
        """``titles``' ids plus the cross-encoder and its fusion."""
        rerank = f"{self._model} (top {self._top}, z-score fusion w={self._weight:g})"
        return self._first.model_ids() | {"rerank": rerank}


def title_cross_encoder(reference: str, models_dir: Path, threads: int) -> tuple[PairLogits, str]:
    """The logits of the cross-encoder ``reference`` names, and its model id (loads lazily).

    Raises:
        ModelUnavailableError: No shipped stage, trained model or folder has that name.
        InvalidInputError: The model is not a cross-encoder.
    """
    folder = resolve_stage(reference, models_dir)
    if folder is None:
        raise ModelUnavailableError(
            f"no trained cross-encoder {reference!r} in {models_dir} and no shipped stage of that "
            "name: `cvmatch models` lists both"
        )
    manifest = read_manifest(folder)
    if manifest.get("kind") != _CROSS_ENCODER:
        raise InvalidInputError(
            f"{TITLES_RERANK} needs a trained cross-encoder, but {reference!r} holds a trained "
            f"{manifest.get('kind')!r} model (see `cvmatch models`)"
        )
    max_length = int(manifest.get("max_length") or 32)
    model = stage_model_id(folder)
    return cross_encoder_logits(folder, max_length, threads), model


class TitlesRerankFamily(MethodFamily):
    """``titles+rerank:NAME``: plain ``titles``, then the cross-encoder ``NAME``."""

    def build(self, method: str, argument: str, context: MethodContext) -> EvalMethod:
        """The re-ranked title scorer (the model is resolved now, loaded on first use)."""
        if not argument:
            raise InvalidInputError(f"{method!r}: name the trained model, e.g. {method}:NAME@v1")
        settings = context.pipeline.settings
        logits, model = title_cross_encoder(argument, settings.trained_models_dir, settings.threads)
        first = TitlesFamily().build(TITLES, "", context)
        return TitlesRerankScorer(first, logits, model)
