"""Fusing a cross-encoder's logit with the first stage's score, and the stage's stored settings.

A cross-encoder that *replaces* the first stage's score throws away what the pipeline already
knows (the last one made rankings worse). The fused stage keeps it::

    z = logit(clip(s / 100, 0.005, 0.995)) + w × ce_logit
    score = 100 × sigmoid(a × z + b)          (knock-out pairs: knockout_cap × sigmoid(…))

where ``s`` is the first stage's calibrated 0–100 score of the pair. ``w``, ``a`` and ``b`` come
from one logistic regression of the 0/1 label on ``[logit(s / 100), ce_logit]`` over the training
run's validation split (:func:`fit_fusion`): ``a`` is the first feature's coefficient, ``w`` the
ratio of the second's to it, ``b`` the intercept. ``a`` and ``b`` are saved as the model's
ordinary :class:`~cvmatch.scoring.stage_calibration.StageCalibration` of ``z``; ``w`` and what the
model reads (full texts or the evidence view, :func:`cvmatch.scoring.rerank.rerank_texts`) are
saved in :data:`RERANK_FILE`. A model folder without that file is an unfused, full-text
cross-encoder, exactly as before.

>>> first = np.array([90.0, 10.0])
>>> fused_raw(first, np.array([0.0, 0.0]), 1.0).round(3).tolist()
[2.197, -2.197]
"""

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.rerank import EVIDENCE_INPUT, PairLogits, cross_encoder_scorer
from cvmatch.scoring.stage_calibration import StageCalibration
from cvmatch.scoring.stages import Candidate, PairScorer

logger = logging.getLogger(__name__)

RERANK_FILE = "rerank-stage.json"
"""The file, in a cross-encoder's folder, holding its :class:`RerankSettings`."""
_CLIP = 0.005
_ORDER_STEP = 1e-9
"""Per-position decrement that keeps a re-ranked list's order among equal fused scores."""


@dataclass(frozen=True)
class RerankSettings:
    """How a cross-encoder is used as a stage: its input and its fusion weight."""

    input: str = "text"
    """``text`` (full job and CV texts) or ``evidence`` (:func:`~cvmatch.scoring.rerank.rerank_texts`)."""
    fusion_weight: float | None = None
    """``w`` of the fused score; None: the logit replaces the first stage's score."""
    fitted_on: str = ""

    def save(self, folder: Path) -> None:
        """Write :data:`RERANK_FILE` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        (folder / RERANK_FILE).write_text(text + "\n", encoding="utf-8")


def load_rerank_settings(folder: Path) -> RerankSettings | None:
    """The settings stored in a model folder, or None when there are none.

    Raises:
        InvalidInputError: The file exists but does not hold rerank settings.
    """
    path = folder / RERANK_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weight = data.get("fusion_weight")
        return RerankSettings(
            str(data["input"]), None if weight is None else float(weight), str(data["fitted_on"])
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        raise InvalidInputError(f"{path}: not rerank stage settings ({error})") from None


def first_stage_logit(scores: np.ndarray) -> np.ndarray:
    """``logit(s / 100)`` of 0–100 scores, clipped to [0.005, 0.995] first."""
    p = np.clip(np.asarray(scores, dtype=np.float64) / 100.0, _CLIP, 1.0 - _CLIP)
    return np.asarray(np.log(p / (1.0 - p)))


def fused_raw(first: np.ndarray, logits: np.ndarray, weight: float) -> np.ndarray:
    """``z`` of the module docstring for first-stage scores and cross-encoder logits."""
    return first_stage_logit(first) + weight * np.asarray(logits, dtype=np.float64)


def fit_fusion(
    first: np.ndarray, logits: np.ndarray, labels: np.ndarray, fitted_on: str
) -> tuple[float, StageCalibration]:
    """``w`` and the calibration ``(a, b)`` of ``z`` from labelled pairs (module docstring).

    scikit-learn's logistic regression (lbfgs, default L2), deterministic for the same input.

    Raises:
        InvalidInputError: Only one label, or the first stage's coefficient is not positive
            (the fused score would invert the first stage).
    """
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - 1 s to import

    y = (np.asarray(labels, dtype=np.float64) > 0).astype(np.int64)
    if len(set(y.tolist())) < 2:  # noqa: PLR2004 - two classes
        raise InvalidInputError(f"fusion: {fitted_on} needs both positive and negative pairs")
    x = np.column_stack([first_stage_logit(first), np.asarray(logits, dtype=np.float64)])
    model = LogisticRegression(max_iter=1000).fit(x, y)
    a, c = (float(v) for v in model.coef_[0])
    if a <= 0:
        raise InvalidInputError(f"fusion: the first stage's coefficient is {a:.4f} on {fitted_on}")
    return c / a, StageCalibration(a, float(model.intercept_[0]), fitted_on, len(y))


def rerank_scorer(logits: PairLogits, settings: RerankSettings | None) -> PairScorer:
    """The stage's scorer: the logit (no settings), or fused with the first stage's score."""
    evidence = settings is not None and settings.input == EVIDENCE_INPUT
    scorer = cross_encoder_scorer(logits, evidence=evidence)
    if settings is None or settings.fusion_weight is None:
        return scorer
    weight = settings.fusion_weight

    def fused(candidates: Sequence[Candidate]) -> np.ndarray:
        first = np.asarray([c.match.score for c in candidates], dtype=np.float64)
        return fused_raw(first, scorer(candidates), weight)

    return fused


def zscores(values: np.ndarray) -> np.ndarray:
    """``(x - mean) / std`` (population std); a constant vector gives zeros.

    >>> zscores(np.array([1.0, 2.0, 3.0])).round(3).tolist()
    [-1.225, 0.0, 1.225]
    """
    x = np.asarray(values, dtype=np.float64)
    spread = float(x.std()) if x.size else 0.0
    if spread == 0.0:
        return np.zeros_like(x)
    return np.asarray((x - x.mean()) / spread)


def zscore_fused(first: np.ndarray, logits: np.ndarray, weight: float = 1.0) -> np.ndarray:
    """``z(first) + weight × z(logits)``, both z-scored over the same list (one query's top K).

    The rule of the title cross-encoder (docs/benchmarks/title-cross-encoder.md): neither side
    needs a calibration, only the order and spread within the list.

    >>> zscore_fused(np.array([3.0, 1.0]), np.array([0.0, 4.0]), weight=2.0).tolist()
    [-1.0, 1.0]
    """
    return zscores(first) + weight * zscores(logits)


def rerank_row(
    scores: np.ndarray, logits_of: Callable[[np.ndarray], np.ndarray], top: int, weight: float = 1.0
) -> np.ndarray:
    """One query's scores with its ``top`` best re-ordered by :func:`zscore_fused`.

    ``logits_of(columns)`` gives the cross-encoder logits of those columns. The re-scored
    columns stay above every other one (which keep their scores, so their order); among them the
    fused score decides, ties in the first stage's order (encoded by a 1e-9 step per position).

    >>> row = np.array([0.9, 0.8, 0.1])
    >>> logits = lambda cols: np.array([0.0, 5.0])[: len(cols)]
    >>> rerank_row(row, logits, top=2, weight=2.0).argsort()[::-1].tolist()
    [1, 0, 2]
    """
    first = np.asarray(scores, dtype=np.float64)
    order = np.argsort(-first, kind="stable")[: max(0, top)]
    out = first.copy()
    if order.size == 0:
        return out
    fused = zscore_fused(first[order], np.asarray(logits_of(order), dtype=np.float64), weight)
    rest = np.delete(first, order)
    rest = rest[np.isfinite(rest)]
    floor = float(rest.max()) if rest.size else 0.0
    offset = floor - float(fused.min()) + 1.0
    ranked = sorted(range(order.size), key=lambda i: (-fused[i], i))
    for position, i in enumerate(ranked):
        out[order[i]] = fused[i] + offset - position * _ORDER_STEP
    return out
