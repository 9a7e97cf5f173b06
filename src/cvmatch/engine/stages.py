"""Trained models as scoring stages after the first one: ``--ranker`` and ``--rerank``.

:class:`Stages` names the models (what a command line or a service's per-job setting holds);
:class:`StageLoader` resolves them (a stage shipped in the package, or the trained-model
registry: :func:`cvmatch.encoders.shipped_stage.resolve_stage`), checks their kind and runs
them over a ranked list (:func:`cvmatch.scoring.stages.apply_stage`): the ranker first, over
every candidate, then the cross-encoder over the best ``rerank_top``. ``--ranker`` takes a
``ranker`` (text features, ``cvmatch train ranker``), a ``feedback-ranker`` (the pipeline's
match features, learned from recruiters' decisions) or a ``match-ranker`` (a RankNet over the
same features, :mod:`cvmatch.training.ranker_match`). Weights load on first
use and stay loaded for the engine's lifetime.
"""

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from cvmatch.encoders.cross_encoder_onnx import OnnxCrossEncoder, is_onnx_cross_encoder
from cvmatch.encoders.shipped_stage import resolve_stage, stage_model_id
from cvmatch.encoders.trained import read_manifest
from cvmatch.engine.encoders import EncoderPool
from cvmatch.errors import InvalidInputError, ModelUnavailableError
from cvmatch.scoring.ranker_stage import feature_ranker_scorer, list_ranker_scorer
from cvmatch.scoring.rerank import PairLogits
from cvmatch.scoring.rerank_fusion import load_rerank_settings, rerank_scorer
from cvmatch.scoring.stage_calibration import StageCalibration, load_stage_calibration
from cvmatch.scoring.stages import Candidate, PairScorer, ScoringStage, StageKind, apply_stage
from cvmatch.settings import Settings
from cvmatch.types import Document, Match

logger = logging.getLogger(__name__)

DEFAULT_RERANK_TOP = 50
"""How many of the first stage's best pairs the cross-encoder re-reads by default."""

_TRAINED_KINDS = {
    StageKind.RERANK: ("cross-encoder",),
    StageKind.RANKER: ("ranker", "feedback-ranker", "match-ranker"),
}
FEEDBACK_RANKER = "feedback-ranker"
LINEAR_RANKERS = (FEEDBACK_RANKER, "match-ranker")
"""Linear models over the pipeline's match features, their own logistic output calibrated."""
_OPTION = {StageKind.RERANK: "--rerank", StageKind.RANKER: "--ranker"}


@dataclass(frozen=True)
class Stages:
    """The trained stages to run after the first stage, by model name.

    A name is a shipped stage's name, ``name@vN``, ``name`` (its latest version) or a model
    folder; ``None`` leaves a stage out. This is what a per-job setting stores: ``Engine.rank(job, cvs, stages=...)``.

    Raises:
        InvalidInputError: ``rerank_top`` is below 1.
    """

    rerank: str | None = None
    """A trained cross-encoder re-reading the best ``rerank_top`` pairs."""
    rerank_top: int = DEFAULT_RERANK_TOP
    ranker: str | None = None
    """A trained ranker re-scoring every pair from its features."""

    def __post_init__(self) -> None:
        if self.rerank_top < 1:
            raise InvalidInputError(f"rerank_top must be at least 1, not {self.rerank_top}")

    @property
    def active(self) -> bool:
        """Whether any stage is asked for."""
        return bool(self.rerank or self.ranker)


class StageLoader:
    """Resolve, load (once) and run the trained stages of one engine."""

    def __init__(self, settings: Settings, encoders: EncoderPool) -> None:
        self._settings = settings
        self._encoders = encoders
        self._loaded: dict[tuple[str, StageKind], ScoringStage] = {}  # by folder

    def stages(self, spec: Stages) -> tuple[ScoringStage, ...]:
        """The stages of ``spec`` in the order they run (ranker, then re-ranker).

        Raises:
            ModelUnavailableError: A name is not a trained model (CLI exit 7).
            InvalidInputError: A model is of the wrong kind for its option (CLI exit 2).
        """
        out = []
        if spec.ranker:
            out.append(self._stage(spec.ranker, StageKind.RANKER, None))
        if spec.rerank:
            out.append(self._stage(spec.rerank, StageKind.RERANK, spec.rerank_top))
        return tuple(out)

    def warnings(self, spec: Stages) -> tuple[str, ...]:
        """One line per stage of ``spec`` whose model has no stored calibration."""
        return tuple(
            f"{stage.model} has no stored calibration: {_OPTION[stage.kind]} keeps the list's "
            "scores and only changes their order (docs/scoring.md)"
            for stage in self.stages(spec)
            if stage.calibration is None
        )

    def apply(
        self, spec: Stages, candidates: Sequence[Candidate], tie: Callable[[Match], str]
    ) -> list[Candidate]:
        """Run every stage of ``spec`` over ``candidates`` (best first); best first again."""
        out = list(candidates)
        for stage in self.stages(spec):
            out = apply_stage(stage, out, tie)
        return out

    def _stage(self, reference: str, kind: StageKind, top: int | None) -> ScoringStage:
        folder = self._folder(reference)  # resolved every time: ``name`` may gain a version
        key = (str(folder), kind)
        if key not in self._loaded:
            self._loaded[key] = self._load(reference, folder, kind)
        stage = self._loaded[key]
        return stage if stage.top == top else replace(stage, top=top)

    def _load(self, reference: str, folder: Path, kind: StageKind) -> ScoringStage:
        manifest = read_manifest(folder)
        found = str(manifest.get("kind", ""))
        if found not in _TRAINED_KINDS[kind]:
            wanted = " or ".join(_TRAINED_KINDS[kind])
            raise InvalidInputError(
                f"{_OPTION[kind]} needs a trained {wanted}, but {reference!r} holds "
                f"a trained {found!r} model (see `cvmatch models`)"
            )
        model = stage_model_id(folder)  # a shipped stage's files are checked here
        cap = self._settings.knockout_cap
        if found in LINEAR_RANKERS:
            linear, own = _feedback_ranker(folder, found)
            return ScoringStage(model, kind, linear, own, knockout_cap=cap)
        calibration = load_stage_calibration(folder)
        if calibration is None:
            logger.warning("%s has no stored calibration: scores are rank-preserving", model)
        if kind is StageKind.RERANK:
            scorer = self._cross_encoder(folder, manifest)
        else:
            scorer = self._ranker(folder, manifest)
        return ScoringStage(model, kind, scorer, calibration, knockout_cap=cap)

    def _folder(self, reference: str) -> Path:
        root = self._settings.trained_models_dir
        folder = resolve_stage(reference, root)  # shipped name, name@vN, name or folder
        if folder is None:
            raise ModelUnavailableError(
                f"no trained model {reference!r} in {root} and no shipped stage of that name: "
                "`cvmatch models` lists both (name@vN for trained ones), `cvmatch train` makes one"
            )
        return folder

    def _cross_encoder(self, folder: Path, manifest: dict[str, Any]) -> PairScorer:
        max_length = int(manifest.get("max_length") or 256)
        settings = load_rerank_settings(folder)  # input view and fusion weight, when stored
        logits = cross_encoder_logits(folder, max_length, self._settings.threads)
        return rerank_scorer(logits, settings)

    def _ranker(self, folder: Path, manifest: dict[str, Any]) -> PairScorer:
        from cvmatch.training.features import FeatureContext  # noqa: PLC0415 - torch-free
        from cvmatch.training.ranker import Ranker  # noqa: PLC0415 - imports torch

        dense = str(((manifest.get("config") or {}).get("ranker") or {}).get("dense_model", ""))
        ranker = Ranker(folder)
        encoders = self._encoders

        def score(job: str, cvs: Sequence[str]) -> np.ndarray:
            encoder = encoders.get(dense) if "dense" in ranker.features else None
            return ranker.score(job, cvs, FeatureContext(encoder))

        return list_ranker_scorer(score)


def cross_encoder_logits(folder: Path, max_length: int, threads: int) -> PairLogits:
    """A trained cross-encoder folder's pair logits, loaded when first asked.

    An int8 ONNX folder runs without torch; a float32 ``CrossEncoder`` folder imports torch and
    loads its weights on the first call (a list that is never re-ranked never pays for them).
    """
    if is_onnx_cross_encoder(folder):
        return OnnxCrossEncoder(folder, max_length, threads)
    loaded: list[PairLogits] = []

    def logits(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        if not loaded:
            from cvmatch.training.cross_encoder import (  # noqa: PLC0415 - torch: on first use
                load_cross_encoder,
                pair_logits,
            )

            model = load_cross_encoder(str(folder), max_length, new_head=False)
            loaded.append(pair_logits(model, max_length))
        return loaded[0](queries, documents)

    return logits


def _feedback_ranker(folder: Path, kind: str) -> tuple[PairScorer, StageCalibration]:
    """A linear ranker over match features: its logit, its own sigmoid as the calibration.

    A ``feedback-ranker`` is a logistic regression on recruiters' decisions; a ``match-ranker``
    (:mod:`cvmatch.training.ranker_match`) has its Platt calibration folded into its weights.
    """
    from cvmatch.training.feedback_train import load_linear  # noqa: PLC0415 - one use

    model = load_linear(folder)
    fitted_on = (
        "the model's own logistic regression (recruiters' decisions)"
        if kind == FEEDBACK_RANKER
        else "Platt sigmoid folded into the model (its validation lists)"
    )
    return feature_ranker_scorer(model), StageCalibration(1.0, 0.0, fitted_on)


def candidates_of(
    matches: Sequence[Match], jobs: Sequence[Document], cvs: Sequence[Document]
) -> list[Candidate]:
    """Each match with its job and CV (looked up by id)."""
    job_of = {doc.id: doc for doc in jobs}
    cv_of = {doc.id: doc for doc in cvs}
    return [Candidate(m, job_of[m.job_id], cv_of[m.cv_id]) for m in matches]
