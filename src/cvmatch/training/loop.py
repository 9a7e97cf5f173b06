"""The epoch loop every trainer shares: batches, AdamW, warm-up, checkpoints, resume, early stop.

Determinism: batch order comes from ``numpy.random.default_rng(seed + epoch)`` and torch is
re-seeded before every step from (seed, epoch, step), so an interrupted run resumed from its
checkpoint takes exactly the steps an uninterrupted one would have.

Checkpoints (``<checkpoint dir>/state.pt``) hold the model and optimizer state, the position
(epoch, step), the history and the early-stopping state; they are written every
``checkpoint_every`` steps and at each epoch end, and only resume under the same config. The best
epoch's model is saved to ``<checkpoint dir>/best``.
"""

import logging
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch

from cvmatch.errors import InvalidInputError
from cvmatch.training.config import TrainConfig
from cvmatch.training.records import TrainingPair
from cvmatch.training.tracking import Tracker

logger = logging.getLogger(__name__)

StepHook = Callable[[int, int], None]
"""Called after each optimizer step with (epoch, step in epoch); may raise to interrupt."""


class Trainable(Protocol):
    """What a trainer hands to :func:`run_loop`."""

    primary_metric: str

    def module(self) -> torch.nn.Module:
        """The torch module whose trainable parameters are optimised and checkpointed."""

    def loss(self, batch: Sequence[TrainingPair]) -> torch.Tensor:
        """Mean loss of one batch (train mode)."""

    def evaluate(self) -> dict[str, float]:
        """Validation metrics (eval mode)."""

    def save(self, folder: Path) -> None:
        """Write the model in its loadable form."""

    def load(self, folder: Path) -> None:
        """Load what :meth:`save` wrote (for the final test with the best epoch)."""


@dataclass
class LoopResult:
    """What happened: per-epoch history, the best epoch and whether training stopped early."""

    history: list[dict[str, float]] = field(default_factory=list)
    best_epoch: int = -1
    best_metric: float = -math.inf
    stopped_early: bool = False
    resumed_from: tuple[int, int] | None = None


def make_batches(
    pairs: Sequence[TrainingPair],
    size: int,
    rng: np.random.Generator,
    distinct_groups: bool,
    group_cap: int | None = None,
) -> list[list[int]]:
    """Shuffled batches of indices; with ``distinct_groups`` no batch holds one group twice.

    In-batch negatives are then never paraphrases of the positive (a pair whose group is already
    in the current batch waits for the next one). A group with more pairs than there are full
    batches therefore spills into a tail of tiny batches; ``group_cap`` keeps at most that many
    pairs of each group in this epoch's batches (a fresh ``rng`` sample each epoch, so over the
    epochs every pair is seen).
    """
    order = rng.permutation(len(pairs)).tolist()
    group_of = [pair.group or f"#{index}" for index, pair in enumerate(pairs)]
    if group_cap is not None:
        seen: Counter[str] = Counter()
        kept = []
        for index in order:
            group = group_of[index]
            seen[group] += 1
            if seen[group] <= group_cap:
                kept.append(index)
        order = kept
    if not distinct_groups:
        return [order[i : i + size] for i in range(0, len(order), size)]
    batches: list[list[int]] = []
    waiting: list[int] = order
    while waiting:
        batch: list[int] = []
        groups: set[str] = set()
        later: list[int] = []
        for index in waiting:
            group = group_of[index]
            if len(batch) < size and group not in groups:
                batch.append(index)
                groups.add(group)
            else:
                later.append(index)
        batches.append(batch)
        waiting = later
    return [b for b in batches if len(b) > 1] or batches


def _trainable(module: torch.nn.Module) -> Iterable[torch.nn.Parameter]:
    return (p for p in module.parameters() if p.requires_grad)


def _scheduler(optimizer: torch.optim.Optimizer, total: int, warmup: int) -> Any:
    def factor(step: int) -> float:
        if step < warmup:
            return (step + 1) / warmup
        return max(0.0, (total - step) / max(1, total - warmup))

    return torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


@dataclass
class _State:
    epoch: int = 0
    step: int = 0
    result: LoopResult = field(default_factory=LoopResult)
    bad_epochs: int = 0
    losses: list[float] = field(default_factory=list)


def run_loop(  # noqa: PLR0913 (caller training/runner.py, being reworked; issue 16)
    model: Trainable,
    train: Sequence[TrainingPair],
    config: TrainConfig,
    tracker: Tracker,
    checkpoint_dir: Path,
    *,
    distinct_groups: bool = False,
    on_step: StepHook | None = None,
) -> LoopResult:
    """Train ``model`` on ``train`` for ``config.epochs`` epochs (see the module docstring)."""
    if not train:
        raise InvalidInputError("no training pairs left after the split; add data")
    torch.manual_seed(config.seed)
    cap = config.data.max_pairs_per_group if distinct_groups else None
    module = model.module()
    optimizer = torch.optim.AdamW(list(_trainable(module)), lr=config.learning_rate)
    # Epoch 0's batches (its generator is seeded with ``config.seed + 0``) also size the schedule.
    first = make_batches(
        train, config.batch_size, np.random.default_rng(config.seed), distinct_groups, cap
    )
    total = len(first) * config.epochs
    scheduler = _scheduler(optimizer, total, int(config.warmup_fraction * total))
    state = _resume(checkpoint_dir, config, module, optimizer, scheduler)
    while state.epoch < config.epochs:
        if state.epoch == 0:
            batches = first
        else:
            rng = np.random.default_rng(config.seed + state.epoch)
            batches = make_batches(train, config.batch_size, rng, distinct_groups, cap)
        module.train()
        for step in range(state.step, len(batches)):
            torch.manual_seed(config.seed * 1_000_003 + state.epoch * 10_007 + step)
            loss = model.loss([train[i] for i in batches[step]])
            optimizer.zero_grad()
            loss.backward()  # type: ignore[no-untyped-call]
            torch.nn.utils.clip_grad_norm_(list(_trainable(module)), 1.0)
            optimizer.step()
            scheduler.step()
            state.losses.append(float(loss.detach()))
            state.step = step + 1
            if state.step % config.checkpoint_every == 0:
                _save(checkpoint_dir, config, module, optimizer, scheduler, state)
                logger.info(
                    "epoch %d step %d/%d loss %.4f (checkpoint saved)",
                    state.epoch,
                    state.step,
                    len(batches),
                    float(np.mean(state.losses[-config.checkpoint_every :])),
                )
            if on_step is not None:
                on_step(state.epoch, state.step)
        if _end_epoch(model, config, tracker, checkpoint_dir, state):
            _save(checkpoint_dir, config, module, optimizer, scheduler, state)
            break
        _save(checkpoint_dir, config, module, optimizer, scheduler, state)
    return state.result


def _end_epoch(
    model: Trainable, config: TrainConfig, tracker: Tracker, checkpoint_dir: Path, state: _State
) -> bool:
    """Evaluate, log, keep the best model; True when early stopping ends the run."""
    module = model.module()
    module.eval()
    with torch.no_grad():
        metrics = model.evaluate()
    row = {"epoch": float(state.epoch), "train_loss": float(np.mean(state.losses or [0.0]))}
    row |= {f"val_{k}": v for k, v in metrics.items()}
    state.result.history.append(row)
    tracker.log_metrics(row, step=state.epoch)
    logger.info("epoch %d: %s", state.epoch, row)
    value = metrics.get(model.primary_metric, -row["train_loss"])
    improved = value > state.result.best_metric
    if improved:
        state.result.best_metric, state.result.best_epoch = value, state.epoch
        state.bad_epochs = 0
        model.save(checkpoint_dir / "best")
    else:
        state.bad_epochs += 1
    state.epoch, state.step, state.losses = state.epoch + 1, 0, []
    patience = config.early_stopping_patience
    if patience is not None and state.bad_epochs >= patience and state.epoch < config.epochs:
        state.result.stopped_early = True
        return True
    return False


def _save(
    folder: Path,
    config: TrainConfig,
    module: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
    state: _State,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "fingerprint": config.fingerprint(),
        "model": module.state_dict(),
        "optimizer": optimizer.state_dict(),
        "scheduler": scheduler.state_dict(),
        "epoch": state.epoch,
        "step": state.step,
        "bad_epochs": state.bad_epochs,
        "losses": state.losses,
        "result": state.result.__dict__,
    }
    temporary = folder / "state.pt.tmp"
    torch.save(payload, temporary)
    temporary.replace(folder / "state.pt")


def _resume(
    folder: Path,
    config: TrainConfig,
    module: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    scheduler: Any,
) -> _State:
    path = folder / "state.pt"
    if not (config.resume and path.exists()):
        return _State()
    payload = torch.load(path, map_location="cpu", weights_only=False)
    if payload.get("fingerprint") != config.fingerprint():
        raise InvalidInputError(
            f"{path} was written by a different config; delete {folder} or set resume: false"
        )
    module.load_state_dict(payload["model"])
    optimizer.load_state_dict(payload["optimizer"])
    scheduler.load_state_dict(payload["scheduler"])
    result = LoopResult(**payload["result"])
    result.resumed_from = (payload["epoch"], payload["step"])
    logger.info("resuming from epoch %d step %d", payload["epoch"], payload["step"])
    return _State(
        payload["epoch"], payload["step"], result, payload["bad_epochs"], payload["losses"]
    )
