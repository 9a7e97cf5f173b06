"""Fit a linear head over frozen, precomputed base vectors (per-language or multilingual heads).

The base encoder (USE-m3) is inference-only and its vectors are computed once, so an epoch is a
few thousand 512 × 512 matrix products: seconds on one CPU thread. The head starts as the
identity (:class:`cvmatch.training.head.Projection`) and learns with multiple-negatives ranking
over cosines (scale 20), batches never holding one occupation twice. After each epoch
``validate`` scores the head; the best epoch's weights are returned (epoch 0 = the base itself,
so a head that never helps the validation metric comes back as the identity).
"""

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as func

from cvmatch.errors import InvalidInputError
from cvmatch.training.head import Projection
from cvmatch.training.records import TrainingPair

_SCALE = 20.0
HeadArrays = dict[str, np.ndarray]
"""``w0`` (in × out), ``b0`` [, ``w1``, ``b1``: after a ReLU]: what
:class:`cvmatch.encoders.trained.ProjectionEncoder` applies."""


class IdentityMlp(torch.nn.Module):
    """Two layers ``dim → 2·dim`` (ReLU) ``→ dim`` that start as the identity.

    ``w0 = [I, −I]`` and ``w1 = [I; −I]`` give relu(x) − relu(−x) = x, so epoch 0 is the base
    encoder exactly, as with the linear :class:`~cvmatch.training.head.Projection`.
    """

    def __init__(self, dim: int) -> None:
        super().__init__()
        self.first = torch.nn.Linear(dim, 2 * dim)
        self.second = torch.nn.Linear(2 * dim, dim)
        eye = torch.eye(dim)
        with torch.no_grad():
            self.first.weight.copy_(torch.cat([eye, -eye], dim=0))
            self.second.weight.copy_(torch.cat([eye, -eye], dim=1))
            self.first.bias.zero_()
            self.second.bias.zero_()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Projected vectors (not normalised)."""
        return self.second(torch.relu(self.first(x)))  # type: ignore[no-any-return]

    def arrays(self) -> HeadArrays:
        """``w0, b0, w1, b1`` (in × out) for the numpy projection."""
        return {
            "w0": np.ascontiguousarray(self.first.weight.detach().numpy().T),
            "b0": self.first.bias.detach().numpy(),
            "w1": np.ascontiguousarray(self.second.weight.detach().numpy().T),
            "b1": self.second.bias.detach().numpy(),
        }


@dataclass(frozen=True)
class HeadSettings:
    """Hyper-parameters of :func:`fit_head` (fixed in docs/benchmarks/languages.md)."""

    epochs: int = 4
    batch_size: int = 128
    learning_rate: float = 1e-3
    seed: int = 42
    layers: int = 1
    """1: a linear map; 2: 512 → 2·512 (ReLU) → 512 (:class:`IdentityMlp`)."""


@dataclass
class HeadFit:
    """The chosen weights, the epoch they come from and the validation score of every epoch."""

    arrays: HeadArrays
    best_epoch: int
    history: list[float] = field(default_factory=list)


def group_batches(
    pairs: Sequence[TrainingPair], batch_size: int, rng: random.Random
) -> list[list[TrainingPair]]:
    """Shuffled batches in which no ``group`` appears twice (a clash waits for the next batch)."""
    pending = list(pairs)
    rng.shuffle(pending)
    batches: list[list[TrainingPair]] = []
    while pending:
        batch: list[TrainingPair] = []
        seen: set[str] = set()
        rest: list[TrainingPair] = []
        for pair in pending:
            if len(batch) < batch_size and pair.group not in seen:
                batch.append(pair)
                seen.add(pair.group)
            else:
                rest.append(pair)
        batches.append(batch)
        pending = rest
    return batches


def fit_head(
    pairs: Sequence[TrainingPair],
    vectors: Mapping[str, np.ndarray],
    validate: Callable[[Callable[[np.ndarray], np.ndarray]], float],
    settings: HeadSettings | None = None,
) -> HeadFit:
    """Train a linear head on ``pairs`` whose texts all have a base vector in ``vectors``.

    Args:
        pairs: Query/document pairs; ``group`` keeps an occupation once per batch.
        vectors: Base vector of every text of ``pairs``.
        validate: Scores a projection (base vectors → projected vectors); higher is better.
        settings: Hyper-parameters (defaults: :class:`HeadSettings`).

    Raises:
        InvalidInputError: No pairs, or a text without a vector.
    """
    settings = settings or HeadSettings()
    if not pairs:
        raise InvalidInputError("no training pairs for the head")
    missing = [t for p in pairs for t in _texts(p) if t not in vectors]
    if missing:
        raise InvalidInputError(
            f"{len(missing)} training texts have no vector, e.g. {missing[0]!r}"
        )
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)  # noqa: S311 (seeded shuffling)
    dim = len(next(iter(vectors.values())))
    head: Projection | IdentityMlp = Projection(dim) if settings.layers == 1 else IdentityMlp(dim)
    optimiser = torch.optim.AdamW(head.parameters(), lr=settings.learning_rate)
    best = HeadFit(arrays=_copy(head), best_epoch=0, history=[validate(_numpy(head))])
    for epoch in range(1, settings.epochs + 1):
        for batch in group_batches(pairs, settings.batch_size, rng):
            queries = _rows(head, vectors, [p.query for p in batch])
            # Hard negatives (when the pairs carry them) are extra columns every query sees.
            columns = [p.document for p in batch] + [p.negative for p in batch if p.negative]
            documents = _rows(head, vectors, columns)
            loss = func.cross_entropy(_SCALE * queries @ documents.T, torch.arange(len(batch)))
            optimiser.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            optimiser.step()
        best.history.append(validate(_numpy(head)))
        if best.history[-1] > best.history[best.best_epoch]:
            best.arrays, best.best_epoch = _copy(head), epoch
    return best


def _texts(pair: TrainingPair) -> tuple[str, ...]:
    return (pair.query, pair.document) + ((pair.negative,) if pair.negative else ())


def _rows(
    head: Projection | IdentityMlp, vectors: Mapping[str, np.ndarray], texts: list[str]
) -> torch.Tensor:
    stacked = torch.from_numpy(np.stack([vectors[t] for t in texts]).astype(np.float32))
    return func.normalize(head(stacked), dim=-1)


def _copy(head: Projection | IdentityMlp) -> HeadArrays:
    """A snapshot of the weights (``Projection.arrays`` may share memory with the tensors)."""
    return {name: array.copy() for name, array in head.arrays().items()}


def _numpy(head: Projection | IdentityMlp) -> Callable[[np.ndarray], np.ndarray]:
    """The head's current weights as a numpy projection (as shipped: no torch at inference)."""
    arrays = _copy(head)
    return lambda base: project(base, arrays)


def project(base: np.ndarray, arrays: HeadArrays) -> np.ndarray:
    """``base @ w0 + b0`` (then ReLU, ``@ w1 + b1`` for a two-layer head), L2-normalised rows."""
    out = np.asarray(base, dtype=np.float32) @ arrays["w0"] + arrays["b0"]
    if "w1" in arrays:
        out = np.maximum(out, 0.0) @ arrays["w1"] + arrays["b1"]
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)  # type: ignore[no-any-return]
