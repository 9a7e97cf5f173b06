"""The scale bench's vectors and job queries for the pgvector benches (what the product stores).

The product's pgvector column holds one vector per stored CV, of the ``feedback_encoder``
(USE-m3, 512-d: :mod:`cvmatch.engine.stored`); the faiss tier's figures (docs/scale.md) are on
:mod:`bench.perf.scale_data`'s CV-like USE-m3 vectors (real CV vector + half a chunk vector +
noise, seed ``SEED + start`` per block of 100,000, so the first 100k of the 1M set are the 100k
set) searched with real rjdb job descriptions. This module hands the same rows and the same
job sets as :mod:`bench.perf.ann_latency` (validation jobs 200-299, report jobs 300-399) to
:mod:`bench.perf.pgvector_candidates`, so the PostgreSQL figures sit beside the faiss ones.
"""

from functools import cache

import numpy as np

from bench.common import DATA_DIR, OUT
from bench.perf import scale_data
from bench.perf.ann_latency import SETS
from cvmatch.engine import Engine
from cvmatch.settings import Settings

BLOCK = scale_data.CHUNK_ROWS
"""Rows are generated in the scale bench's blocks (sizes are multiples of it)."""


DIAGNOSTIC = {"diagnostic": (400, 500)}
"""Jobs for smoke runs and diagnosis, apart from both sets (no figure is chosen on them)."""


@cache
def _engine() -> Engine:
    return Engine(Settings(cache_dir=OUT / "scale-cache"))


@cache
def _corpus() -> scale_data.Corpus:
    return scale_data.load_corpus(_engine(), DATA_DIR)


def vectors(size: int) -> np.ndarray:
    """The first ``size`` CV-like USE-m3 vectors of the scale bench (noise 0.35), float32."""
    if size < BLOCK:  # a smoke run: not a prefix of the scale bench's sets
        return scale_data.generate_rows(_corpus(), 0, size)
    if size % BLOCK:
        raise SystemExit(f"--sizes must be multiples of {BLOCK:,} with --vectors scale")
    blocks = [scale_data.generate_rows(_corpus(), start, BLOCK) for start in range(0, size, BLOCK)]
    return np.concatenate(blocks)


def queries(name: str, count: int) -> np.ndarray:
    """The USE-m3 vectors of the first ``count`` jobs of ``name`` (validation or report)."""
    first, last = (SETS | DIAGNOSTIC)[name]
    texts = _corpus().jobs[first : min(last, first + count)]
    return np.asarray(_engine().encode(texts, scale_data.ENCODER), dtype=np.float32)
