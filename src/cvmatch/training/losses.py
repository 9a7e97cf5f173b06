"""The loss registry: every training loss by its config name (``loss:`` in a training config).

Each entry says which trainer kind it belongs to. Bi-encoder losses build their
sentence-transformers module here (imported on first use); the other kinds' trainers compute
theirs (``bce``: :mod:`.cross_encoder`, ``ranknet``/``lambdarank``: :mod:`.ranker`, ``mlm``:
:mod:`.adapt`).

* ``mnrl`` — multiple-negatives ranking: every other document of the batch is a negative (batches
  never hold one group twice), plus the pairs' hard negatives;
* ``mnrl-symmetric`` — the same in both directions (each document must also find its query among
  the batch's queries): for symmetric tasks such as title ↔ title, where either side is a query
  (hard negatives join the query → document direction only);
* ``contrastive`` — labelled pairs pulled together (label 1) or pushed past a margin (label 0);
* ``cosine`` — the cosine regressed onto the label (0–1);
* ``scaled-cosine`` — (cos + 1) / 2 regressed onto the label (0–1) by MSE: the loss of the Korean
  resume ↔ job seed (:mod:`.seed`), whose metric ``mse_cos01`` is this loss on held-out pairs;
* ``margin-mse`` — a teacher's score difference between a row's document and its negative,
  regressed by the student's scaled cosine difference (distillation: :mod:`.margin_mse`).
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import torch

from cvmatch.registry import Registry
from cvmatch.training.margin_mse import margin_mse_loss

BuildLoss = Callable[[Any, float], torch.nn.Module]
"""``(sentence-transformers model, hardness_strength) -> loss module``."""


@dataclass(frozen=True)
class Loss:
    """One training loss: its trainer kind and, for bi-encoders, how to build its module."""

    kind: str
    build: BuildLoss | None = None
    in_batch_negatives: bool = False
    """MNRL: the batch's other documents are negatives, so a batch holds each group once and the
    pairs' hard negatives join as a third column."""
    needs_negative: bool = False
    """Every row's ``negative`` is a third column the loss cannot do without (margin-MSE)."""

    def module(self, model: Any, hardness: float = 0.0) -> torch.nn.Module:
        """The loss module over ``model``; only bi-encoder losses have one here."""
        if self.build is None:
            raise ValueError(f"the {self.kind} trainer computes this loss itself")
        return self.build(model, hardness)


def _weighting(hardness: float) -> dict[str, Any]:
    return {"hardness_mode": "all_negatives", "hardness_strength": hardness} if hardness else {}


def _mnrl(model: Any, hardness: float, *, symmetric: bool) -> torch.nn.Module:
    from sentence_transformers.sentence_transformer import losses  # noqa: PLC0415 (heavy)

    both: dict[str, Any] = (
        {"directions": ("query_to_doc", "doc_to_query"), "partition_mode": "per_direction"}
        if symmetric
        else {}
    )
    return losses.MultipleNegativesRankingLoss(model, **both, **_weighting(hardness))


def _contrastive(model: Any, hardness: float) -> torch.nn.Module:
    del hardness  # refused by the config for non-MNRL losses
    from sentence_transformers.sentence_transformer import losses  # noqa: PLC0415 (heavy)

    return losses.ContrastiveLoss(model)


def _cosine(model: Any, hardness: float) -> torch.nn.Module:
    del hardness  # refused by the config for non-MNRL losses
    from sentence_transformers.sentence_transformer import losses  # noqa: PLC0415 (heavy)

    return losses.CosineSimilarityLoss(model)


def _scaled_cosine(model: Any, hardness: float) -> torch.nn.Module:
    del hardness  # refused by the config for non-MNRL losses
    from sentence_transformers.sentence_transformer import losses  # noqa: PLC0415 (heavy)

    return losses.CosineSimilarityLoss(model, cos_score_transformation=_UnitInterval())


class _UnitInterval(torch.nn.Module):
    """Cosines (−1…1) mapped onto 0…1: (cos + 1) / 2."""

    def forward(self, cosines: torch.Tensor) -> torch.Tensor:
        """The mapped cosines."""
        return (cosines + 1.0) / 2.0


LOSSES: Registry[Loss] = Registry("loss")
LOSSES.add("mnrl", partial(Loss, "bi-encoder", partial(_mnrl, symmetric=False), True))
LOSSES.add("mnrl-symmetric", partial(Loss, "bi-encoder", partial(_mnrl, symmetric=True), True))
LOSSES.add("contrastive", partial(Loss, "bi-encoder", _contrastive))
LOSSES.add("cosine", partial(Loss, "bi-encoder", _cosine))
LOSSES.add("scaled-cosine", partial(Loss, "bi-encoder", _scaled_cosine))
LOSSES.add("margin-mse", partial(Loss, "bi-encoder", margin_mse_loss, needs_negative=True))
LOSSES.add("bce", partial(Loss, "cross-encoder"))
LOSSES.add("ranknet", partial(Loss, "ranker"))
LOSSES.add("lambdarank", partial(Loss, "ranker"))
LOSSES.add("mlm", partial(Loss, "adapt"))


def losses_of(kind: str) -> tuple[str, ...]:
    """The registered losses of one trainer kind, sorted."""
    return tuple(name for name in LOSSES if LOSSES.create(name).kind == kind)
