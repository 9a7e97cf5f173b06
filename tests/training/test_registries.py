"""Losses and trainer kinds are registry entries that agree with what a config may name."""

from typing import get_args

import pytest

from cvmatch.errors import UnknownNameError
from cvmatch.training import config as config_module
from cvmatch.training.losses import LOSSES, losses_of
from cvmatch.training.trainers import TRAINERS


def test_every_kind_a_config_may_name_has_a_trainer() -> None:
    assert sorted(get_args(config_module.Kind)) == list(TRAINERS)


def test_every_loss_a_config_may_name_is_registered_under_its_kind() -> None:
    assert sorted(get_args(config_module.Loss)) == list(LOSSES)
    for kind, names in config_module._LOSSES.items():
        assert losses_of(kind) == tuple(sorted(names))


def test_only_mnrl_losses_use_in_batch_negatives() -> None:
    uses = {name for name in LOSSES if LOSSES.create(name).in_batch_negatives}
    assert uses == {"mnrl", "mnrl-symmetric"}


def test_unknown_names_list_the_known_ones() -> None:
    with pytest.raises(UnknownNameError, match=r"unknown loss 'triplet'; known: bce, contrastive"):
        LOSSES.create("triplet")
    with pytest.raises(UnknownNameError, match=r"known: adapt, bi-encoder, cross-encoder, ranker"):
        TRAINERS.create("siamese")


def test_losses_of_other_kinds_are_computed_by_their_trainer() -> None:
    with pytest.raises(ValueError, match="ranker trainer computes this loss itself"):
        LOSSES.create("lambdarank").module(object())
