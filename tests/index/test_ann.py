"""The faiss tier against exact search: same hits on the exact tier, high recall on IVF."""

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.index.ann import FaissIndex
from cvmatch.index.ann_tiers import Tier, TierChoice, choose_tier
from cvmatch.index.exact import ExactIndex


def _unit(rows: int, dim: int, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).standard_normal((rows, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def _exact_ids(vectors: np.ndarray, ids: np.ndarray, query: np.ndarray, k: int) -> list[int]:
    top = ExactIndex(vectors).search(query[None, :], k).indices[0]
    return [int(ids[i]) for i in top]


def test_exact_tier_returns_the_exact_top_k_with_store_ids() -> None:
    vectors = _unit(500, 16)
    ids = np.arange(1000, 1500, dtype=np.int64)[::-1].copy()  # keys need not follow rows
    index = FaissIndex.build("m", ids, vectors)
    assert index.tier is Tier.EXACT
    for q in _unit(5, 16, seed=1):
        got = [h.document_id for h in index.search(q, 20)]
        assert got == _exact_ids(vectors, ids, q, 20)


def test_ties_go_by_ascending_id_whatever_faiss_returns() -> None:
    # Six identical vectors: every one ties; the answer is the lowest ids in order.
    vectors = np.tile(np.asarray([[0.6, 0.8]], dtype=np.float32), (6, 1))
    index = FaissIndex.build("m", [40, 10, 60, 30, 20, 50], vectors)
    hits = index.search(np.asarray([0.6, 0.8], dtype=np.float32), 3)
    assert [h.document_id for h in hits] == [10, 20, 30]


def test_ivf_tier_recall_at_100_against_exact() -> None:
    # Clustered vectors like real CVs (30 "professions" plus noise), IVF with 64 lists.
    centres = _unit(30, 32, seed=2)
    labels = np.random.default_rng(3).integers(0, 30, 6000)
    vectors = centres[labels] + 0.35 * _unit(6000, 32, seed=4)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = np.arange(6000, dtype=np.int64)
    index = FaissIndex.build("m", ids, vectors, TierChoice(Tier.IVF_FLAT, 64))
    index.nprobe = 16
    recalls = []
    for q in _unit(10, 32, seed=5):
        got = {h.document_id for h in index.search(q, 100)}
        recalls.append(len(got & set(_exact_ids(vectors, ids, q, 100))) / 100)
    assert index.tier is Tier.IVF_FLAT
    assert float(np.mean(recalls)) >= 0.95


def test_ivf_sq8_with_a_small_allowed_pool_is_exact_over_the_pool() -> None:
    vectors = _unit(3000, 16, seed=6)
    ids = np.arange(3000, dtype=np.int64)
    index = FaissIndex.build("m", ids, vectors, TierChoice(Tier.IVF_SQ8, 32))
    index.nprobe = 1  # the pool must still be found in lists that are not probed
    pool = list(range(0, 3000, 37))
    q = _unit(1, 16, seed=7)[0]
    got = [h.document_id for h in index.search(q, 10, allowed=pool)]
    expected = _exact_ids(vectors[pool], np.asarray(pool), q, 10)
    assert set(got) <= set(pool)
    assert len(set(got) & set(expected)) >= 9  # SQ8 codes may swap a near tie


def test_upsert_replaces_and_delete_forgets() -> None:
    index = FaissIndex("m", 2)
    index.upsert([1, 2], np.asarray([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
    index.upsert([1], np.asarray([[0.0, -1.0]], dtype=np.float32))
    assert len(index) == 2
    assert [h.document_id for h in index.search(np.asarray([0.0, 1.0]), 2)] == [2, 1]
    index.delete([2, 99])
    assert index.ids().tolist() == [1]
    assert index.search(np.asarray([1.0, 0.0]), 5)[0].similarity == pytest.approx(0.0)


def test_allowed_restricts_and_n_is_capped() -> None:
    index = FaissIndex.build("m", [5, 6, 7], _unit(3, 4))
    hits = index.search(_unit(1, 4, seed=9)[0], 10, allowed={6, 7, 1234})
    assert sorted(h.document_id for h in hits) == [6, 7]
    assert FaissIndex("m", 4).search(np.zeros(4), 3) == []


def test_bad_shapes_are_refused() -> None:
    index = FaissIndex("m", 4)
    with pytest.raises(InvalidInputError, match="matrix"):
        index.upsert([1, 2], np.zeros((1, 4), dtype=np.float32))
    with pytest.raises(InvalidInputError, match="unique"):
        index.upsert([1, 1], np.zeros((2, 4), dtype=np.float32))
    index.upsert([1], np.ones((1, 4), dtype=np.float32))
    with pytest.raises(InvalidInputError, match="3-d query"):
        index.search(np.zeros(3), 1)


def test_tier_by_size() -> None:
    assert choose_tier(49_999, 512).tier is Tier.EXACT
    assert choose_tier(50_000, 64) == TierChoice(Tier.IVF_FLAT, 224)
    assert choose_tier(1_000_000, 512).tier is Tier.IVF_SQ8


def test_build_is_deterministic() -> None:
    vectors = _unit(4000, 16, seed=11)
    ids = np.arange(4000)
    q = _unit(1, 16, seed=12)[0]
    runs = [
        FaissIndex.build("m", ids, vectors, TierChoice(Tier.IVF_FLAT, 32)).search(q, 50)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]
