"""The trainer registry: one entry per trainer kind (``kind:`` in a training config).

- ``bi-encoder``: :class:`~cvmatch.training.bi_encoder.BiEncoderTrainable`, or with
  ``head: linear`` a projection head over a frozen base (:mod:`cvmatch.training.head`);
- ``cross-encoder``: :mod:`cvmatch.training.cross_encoder`;
- ``ranker``: the learned ranker over features (:mod:`cvmatch.training.ranker`);
- ``adapt``: masked-LM domain adaptation (:mod:`cvmatch.training.adapt`).
"""

from collections.abc import Callable
from pathlib import Path

from cvmatch.registry import Registry
from cvmatch.training.adapt import AdaptTrainable
from cvmatch.training.bi_encoder import BiEncoderTrainable
from cvmatch.training.config import TrainConfig
from cvmatch.training.cross_encoder import CrossEncoderTrainable
from cvmatch.training.head import HeadTrainable
from cvmatch.training.loop import Trainable
from cvmatch.training.ranker import RankerTrainable
from cvmatch.training.records import TrainingPair
from cvmatch.training.splits import Splits

BuildTrainer = Callable[[TrainConfig, Splits, Path, str], Trainable]
"""``(config, splits, models_dir, held-out split name) -> trainable``; the held-out split
(``"validation"`` while training, ``"test"`` for the final scores) is what it evaluates on."""


def _held_out(splits: Splits, split: str) -> tuple[TrainingPair, ...]:
    return splits.validation if split == "validation" else splits.test


def _bi_encoder(config: TrainConfig, splits: Splits, models_dir: Path, split: str) -> Trainable:
    if config.head == "linear":
        return HeadTrainable(config, splits.train, _held_out(splits, split))
    return BiEncoderTrainable(config, _held_out(splits, split), models_dir)


def _cross_encoder(config: TrainConfig, splits: Splits, models_dir: Path, split: str) -> Trainable:
    return CrossEncoderTrainable(config, _held_out(splits, split), models_dir)


def _ranker(config: TrainConfig, splits: Splits, models_dir: Path, split: str) -> Trainable:
    del models_dir  # features only: no base model
    held_out = _held_out(splits, split)
    return RankerTrainable(config, splits.train, held_out, fit=split == "validation")


def _adapt(config: TrainConfig, splits: Splits, models_dir: Path, split: str) -> Trainable:
    return AdaptTrainable(config, _held_out(splits, split), models_dir)


TRAINERS: Registry[BuildTrainer] = Registry("trainer kind")
TRAINERS.add("bi-encoder", lambda: _bi_encoder)
TRAINERS.add("cross-encoder", lambda: _cross_encoder)
TRAINERS.add("ranker", lambda: _ranker)
TRAINERS.add("adapt", lambda: _adapt)
