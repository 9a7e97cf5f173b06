"""Run one training config end to end: data → split → train → track → register.

:func:`train` is the library call behind ``cvmatch train``. The test split is never seen by the
loop; it is scored once at the end with the best epoch's model and logged as ``test_*``.
"""

import hashlib
import logging
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import torch

from cvmatch.settings import get_settings
from cvmatch.training.adapt import adaptation_texts
from cvmatch.training.config import TrainConfig
from cvmatch.training.cross_encoder import with_negatives
from cvmatch.training.loop import LoopResult, StepHook, Trainable, run_loop
from cvmatch.training.losses import LOSSES
from cvmatch.training.model_registry import register
from cvmatch.training.pairs import PairSet, build_pairs
from cvmatch.training.ranker import RankerTrainable
from cvmatch.training.records import TrainingPair
from cvmatch.training.splits import Splits, split_pairs
from cvmatch.training.tracking import git_commit, make_tracker
from cvmatch.training.trainers import TRAINERS
from cvmatch.types import TrainedModel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TrainReport:
    """What a run produced."""

    model: TrainedModel
    run_id: str
    history: list[dict[str, float]]
    best_epoch: int
    stopped_early: bool
    resumed_from: tuple[int, int] | None
    split_sizes: dict[str, int]
    test_metrics: dict[str, float] = field(default_factory=dict)
    base_test_metrics: dict[str, float] = field(default_factory=dict)


def checksum(pairs: Sequence[TrainingPair]) -> str:
    """sha256 (first 16 hex digits) of the pairs' texts and labels, in order."""
    digest = hashlib.sha256()
    for p in pairs:
        digest.update(f"{p.query}\x1f{p.document}\x1f{p.label}\x1f{p.negative}\x1e".encode())
    return digest.hexdigest()[:16]


def _cap(pairs: tuple[TrainingPair, ...], cap: int | None, seed: int) -> tuple[TrainingPair, ...]:
    if cap is None or len(pairs) <= cap:
        return pairs
    ranked = sorted(
        pairs, key=lambda p: hashlib.sha256(f"{seed}{p.query}{p.document}".encode()).digest()
    )
    return tuple(ranked[:cap])


def _trainable(config: TrainConfig, splits: Splits, models_dir: Path, split: str) -> Trainable:
    return TRAINERS.create(config.kind)(config, splits, models_dir, split)


def _params(config: TrainConfig, data: PairSet, splits: Splits) -> dict[str, Any]:
    flat: dict[str, Any] = {"config": config.model_dump_json(), "git_commit": git_commit()}
    flat |= {"kind": config.kind, "base_model": config.base_model, "loss": config.loss_name}
    flat |= {"lr": config.learning_rate, "epochs": config.epochs, "batch_size": config.batch_size}
    flat |= {"max_length": config.max_length, "seed": config.seed}
    for name in ("train", "validation", "test"):
        part = getattr(splits, name)
        flat[f"data_{name}_pairs"] = len(part)
        flat[f"data_{name}_sha256"] = checksum(part)
    flat["data_duplicates_removed"] = splits.duplicates
    flat["data_negatives_dropped"] = splits.negatives_dropped
    flat["data_excluded_test_texts"] = dict(data.excluded)
    return flat


def prepare(config: TrainConfig) -> tuple[PairSet, Splits]:
    """The run's pairs and its train / validation / test splits (negatives added if needed)."""
    if config.kind == "adapt":
        data = PairSet(tuple(adaptation_texts(config)))
    else:
        data = build_pairs(config.data, config.seed)
    splits = split_pairs(
        data.pairs, config.data.validation_fraction, config.data.test_fraction, config.seed
    )
    splits = replace(splits, train=_cap(splits.train, config.data.max_train_pairs, config.seed))
    if config.kind == "cross-encoder":
        splits = replace(splits, train=tuple(with_negatives(splits.train, config, config.seed)))
    return data, splits


def train(config: TrainConfig, *, on_step: StepHook | None = None) -> TrainReport:
    """Train, track and register one model (see the module docstring)."""
    torch.set_num_threads(config.threads)
    models_dir = get_settings().trained_models_dir
    root = config.output_dir or models_dir
    data, splits = prepare(config)
    sizes = {
        "train": len(splits.train),
        "validation": len(splits.validation),
        "test": len(splits.test),
    }
    logger.info(
        "pairs: %s (duplicates removed: %d; hard negatives dropped as texts of another split: %d)",
        sizes,
        splits.duplicates,
        splits.negatives_dropped,
    )
    tracker = make_tracker(config.tracking, config.name)
    checkpoint_dir = root / config.name / "checkpoint"
    try:
        tracker.log_params(_params(config, data, splits))
        torch.manual_seed(config.seed)  # a new head starts from seeded weights
        model = _trainable(config, splits, models_dir, "validation")
        baseline: dict[str, float] = {}
        if splits.test and config.kind == "bi-encoder":  # the starting point, for comparison
            baseline = _evaluate(_trainable(config, splits, models_dir, "test"))
        tracker.log_metrics({f"base_test_{k}": v for k, v in baseline.items()}, step=0)
        train_items = model.list_pairs() if isinstance(model, RankerTrainable) else splits.train
        result = run_loop(
            model,
            train_items,
            config,
            tracker,
            checkpoint_dir,
            distinct_groups=LOSSES.create(config.loss_name).in_batch_negatives,
            on_step=on_step,
        )
        test_metrics = _test(config, splits, models_dir, checkpoint_dir / "best")
        tracker.log_metrics(
            {f"test_{k}": v for k, v in test_metrics.items()}, step=result.best_epoch
        )
        trained = register(
            checkpoint_dir / "best",
            root,
            name=config.name,
            kind=config.kind,
            extra=_manifest(config, result, test_metrics, tracker.run_id),
        )
        tracker.log_artifacts(Path(trained.path), "model")
    except BaseException:
        tracker.finish("KILLED")
        raise
    tracker.finish()
    shutil.rmtree(checkpoint_dir, ignore_errors=True)
    return TrainReport(
        trained,
        tracker.run_id,
        result.history,
        result.best_epoch,
        result.stopped_early,
        result.resumed_from,
        sizes,
        test_metrics,
        baseline,
    )


def _test(config: TrainConfig, splits: Splits, models_dir: Path, best: Path) -> dict[str, float]:
    """Metrics of the best epoch's model on the test split (empty when there is none)."""
    if not splits.test:
        return {}
    model = _trainable(config, splits, models_dir, "test")
    model.load(best)
    return _evaluate(model)


def _evaluate(model: Trainable) -> dict[str, float]:
    model.module().eval()
    with torch.no_grad():
        return model.evaluate()


def _manifest(
    config: TrainConfig, result: LoopResult, test: dict[str, float], run_id: str
) -> dict[str, Any]:
    best = result.history[result.best_epoch] if result.best_epoch >= 0 else {}
    metrics = {k: v for k, v in best.items() if k.startswith("val_")} | {
        f"test_{k}": v for k, v in test.items()
    }
    return {
        "base_model": config.base_model,
        "best_epoch": result.best_epoch,
        "metrics": metrics,
        "run_id": run_id,
        "max_length": config.max_length,
        "config": config.model_dump(mode="json"),
    }
