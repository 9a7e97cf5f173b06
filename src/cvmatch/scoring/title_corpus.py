"""A corpus of title vectors prepared once for :func:`cvmatch.scoring.title_similarity.title_scores`.

Searches run on float32 unit vectors (half the memory of float64) and their candidates are
re-scored in float64 (:mod:`cvmatch.index.refined`), so neighbour lists, feedback titles and
cosines are the float64 ones. The corpus-neighbour graph is still exact, so its time grows
with ``n²`` (issue 25,
``docs/benchmarks/memory.md`` says why candidate lists cannot replace it without changing the
results); memory grows with ``n``: two float32 copies of the vectors and the lists.

Smoothing is linear in the query's scores, ``s(q, d) + w · mean_j s(q, d_j) = q · (d + w ·
mean_j d_j)``, so the prepared corpus keeps each title's *expanded* vector ``d + w · mean_j d_j``
(float32) and one product scores a block; the hubness term is one float64 number per title.
"""

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from cvmatch.index.graph import neighbour_graph
from cvmatch.index.refined import CorpusRows

_GATHER_BYTES = 64 * 1024 * 1024
"""At most this much float64 in one gathered block of neighbour rows."""


@dataclass(frozen=True)
class PreparedCorpus:
    """What every query block needs of one corpus (see the module docstring)."""

    unit32: np.ndarray
    """``(n, dim)`` float32 unit vectors (feedback search)."""
    expanded: np.ndarray
    """``(n, dim)`` float32: each unit vector plus ``neighbour_weight`` × its neighbours' mean."""
    hub: np.ndarray | None
    """``(n,)`` float64: ``hub_weight`` × mean cosine to the ``hub_k`` nearest (None: off)."""


@dataclass(frozen=True)
class GraphParams:
    """The corpus-side steps: smoothing (``neighbours``, ``weight``) and hubness."""

    neighbours: int
    weight: float
    hub_k: int
    hub_weight: float
    exact_limit: int = 50_000
    """Corpora up to this many titles get the exact neighbour graph, larger ones HNSW's."""


def prepare(corpus: CorpusRows, graph: GraphParams, budget: int | None) -> PreparedCorpus:
    """Neighbour lists once, then the expanded vectors and the hubness term."""
    unit32 = corpus.float32()
    smooth = graph.neighbours > 0 and graph.weight > 0
    hubness = graph.hub_k > 0 and graph.hub_weight > 0
    k = max(graph.neighbours if smooth else 0, graph.hub_k if hubness else 0)
    found = neighbour_graph(corpus, k, graph.exact_limit, budget, unit32) if k else None
    if found is None or found.indices.shape[1] == 0:
        return PreparedCorpus(unit32, unit32, None)
    expanded = unit32
    if smooth:
        expanded = np.empty_like(unit32)
        near = found.indices[:, : graph.neighbours]
        step = max(1, _GATHER_BYTES // max(1, near.size // len(corpus) * unit32.shape[1] * 8))
        for first in range(0, len(corpus), step):
            rows = slice(first, first + step)
            mean = corpus.rows64(near[rows]).mean(axis=1)
            expanded[rows] = corpus.rows64(rows) + graph.weight * mean
    hub = graph.hub_weight * found.scores[:, : graph.hub_k].mean(axis=1) if hubness else None
    return PreparedCorpus(unit32, expanded, hub)


def _digest(corpus: CorpusRows) -> str:
    """Content hash of the vectors (dtype, shape, bytes) and of the unit flag."""
    content = hashlib.sha256(np.ascontiguousarray(corpus.vectors).data).hexdigest()
    return f"{corpus.vectors.dtype}{corpus.vectors.shape}{corpus.unit}{content}"


_CACHE: "OrderedDict[tuple[str, GraphParams, int | None], PreparedCorpus]" = OrderedDict()
_CACHE_SIZE = 2
_LOCK = threading.Lock()


def prepared(corpus: CorpusRows, graph: GraphParams, budget: int | None) -> PreparedCorpus:
    """:func:`prepare`, kept for the last two corpora (the evaluation runner's query blocks).

    The key is the vectors' digest, not the vectors, so the cache holds only what it built.
    """
    key = (_digest(corpus), graph, budget)
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    built = prepare(corpus, graph, budget)
    with _LOCK:
        _CACHE[key] = built
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return built
