"""The linear head over precomputed vectors: batching, epoch choice and the numpy projection."""

import random

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.training.language_head import HeadSettings, fit_head, group_batches, project
from cvmatch.training.records import TrainingPair


def _pairs(groups: int, per_group: int) -> list[TrainingPair]:
    return [
        TrainingPair(query=f"q{g}-{i}", document=f"d{g}", group=f"g{g}")
        for g in range(groups)
        for i in range(per_group)
    ]


def test_batches_never_hold_one_group_twice_and_keep_every_pair() -> None:
    pairs = _pairs(groups=5, per_group=3)
    batches = group_batches(pairs, batch_size=4, rng=random.Random(0))  # noqa: S311
    assert all(len({p.group for p in b}) == len(b) <= 4 for b in batches)
    assert sorted(p.query for b in batches for p in b) == sorted(p.query for p in pairs)


def _mixed_vectors(pairs: list[TrainingPair], dim: int = 8) -> dict[str, np.ndarray]:
    """First half: the group's signal; second half: loud noise of each text.

    The identity head's cosines are dominated by the noise; a learned head can scale it down.
    """
    rng = np.random.default_rng(0)
    signal = {f"g{g}": rng.normal(size=dim // 2) for g in range(12)}
    vectors = {}
    for p in pairs:
        for text in (p.query, p.document):
            vectors[text] = np.concatenate([signal[p.group], rng.normal(size=dim // 2) * 4])
    return {k: v.astype(np.float32) for k, v in vectors.items()}


def _accuracy(pairs: list[TrainingPair], vectors: dict[str, np.ndarray]):  # type: ignore[no-untyped-def]
    documents = sorted({p.document for p in pairs})

    def score(head):  # type: ignore[no-untyped-def]
        d = head(np.stack([vectors[t] for t in documents]))
        q = head(np.stack([vectors[p.query] for p in pairs]))
        best = np.argmax(q @ d.T, axis=1)
        return float(
            np.mean([documents[b] == p.document for b, p in zip(best, pairs, strict=True)])
        )

    return score


def test_the_head_learns_and_the_best_epoch_is_kept() -> None:
    pairs = _pairs(groups=12, per_group=4)
    vectors = _mixed_vectors(pairs)
    validate = _accuracy(pairs, vectors)
    fit = fit_head(
        pairs, vectors, validate, HeadSettings(epochs=30, batch_size=12, learning_rate=5e-2)
    )
    assert len(fit.history) == 31
    assert fit.best_epoch > 0
    assert fit.history[fit.best_epoch] == max(fit.history) > fit.history[0]
    assert validate(lambda v: project(v, fit.arrays)) == fit.history[fit.best_epoch]


def test_a_head_that_never_helps_comes_back_as_the_identity() -> None:
    pairs = _pairs(groups=3, per_group=2)
    vectors = _mixed_vectors(pairs)
    fit = fit_head(pairs, vectors, lambda _head: 0.5, HeadSettings(epochs=2, batch_size=3))
    assert fit.best_epoch == 0
    assert np.allclose(fit.arrays["w0"], np.eye(8))
    assert np.allclose(fit.arrays["b0"], 0.0)


def test_project_normalises_rows() -> None:
    arrays = {"w0": np.diag([2.0, 1.0]).astype(np.float32), "b0": np.zeros(2, np.float32)}
    out = project(np.array([[3.0, 0.0], [0.0, 0.0]]), arrays)
    assert np.allclose(out[0], [1.0, 0.0])
    assert np.allclose(out[1], [0.0, 0.0])  # a zero row stays zero, never NaN


def test_missing_vectors_and_empty_pairs_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="no training pairs"):
        fit_head([], {}, lambda _h: 0.0)
    with pytest.raises(InvalidInputError, match="have no vector"):
        fit_head(_pairs(1, 1), {}, lambda _h: 0.0)


def test_the_two_layer_head_starts_as_the_identity_and_learns() -> None:
    pairs = _pairs(groups=12, per_group=4)
    vectors = _mixed_vectors(pairs)
    validate = _accuracy(pairs, vectors)
    untrained = fit_head(pairs, vectors, lambda _h: 0.5, HeadSettings(epochs=1, layers=2))
    assert set(untrained.arrays) == {"w0", "b0", "w1", "b1"}
    assert untrained.arrays["w0"].shape == (8, 16)
    base = np.stack(list(vectors.values()))
    unit = base / np.linalg.norm(base, axis=1, keepdims=True)
    assert np.allclose(project(base, untrained.arrays), unit, atol=1e-6)  # relu(x) - relu(-x)
    fit = fit_head(
        pairs,
        vectors,
        validate,
        HeadSettings(epochs=30, batch_size=12, learning_rate=5e-2, layers=2),
    )
    assert fit.best_epoch > 0
    assert fit.history[fit.best_epoch] > fit.history[0]


def test_hard_negatives_are_extra_columns_and_need_vectors() -> None:
    pairs = [
        TrainingPair(query=p.query, document=p.document, group=p.group, negative="n")
        for p in _pairs(groups=4, per_group=2)
    ]
    vectors = _mixed_vectors(_pairs(groups=4, per_group=2))
    with pytest.raises(InvalidInputError, match="have no vector"):
        fit_head(pairs, vectors, lambda _h: 0.0, HeadSettings(epochs=1))
    vectors["n"] = np.ones(8, dtype=np.float32)
    fit = fit_head(pairs, vectors, lambda _h: 0.0, HeadSettings(epochs=1, batch_size=4))
    assert fit.best_epoch == 0
