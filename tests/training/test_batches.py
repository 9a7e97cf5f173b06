"""MNRL batches: distinct groups per batch, and the per-epoch group cap."""

from collections import Counter

import numpy as np

from cvmatch.training.loop import make_batches
from cvmatch.training.records import TrainingPair


def _skewed() -> list[TrainingPair]:
    # Two big groups (60 pairs each) beside 60 singletons: at batch size 8 about 10 batches can be
    # full, so the big groups cannot fit once per batch.
    big = [TrainingPair(f"{g} {i}", f"doc {g} {i}", group=g) for g in ("a", "b") for i in range(60)]
    small = [TrainingPair(f"q {i}", f"d {i}", group=f"g{i}") for i in range(60)]
    return big + small


def _groups(pairs: list[TrainingPair], batch: list[int]) -> list[str]:
    return [pairs[i].group for i in batch]


def test_distinct_groups_without_a_cap_leave_a_tail_of_tiny_batches() -> None:
    pairs = _skewed()
    batches = make_batches(pairs, 8, np.random.default_rng(0), distinct_groups=True)
    assert all(len(set(_groups(pairs, b))) == len(b) for b in batches)
    assert sum(len(b) == 2 for b in batches) > 30  # the two big groups spill together


def test_group_cap_keeps_batches_full_and_resamples_each_epoch() -> None:
    pairs = _skewed()
    epochs = [
        make_batches(pairs, 8, np.random.default_rng(seed), distinct_groups=True, group_cap=8)
        for seed in (0, 1)
    ]
    for batches in epochs:
        counts = Counter(g for b in batches for g in _groups(pairs, b))
        assert counts["a"] == counts["b"] == 8
        assert sum(counts.values()) == 76
        assert all(len(set(_groups(pairs, b))) == len(b) for b in batches)
        assert sorted(len(b) for b in batches)[1:] == [8] * (len(batches) - 1)
    first, second = ({i for b in batches for i in b if i < 120} for batches in epochs)
    assert first != second  # another sample of the big group in the next epoch


def test_pairs_without_a_hard_negative_borrow_one_from_their_batch() -> None:
    from cvmatch.training.bi_encoder import _negative_column  # noqa: PLC0415 (private helper)

    batch = [
        TrainingPair("q1", "d1", group="a", negative="n1"),
        TrainingPair("q2", "d2", group="b"),
        TrainingPair("q3", "d3", group="c", negative="n3"),
        TrainingPair("q4", "d4", group="d"),
    ]
    assert _negative_column(batch) == ["n1", "n1", "n3", "n3"]
    assert _negative_column([TrainingPair("q", "d"), TrainingPair("r", "e")]) == []
