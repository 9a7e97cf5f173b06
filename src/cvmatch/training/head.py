"""A projection head trained on top of a frozen, inference-only encoder (USE-m3, E5).

The base embeds every distinct training and validation text once (its own cache applies); only
the head learns. The head is linear and starts as the identity (so it can only move away from the base when that
helps the validation metric, which selects the epoch). Loss: multiple-negatives ranking over cosines
(scale 20) within each batch (batches never hold one group twice). The saved folder
(``head.npz`` + manifest) loads with ``load_encoder`` as a :class:`ProjectionEncoder`.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as func

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.errors import InvalidInputError
from cvmatch.training.config import TrainConfig
from cvmatch.training.records import TrainingPair
from cvmatch.training.validation import evaluate_retrieval, group_retrieval_task

_SCALE = 20.0


class Projection(torch.nn.Module):
    """A linear map initialised as the identity (epoch 0 reproduces the base encoder)."""

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.linear = torch.nn.Linear(dim, dim)
        with torch.no_grad():
            self.linear.weight.copy_(torch.eye(dim))
            self.linear.bias.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Projected vectors (not normalised)."""
        return self.linear(x)  # type: ignore[no-any-return]

    def arrays(self) -> dict[str, np.ndarray]:
        """``w0`` (in × out) and ``b0`` for :class:`~cvmatch.encoders.trained.ProjectionEncoder`.

        Both are copies: ``.numpy()`` on a CPU tensor shares its memory, so a snapshot taken
        mid-training would otherwise follow the next optimiser step.
        """
        weight = self.linear.weight.detach().cpu().numpy().T.copy()
        return {
            "w0": np.ascontiguousarray(weight),
            "b0": self.linear.bias.detach().cpu().numpy().copy(),
        }


class HeadTrainable:
    """Wraps a projection head for :func:`cvmatch.training.loop.run_loop`."""

    primary_metric = "map"

    def __init__(
        self,
        config: TrainConfig,
        train: Sequence[TrainingPair],
        validation: Sequence[TrainingPair],
    ) -> None:
        base = load_encoder(config.base_model, threads=config.threads)
        if not isinstance(base, DenseEncoder):
            raise InvalidInputError(f"base_model {config.base_model!r} is not a dense encoder")
        self.base = base
        self.task = group_retrieval_task(validation, config.data.max_validation_queries)
        texts = {t for p in (*train, *validation) for t in (p.query, p.document)}
        texts |= set(self.task.corpus.values())
        ordered = sorted(texts)
        vectors = base.encode(ordered)
        self.row = {text: i for i, text in enumerate(ordered)}
        self.vectors = torch.from_numpy(np.ascontiguousarray(vectors))
        self.head = Projection(base.dim)

    def module(self) -> torch.nn.Module:
        """The head."""
        return self.head

    def _embed(self, texts: Sequence[str]) -> torch.Tensor:
        rows = torch.tensor([self.row[t] for t in texts])
        return func.normalize(self.head(self.vectors[rows]), dim=-1)

    def loss(self, batch: Sequence[TrainingPair]) -> torch.Tensor:
        """In-batch multiple-negatives ranking loss."""
        queries = self._embed([p.query for p in batch])
        documents = self._embed([p.document for p in batch])
        logits = _SCALE * queries @ documents.T
        return func.cross_entropy(logits, torch.arange(len(batch)))

    def evaluate(self) -> dict[str, float]:
        """Held-out title retrieval: MAP, MRR, nDCG@10."""

        def scorer(queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
            return (self._embed(queries) @ self._embed(documents).T).numpy()

        return evaluate_retrieval(self.task, scorer, k=len(self.task.corpus))

    def load(self, folder: Path) -> None:
        """Load a head saved by :meth:`save`."""
        with np.load(folder / "head.npz") as arrays:
            weight, bias = arrays["w0"].T.copy(), arrays["b0"].copy()
        with torch.no_grad():
            self.head.linear.weight.copy_(torch.from_numpy(weight))
            self.head.linear.bias.copy_(torch.from_numpy(bias))

    def save(self, folder: Path) -> None:
        """Write ``head.npz`` (the manifest is added by the model registry)."""
        folder.mkdir(parents=True, exist_ok=True)
        arrays = self.head.arrays()
        np.savez(folder / "head.npz", w0=arrays["w0"], b0=arrays["b0"])
