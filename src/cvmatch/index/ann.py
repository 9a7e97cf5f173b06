"""The faiss tier of :class:`~cvmatch.index.candidates.CandidateIndex`: stored CVs by vector.

:class:`FaissIndex` holds one encoder's unit vectors keyed by store document ids, in the tier
:mod:`cvmatch.index.ann_tiers` picks for their number (exact below 50k, IVF above). Upserts and
deletes are incremental (faiss ``remove_ids`` / ``add_with_ids``); :meth:`FaissIndex.build`
chooses and trains the tier for a whole corpus. Answers are deterministic: faiss returns a few
hits more than asked, which are ordered by similarity then ascending id, and the request grows
while the last hit ties with the cut-off (so a tie never depends on faiss's heap order).

A search restricted to ``allowed`` ids (a job's pool) on an IVF index scans every list, with a
selector, when the pool is small enough for the exact tier: a pool is never missed because its
members sit in lists that were not probed.

>>> index = FaissIndex("demo", 2)
>>> index.upsert([7, 3], np.asarray([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32))
>>> [hit.document_id for hit in index.search(np.asarray([0.6, 0.8], dtype=np.float32), 2)]
[3, 7]
"""

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Self

import faiss
import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.index import ann_tiers
from cvmatch.index.ann_tiers import Tier, TierChoice
from cvmatch.index.candidates import CandidateHit

_TIE_MARGIN = 8
"""Hits fetched beyond ``n`` so that ties at the cut-off can be ordered by id."""


class FaissIndex:
    """One encoder's vectors in a faiss index, keyed by store document id.

    Args:
        model_id: The encoder whose vectors the index holds.
        dim: Their dimension.
        index: A ready faiss index (loaded or built); default an empty exact index.
        nprobe: Inverted lists scanned per query on an IVF tier.
        search_threads: OpenMP threads of one search (1: a single query gains little from
            more, and OpenMP's spinning threads slow every search down on a busy machine).
    """

    def __init__(
        self,
        model_id: str,
        dim: int,
        index: faiss.Index | None = None,
        nprobe: int = ann_tiers.DEFAULT_NPROBE,
        search_threads: int = 1,
    ) -> None:
        self._model_id = model_id
        self.dim = dim
        self.nprobe = nprobe
        self.search_threads = search_threads
        self.index = (
            index if index is not None else ann_tiers.new_index(TierChoice(Tier.EXACT), dim)
        )
        if self.index.d != dim:
            raise InvalidInputError(f"a {self.index.d}-d faiss index cannot hold {dim}-d vectors")

    @classmethod
    def build(
        cls,
        model_id: str,
        document_ids: Sequence[int] | np.ndarray,
        vectors: np.ndarray,
        choice: TierChoice | None = None,
    ) -> Self:
        """An index of ``vectors`` in the tier chosen for their number (trained if IVF)."""
        dim = int(vectors.shape[1])
        choice = choice or ann_tiers.choose_tier(len(vectors), dim)
        index = ann_tiers.new_index(choice, dim)
        ann_tiers.train(index, vectors)
        built = cls(model_id, dim, index)
        built.upsert(document_ids, vectors)
        return built

    @property
    def model_id(self) -> str:
        """The encoder whose vectors the index holds."""
        return self._model_id

    @property
    def tier(self) -> Tier:
        """Exact, IVF-Flat or IVF-SQ8."""
        return ann_tiers.tier_of(self.index)

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        """Every document id held, ascending."""
        return ann_tiers.stored_ids(self.index)

    def upsert(self, document_ids: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        """Add or replace the vectors of documents (``(len(document_ids), dim)``)."""
        keys = np.asarray(document_ids, dtype=np.int64)
        matrix = np.ascontiguousarray(vectors, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape != (len(keys), self.dim):  # noqa: PLR2004
            raise InvalidInputError(
                f"{len(keys)} ids need a ({len(keys)}, {self.dim}) matrix, got {matrix.shape}"
            )
        if len(np.unique(keys)) != len(keys):
            raise InvalidInputError("document ids must be unique within one upsert")
        if not len(keys):
            return
        self.delete(keys)
        self.index.add_with_ids(matrix, keys)

    def delete(self, document_ids: Sequence[int] | np.ndarray) -> None:
        """Forget documents; unknown ids are ignored."""
        keys = np.asarray(document_ids, dtype=np.int64)
        if len(keys) and len(self):
            self.index.remove_ids(faiss.IDSelectorBatch(keys))

    def search(
        self, query: np.ndarray, n: int, *, allowed: Collection[int] | None = None
    ) -> list[CandidateHit]:
        """The ``n`` nearest documents to ``query``, nearest first, ties by ascending id."""
        vector = np.ascontiguousarray(np.asarray(query, dtype=np.float32).reshape(1, -1))
        if not len(self):
            return []
        if vector.shape[1] != self.dim:
            raise InvalidInputError(f"a {vector.shape[1]}-d query for a {self.dim}-d index")
        pool = len(self) if allowed is None else min(len(self), len(allowed))
        n = max(0, min(n, pool))
        if n == 0:
            return []
        selector = None if allowed is None else _selector(allowed)
        params = self._params(selector, small_pool=pool < ann_tiers.EXACT_LIMIT)
        fetch = min(pool, n + _TIE_MARGIN)
        with _omp_threads(self.search_threads):
            return self._search(vector, n, pool, fetch, params)

    def _search(
        self, vector: np.ndarray, n: int, pool: int, fetch: int, params: faiss.SearchParameters
    ) -> list[CandidateHit]:
        while True:
            scores, keys = self.index.search(vector, fetch, params=params)
            hits = sorted(
                (
                    CandidateHit(int(k), float(s))
                    for s, k in zip(scores[0], keys[0], strict=True)
                    if k >= 0
                ),
                key=lambda h: (-h.similarity, h.document_id),
            )
            tied = len(hits) > n and hits[-1].similarity == hits[n - 1].similarity
            if not tied or fetch >= pool:
                return hits[:n]
            fetch = min(pool, fetch * 2)

    def _params(
        self, selector: faiss.IDSelector | None, *, small_pool: bool
    ) -> faiss.SearchParameters:
        """Search parameters; a small restricted pool scans every IVF list (exact over it)."""
        if self.tier is Tier.EXACT:
            params = faiss.SearchParameters()
        else:
            nlist = int(faiss.extract_index_ivf(self.index).nlist)
            params = faiss.SearchParametersIVF()
            params.nprobe = min(
                nlist if selector is not None and small_pool else self.nprobe, nlist
            )
        params.sel = selector
        return params

    def memory_bytes(self) -> int:
        """Bytes the vectors, ids and centroids take (an estimate of the index's RAM)."""
        count = len(self)
        if self.tier is Tier.EXACT:
            return count * (self.dim * 4 + 16)  # float32 rows, the id map and its reverse map
        nlist = int(faiss.extract_index_ivf(self.index).nlist)
        code = self.dim if self.tier is Tier.IVF_SQ8 else self.dim * 4
        return count * (code + 8) + nlist * self.dim * 4


@contextmanager
def _omp_threads(threads: int) -> Iterator[None]:
    """Run faiss with ``threads`` OpenMP threads, then restore the process's setting."""
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(threads)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


def _selector(allowed: Collection[int]) -> faiss.IDSelector:
    """A faiss selector of ``allowed`` ids (kept alive by the caller during the search)."""
    return faiss.IDSelectorBatch(np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
