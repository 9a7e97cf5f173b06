"""Round 3 of the language bench: joined vectors, and the ensemble as a mean of two cosines."""

import hashlib
from pathlib import Path

import numpy as np
import pytest
from bench.quality.language_round3 import (
    TRAIN3_BUCKET,
    USE_DIM,
    JoinedVectors,
    ensemble,
    round3_candidate,
    round3_pairs,
)

from cvmatch.training.language_data import OccupationLabels, head_pairs
from cvmatch.training.language_head import project


def _head(dim: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "w0": (np.eye(dim) + 0.3 * rng.normal(size=(dim, dim))).astype(np.float32),
        "b0": (0.1 * rng.normal(size=dim)).astype(np.float32),
    }


def _joined(rows: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(rows, USE_DIM + 384)).astype(np.float32)


def test_joined_vectors_put_use_m3_first_then_e5() -> None:
    use = {"a": np.ones(USE_DIM, np.float32)}
    e5 = {"a": np.full(384, 2.0, np.float32)}
    joined = JoinedVectors(use, e5)
    assert list(joined) == ["a"]
    assert len(joined) == 1
    assert joined["a"].shape == (USE_DIM + 384,)
    assert joined["a"][USE_DIM - 1] == 1.0
    assert joined["a"][USE_DIM] == 2.0


def test_ensemble_dot_products_are_the_mean_of_the_two_heads_cosines() -> None:
    use_head, e5_head = _head(USE_DIM, 1), _head(384, 2)
    queries, corpus = _joined(3, 3), _joined(4, 4)
    expected = 0.5 * (
        project(queries[:, :USE_DIM], use_head) @ project(corpus[:, :USE_DIM], use_head).T
    ) + 0.5 * (project(queries[:, USE_DIM:], e5_head) @ project(corpus[:, USE_DIM:], e5_head).T)
    got = ensemble(queries, use_head, e5_head) @ ensemble(corpus, use_head, e5_head).T
    assert np.allclose(got, expected, atol=1e-6)
    assert np.allclose(np.linalg.norm(ensemble(queries, use_head, e5_head), axis=1), 1.0)


def test_round3_candidates_read_their_columns_and_heads(tmp_path: Path) -> None:
    e5_head, use_head = _head(384, 5), _head(USE_DIM, 6)
    np.savez(tmp_path / "e5-fr.npz", **e5_head)
    np.savez(tmp_path / "fr.npz", **use_head)
    rows = _joined(2, 7)
    plain = round3_candidate("e5", tmp_path)(rows, "fr")
    assert np.allclose(
        plain, rows[:, USE_DIM:] / np.linalg.norm(rows[:, USE_DIM:], axis=1)[:, None]
    )
    headed = round3_candidate("e5-per-language", tmp_path)(rows, "fr")
    assert np.allclose(headed, project(rows[:, USE_DIM:], e5_head))
    both = round3_candidate("ensemble", tmp_path)(rows, "fr")
    assert np.allclose(both, ensemble(rows, use_head, e5_head))
    with pytest.raises(SystemExit, match="known: e5, e5-per-language, ensemble"):
        round3_candidate("nope", tmp_path)


def test_round3_pairs_are_the_shipped_pairs_of_a_fixed_third_of_the_occupations() -> None:
    uris = [f"http://data.europa.eu/esco/occupation/{i}" for i in range(200)]
    esco = {
        lang: {
            uri: OccupationLabels(uri, lang, f"{lang} {i}", (f"{lang} {i} a", f"{lang} {i} b"))
            for i, uri in enumerate(uris)
        }
        for lang in ("en", "fr")
    }
    full = head_pairs(esco, ["fr"], cross_language="en")
    kept = round3_pairs(esco, "fr")
    buckets = {p.group: int(hashlib.sha256(p.group.encode()).hexdigest(), 16) % 100 for p in full}
    assert kept == [p for p in full if buckets[p.group] < TRAIN3_BUCKET]
    assert {buckets[p.group] for p in kept} <= set(range(25, 50))
    assert 0 < len(kept) < len(full)
