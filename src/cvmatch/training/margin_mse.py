"""Margin-MSE distillation of a teacher's score differences into a bi-encoder (``margin-mse``).

Each training row is a job (``query``), two CVs (``document`` and ``negative``) and a teacher's
score difference between them (``label`` = teacher(job, document) − teacher(job, negative), any
sign; the file source needs ``signed_labels: true``). The student's difference is its scaled
cosine, ``SCALE × (cos(job, document) − cos(job, negative))``, and the loss is the mean squared
error of the two differences: sentence-transformers' :class:`MarginMSELoss` (Hofstätter et al.
2020, "Improving Efficient Neural Ranking Models with Cross-Architecture Knowledge
Distillation"), with a scaled cosine as its similarity. Only the order and spacing of the two
CVs is taught, never an absolute score, so a student cannot meet the target by shifting all its
cosines (what MSE onto soft labels allows).

Validation (:func:`margin_metrics`): on held-out rows, the student's order agreement with the
teacher's (the share of rows whose two differences have the same sign; a zero teacher difference
counts as agreement only for a zero student difference) and the margin MSE itself.
"""

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import torch

from cvmatch.errors import InvalidInputError
from cvmatch.training.records import TrainingPair

SCALE = 0.65
"""Student difference = ``SCALE`` × cosine difference. Fixed before training on the RJDB
calibration half (docs/benchmarks/cross-encoder.md, amendment 6): the standard deviation of the
teacher's logit differences (matched CV − each other CV of its triple, 921 rows) over that of the
base MiniLM's cosine differences on the same rows, 0.0749 / 0.1147 = 0.65. The targets are then on
the student's own scale: it learns the teacher's order and spacing, not a stretch."""

PairScorer = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""Aligned scores: ``scorer(queries, documents)[i]`` scores ``queries[i]`` with ``documents[i]``."""


class ScaledCosine(torch.nn.Module):
    """Row-wise cosine of two embedding batches times a fixed scale (the student's score)."""

    def __init__(self, scale: float = SCALE) -> None:
        super().__init__()
        self.scale = scale

    def forward(self, a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        """``scale × cos(a[i], b[i])`` for every row ``i``."""
        return self.scale * torch.nn.functional.cosine_similarity(a, b, dim=-1)

    def get_config_dict(self) -> dict[str, float]:
        """Saved with the loss's configuration."""
        return {"scale": self.scale}


def margin_mse_loss(model: Any, hardness: float) -> torch.nn.Module:
    """:class:`MarginMSELoss` over ``model`` with the scaled cosine (the loss registry's hook)."""
    del hardness  # refused by the config for non-MNRL losses
    from sentence_transformers.sentence_transformer import losses  # noqa: PLC0415 (heavy)

    return losses.MarginMSELoss(model, similarity_fct=ScaledCosine())


def negatives_of(batch: Sequence[TrainingPair]) -> list[str]:
    """The second CV of every row; margin-MSE has no target without it.

    Raises:
        InvalidInputError: A row has no ``negative`` (set ``negative_column`` in the source).
    """
    missing = [p.origin or p.query[:40] for p in batch if not p.negative]
    if missing:
        raise InvalidInputError(
            f"margin-mse needs a negative on every row (negative_column); missing at {missing[:3]}"
        )
    return [p.negative for p in batch if p.negative]


def margin_metrics(pairs: Sequence[TrainingPair], scorer: PairScorer) -> dict[str, float]:
    """``margin_order`` and ``margin_mse`` of a student on held-out rows (module docstring).

    A row whose teacher difference is 0.5 and student cosines 0.6 vs 0.4 (difference
    ``SCALE`` × 0.2) agrees in order; its squared error is (0.2 × ``SCALE`` − 0.5)².
    """
    rows = [p for p in pairs if p.negative]
    if not rows:
        return {}
    queries = [p.query for p in rows]
    first = scorer(queries, [p.document for p in rows])
    second = scorer(queries, [p.negative or "" for p in rows])
    student = SCALE * (np.asarray(first, np.float64) - np.asarray(second, np.float64))
    teacher = np.asarray([p.label for p in rows], dtype=np.float64)
    return {
        "margin_order": float(np.mean(np.sign(student) == np.sign(teacher))),
        "margin_mse": float(np.mean((student - teacher) ** 2)),
    }
