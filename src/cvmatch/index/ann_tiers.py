"""Which faiss index holds ``n`` vectors: exact below a size, inverted lists above.

Below :data:`EXACT_LIMIT` vectors an exact inner-product index (``IndexFlatIP`` behind an
``IndexIDMap2``, so keys are store ids) answers in a few milliseconds and needs no training.
Above, an IVF index (``sqrt(n)`` k-means lists, :data:`DEFAULT_NPROBE` probed per query) scans
a few percent of the vectors: IVF-Flat keeps float32 vectors while they fit ``ram_budget``,
IVF-SQ8 (one byte per dimension, a quarter of the RAM) beyond. HNSW was left out: it builds
in minutes at 1M on two cores (STACK.md), IVF in seconds.

Training is deterministic: k-means uses a fixed seed and a training sample drawn with a fixed
seed from the vectors in id order.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import cast

import faiss
import numpy as np

EXACT_LIMIT = 50_000
"""Vectors below which the exact tier is used."""
DEFAULT_NPROBE = 16
"""Inverted lists scanned per query: recall@100 0.98–0.997 at 100k–1M CV-like vectors (docs/scale.md)."""
DEFAULT_RAM_BUDGET = 1 << 30
"""Bytes of float32 vectors IVF-Flat may hold before IVF-SQ8 is chosen (1 GiB)."""
SEED = 1234
"""Seed of the k-means training and of its sample."""
_TRAIN_PER_LIST = 64
_MIN_LISTS = 16


class Tier(StrEnum):
    """The kind of faiss index."""

    EXACT = "exact"
    IVF_FLAT = "ivf-flat"
    IVF_SQ8 = "ivf-sq8"


@dataclass(frozen=True)
class TierChoice:
    """A tier and its number of inverted lists (0 for the exact tier)."""

    tier: Tier
    nlist: int = 0


def choose_tier(
    n: int,
    dim: int,
    exact_limit: int = EXACT_LIMIT,
    ram_budget: int = DEFAULT_RAM_BUDGET,
) -> TierChoice:
    """The tier for ``n`` vectors of ``dim`` float32 values.

    >>> choose_tier(1_000, 512)
    TierChoice(tier=<Tier.EXACT: 'exact'>, nlist=0)
    >>> choose_tier(1_000_000, 512)
    TierChoice(tier=<Tier.IVF_SQ8: 'ivf-sq8'>, nlist=1000)
    """
    if n < exact_limit:
        return TierChoice(Tier.EXACT)
    nlist = max(_MIN_LISTS, round(float(np.sqrt(n))))
    tier = Tier.IVF_FLAT if n * dim * 4 <= ram_budget else Tier.IVF_SQ8
    return TierChoice(tier, nlist)


def new_index(choice: TierChoice, dim: int) -> faiss.Index:
    """An empty (untrained) faiss index of the chosen tier, over inner products."""
    if choice.tier is Tier.EXACT:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
    quantizer = faiss.IndexFlatIP(dim)
    metric = faiss.METRIC_INNER_PRODUCT
    index: faiss.IndexIVF
    if choice.tier is Tier.IVF_FLAT:
        index = faiss.IndexIVFFlat(quantizer, dim, choice.nlist, metric)
    else:
        qtype = faiss.ScalarQuantizer.QT_8bit
        index = faiss.IndexIVFScalarQuantizer(quantizer, dim, choice.nlist, qtype, metric)
    index.cp.seed = SEED
    return index


def train(index: faiss.Index, vectors: np.ndarray) -> None:
    """Train an IVF index on a fixed-seed sample of ``vectors`` (the exact tier needs none)."""
    if index.is_trained:
        return
    nlist = int(faiss.extract_index_ivf(index).nlist)
    size = min(len(vectors), nlist * _TRAIN_PER_LIST)
    rows = np.sort(np.random.default_rng(SEED).choice(len(vectors), size, replace=False))
    index.train(np.ascontiguousarray(vectors[rows], dtype=np.float32))


def tier_of(index: faiss.Index) -> Tier:
    """The tier of a (loaded) faiss index."""
    if isinstance(index, faiss.IndexIVFScalarQuantizer):
        return Tier.IVF_SQ8
    if isinstance(index, faiss.IndexIVF):
        return Tier.IVF_FLAT
    return Tier.EXACT


def stored_ids(index: faiss.Index) -> np.ndarray:
    """Every key the index holds, ascending (int64)."""
    if tier_of(index) is Tier.EXACT:
        id_map = cast(faiss.IndexIDMap2, index).id_map
        return np.sort(faiss.vector_to_array(id_map).astype(np.int64))
    ivf = faiss.extract_index_ivf(index)
    lists = ivf.invlists
    if lists is None:  # pragma: no cover - every IVF index has its lists
        return np.zeros(0, dtype=np.int64)
    parts = [
        faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
        for i in range(ivf.nlist)
        if lists.list_size(i)
    ]
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.sort(np.concatenate(parts).astype(np.int64))
