"""The 0–100 calibration of a trained scoring stage, stored with its model.

A cross-encoder's logit or a ranker's score is not a probability. When the model is trained,
a Platt sigmoid ``p = 1 / (1 + exp(-(a × raw + b)))`` is fitted on the validation split (the
calibration half: held out from training, never the test split) and saved beside the weights as
:data:`CALIBRATION_FILE`; the stage's 0–100 score is then ``100 × p`` (``knockout_cap × p`` for a
pair whose must-have requirement is missing, as in the first stage).

A model saved without it (trained before calibration existed, or without a validation split
holding both labels) falls back to :func:`rank_preserving`: the list's scores before the stage
are handed out again in the model's order, so the scale stays the first stage's calibrated one
and only the order changes.

>>> StageCalibration(2.0, -1.0).probability(np.array([0.5])).tolist()
[0.5]
>>> rank_preserving(np.array([80.0, 60.0, 40.0]), np.array([0.1, 0.9, 0.5])).tolist()
[40.0, 80.0, 60.0]
"""

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from cvmatch.errors import InvalidInputError

logger = logging.getLogger(__name__)

CALIBRATION_FILE = "stage-calibration.json"
"""The file, in a trained model's folder, holding its :class:`StageCalibration`."""


@dataclass(frozen=True)
class StageCalibration:
    """Slope and intercept of a Platt sigmoid over a stage's raw output."""

    a: float
    b: float
    fitted_on: str = ""
    """Which data the parameters were fitted on (for the reader)."""
    pairs: int = 0
    """How many labelled pairs the fit saw."""

    def probability(self, raw: np.ndarray) -> np.ndarray:
        """P(match) of each raw output (float64)."""
        z = np.clip(self.a * np.asarray(raw, dtype=np.float64) + self.b, -50.0, 50.0)
        return np.asarray(1.0 / (1.0 + np.exp(-z)))

    def save(self, folder: Path) -> None:
        """Write :data:`CALIBRATION_FILE` into ``folder``."""
        folder.mkdir(parents=True, exist_ok=True)
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        (folder / CALIBRATION_FILE).write_text(text + "\n", encoding="utf-8")


def load_stage_calibration(folder: Path) -> StageCalibration | None:
    """The calibration stored in a model folder, or None when there is none.

    Raises:
        InvalidInputError: The file exists but is not a calibration.
    """
    path = folder / CALIBRATION_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return StageCalibration(
            float(data["a"]), float(data["b"]), str(data["fitted_on"]), int(data["pairs"])
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InvalidInputError(f"{path}: not a stage calibration ({error})") from None


def fit_stage_calibration(
    raw: np.ndarray, labels: np.ndarray, fitted_on: str
) -> StageCalibration | None:
    """Fit a Platt sigmoid of 0/1 ``labels`` on ``raw`` outputs (None without both labels).

    scikit-learn's logistic regression (lbfgs, default L2), deterministic for the same input.
    """
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - 1 s to import

    x = np.asarray(raw, dtype=np.float64).reshape(-1, 1)
    y = (np.asarray(labels, dtype=np.float64) > 0).astype(np.int64)
    if len(x) != len(y) or len(set(y.tolist())) < 2:  # noqa: PLR2004 - two classes
        logger.warning("no stage calibration: %s lacks a positive or a negative", fitted_on)
        return None
    model = LogisticRegression(max_iter=1000).fit(x, y)
    return StageCalibration(float(model.coef_[0][0]), float(model.intercept_[0]), fitted_on, len(y))


def rank_preserving(before: np.ndarray, raw: np.ndarray) -> np.ndarray:
    """``before``'s scores, sorted best first, handed out in the order of ``raw`` (best first).

    Ties in ``raw`` keep the earlier position (a stable sort), so the result is deterministic.
    """
    order = np.argsort(-np.asarray(raw, dtype=np.float64), kind="stable")
    out = np.empty(len(order), dtype=np.float64)
    out[order] = np.sort(np.asarray(before, dtype=np.float64))[::-1]
    return out
