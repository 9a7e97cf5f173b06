import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.bootstrap import bootstrap_ci, bootstrap_statistics, paired_bootstrap_ci

VALUES = np.random.default_rng(7).uniform(0.0, 1.0, size=200)


def test_same_seed_gives_the_same_interval():
    assert bootstrap_ci(VALUES, seed=1) == bootstrap_ci(VALUES, seed=1)
    assert bootstrap_ci(VALUES, seed=1) != bootstrap_ci(VALUES, seed=2)


def test_interval_contains_the_observed_mean():
    mean, low, high = bootstrap_ci(VALUES)
    assert mean == pytest.approx(VALUES.mean())
    assert low < mean < high


def test_interval_width_matches_the_standard_error():
    """For 200 uniform values the 95% interval is about 2 * 1.96 * sd / sqrt(200) wide."""
    _, low, high = bootstrap_ci(VALUES, n_resamples=2000)
    expected = 2 * 1.96 * VALUES.std() / np.sqrt(len(VALUES))
    assert high - low == pytest.approx(expected, rel=0.15)


def test_lower_confidence_gives_a_narrower_interval():
    _, low95, high95 = bootstrap_ci(VALUES, confidence=0.95)
    _, low50, high50 = bootstrap_ci(VALUES, confidence=0.5)
    assert low95 < low50 < high50 < high95


def test_resample_count_that_is_not_a_multiple_of_the_block():
    """250 resamples span blocks of 100, 100 and 50; the result is still seeded and sane."""
    first = bootstrap_ci(VALUES, n_resamples=250)
    assert first == bootstrap_ci(VALUES, n_resamples=250)
    assert first.low < first.mean < first.high


def test_constant_values_give_a_point_interval():
    assert tuple(bootstrap_ci([0.5, 0.5, 0.5])) == (0.5, 0.5, 0.5)


@pytest.mark.parametrize(
    ("values", "kwargs", "message"),
    [
        ([], {}, "non-empty"),
        ([0.1, float("nan")], {}, "NaN"),
        ([0.1], {"confidence": 1.0}, "confidence"),
        ([0.1], {"n_resamples": 0}, "n_resamples"),
    ],
)
def test_bad_input_is_rejected(values, kwargs, message):
    with pytest.raises(InvalidInputError, match=message):
        bootstrap_ci(values, **kwargs)


def test_paired_interval_of_a_difference():
    better = VALUES + 0.1
    mean, low, high = paired_bootstrap_ci(better, VALUES)
    # Every query gains exactly 0.1, so every resample of the difference is 0.1.
    assert (mean, low, high) == pytest.approx((0.1, 0.1, 0.1))
    noisy = VALUES + np.random.default_rng(0).normal(0.05, 0.05, size=len(VALUES))
    mean, low, high = paired_bootstrap_ci(noisy, VALUES)
    assert 0.0 < low < mean < high


def test_paired_interval_needs_aligned_values():
    with pytest.raises(InvalidInputError, match="align"):
        paired_bootstrap_ci([0.1, 0.2], [0.1])


def test_bootstrap_statistics_drops_undefined_resamples_and_is_seeded():
    values = np.array([0.0, 1.0, 2.0, 3.0])

    def stats(idx):
        chosen = values[idx]
        # "spread" is undefined (NaN) when a resample holds one distinct value.
        spread = float(chosen.max() - chosen.min()) if len(set(chosen)) > 1 else float("nan")
        return {"mean": float(chosen.mean()), "spread": spread}

    first = bootstrap_statistics(stats, 4, n_resamples=300, seed=1)
    assert first == bootstrap_statistics(stats, 4, n_resamples=300, seed=1)
    assert first["mean"].mean == 1.5
    assert first["spread"].mean == 3.0
    assert 0.0 <= first["mean"].low <= 1.5 <= first["mean"].high <= 3.0
    assert first["spread"].low >= 1.0  # NaN resamples were dropped, defined spreads are >= 1


def test_bootstrap_statistics_rejects_bad_input():
    with pytest.raises(InvalidInputError):
        bootstrap_statistics(lambda _idx: {"x": 1.0}, 0)
    with pytest.raises(InvalidInputError, match="undefined"):
        bootstrap_statistics(lambda _idx: {"x": float("nan")}, 3)
