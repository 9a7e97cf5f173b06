"""What a search over 1M stored CV vectors costs, and which faiss index to use (issue 19).

Vectors: :mod:`bench.perf.scale_data` (1M CV-like USE-m3 vectors, noise 0.35). Queries: real
job descriptions embedded with USE-m3, in two sets drawn apart: **validation** (rjdb jobs
200–299) chooses the index and its search setting, **report** (jobs 300–399) measures the
choice once. Neither set was used by earlier runs (``bench.perf.scale`` used jobs 0–199).

Candidates (one build each over the same rows):

- ``ivf-sq8``: the product's tier at 1M (:func:`cvmatch.index.ann_tiers.choose_tier`), through
  :class:`cvmatch.index.ann.FaissIndex`, at ``nprobe`` 8 / 16 / 32, one search thread (and two
  at nprobe 16: what threads do to one query);
- ``hnsw-sq8``: ``IndexHNSWSQ`` (8-bit codes, ``M`` 32) at ``efSearch`` 64 / 128 / 256
  (``IndexHNSWFlat`` would hold 2 GiB of float32 vectors at 1M: over the RAM target).

Rule (fixed before any run): among the candidates whose mean validation recall@100 ≥ 0.95,
the one with the lowest validation p95 CPU time per search; then the report set, once.
Per search: wall time and the searching thread's CPU time (``time.thread_time``: on this shared
machine wall time mostly measures the wait for a core). The job's embedding (the other part of
the query path's first stage) is timed on its own.

Run: OMP_NUM_THREADS=1 nice -n 10 python -m bench.perf.ann_latency [--size 1000000] [--skip-hnsw]
"""

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from bench.common import DATA_DIR, OUT, load_average, machine, write_json
from bench.perf import scale_data
from cvmatch.engine import Engine
from cvmatch.index.ann import FaissIndex
from cvmatch.index.ann_tiers import choose_tier
from cvmatch.index.exact import top_k_rows
from cvmatch.settings import Settings

K = 100
SETS = {"validation": (200, 300), "report": (300, 400)}
BLOCK = 100_000
Search = Callable[[np.ndarray], np.ndarray]
"""One query vector → the ids of its top ``K``."""


def _ms(values: list[float]) -> dict[str, float]:
    ms = np.asarray(values) * 1000
    return {f"p{q}": round(float(np.percentile(ms, q)), 2) for q in (50, 95, 99)}


def _measure(search: Search, queries: np.ndarray, truth: np.ndarray) -> dict[str, Any]:
    walls, cpus, recalls = [], [], []
    search(queries[0])  # first touch of the index pages
    for query, expected in zip(queries, truth, strict=True):
        wall, cpu = time.perf_counter(), time.thread_time()
        ids = search(query)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.thread_time() - cpu)
        recalls.append(len(set(ids.tolist()) & set(expected.tolist())) / K)
    recall = np.asarray(recalls)
    return {
        "wall_ms": _ms(walls),
        "cpu_ms": _ms(cpus),
        "recall_at_100": round(float(recall.mean()), 4),
        "recall_ci95": round(float(1.96 * recall.std(ddof=1) / np.sqrt(len(recall))), 4),
        "load": round(load_average(), 1),
    }


def _truth(corpus: scale_data.Corpus, size: int, queries: np.ndarray) -> np.ndarray:
    """Exact top-``K`` ids of every query over the ``size`` generated rows."""
    ids = np.zeros((len(queries), 0), dtype=np.int64)
    scores = np.zeros((len(queries), 0), dtype=np.float32)
    for start in range(0, size, BLOCK):
        block = queries @ scale_data.generate_rows(corpus, start, BLOCK).T
        ids = np.hstack([ids, np.broadcast_to(np.arange(start, start + BLOCK), block.shape)])
        scores = np.hstack([scores, block])
        top = top_k_rows(scores, K)
        ids, scores = np.take_along_axis(ids, top, 1), np.take_along_axis(scores, top, 1)
    return ids


def _ivf(corpus: scale_data.Corpus, size: int) -> tuple[FaissIndex, float]:
    began = time.perf_counter()
    first = scale_data.generate_rows(corpus, 0, BLOCK)
    dim = first.shape[1]
    index = FaissIndex.build("bench", np.arange(BLOCK), first, choose_tier(size, dim))
    for start in range(BLOCK, size, BLOCK):
        index.upsert(
            np.arange(start, start + BLOCK), scale_data.generate_rows(corpus, start, BLOCK)
        )
    return index, time.perf_counter() - began


def _hnsw(corpus: scale_data.Corpus, size: int, dim: int) -> tuple[faiss.Index, float]:
    began = time.perf_counter()
    inner = faiss.IndexHNSWSQ(dim, faiss.ScalarQuantizer.QT_8bit, 32, faiss.METRIC_INNER_PRODUCT)
    inner.train(scale_data.generate_rows(corpus, 0, BLOCK))
    for start in range(0, size, BLOCK):
        inner.add(scale_data.generate_rows(corpus, start, BLOCK))  # ids are row numbers
    return inner, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--skip-hnsw", action="store_true")
    parser.add_argument("--json-out", type=Path, default=OUT / "ann_latency.json")
    args = parser.parse_args()
    faiss.omp_set_num_threads(1)
    engine = Engine(Settings(cache_dir=OUT / "scale-cache"))
    corpus = scale_data.load_corpus(engine, DATA_DIR)
    texts = {name: corpus.jobs[a:b] for name, (a, b) in SETS.items()}
    embed_s = []
    for text in texts["validation"][:30]:
        began = time.perf_counter()
        engine.encode([text], scale_data.ENCODER)
        embed_s.append(time.perf_counter() - began)
    queries = {
        n: np.asarray(engine.encode(t, scale_data.ENCODER), np.float32) for n, t in texts.items()
    }
    results: dict[str, Any] = {
        "machine": machine(),
        "size": args.size,
        "job_embedding_ms": _ms(embed_s),
    }
    print(results, flush=True)
    truth = {n: _truth(corpus, args.size, q) for n, q in queries.items()}
    ivf, seconds = _ivf(corpus, args.size)
    results["ivf-sq8"] = {
        "build_s": round(seconds, 1),
        "ram_mib": round(ivf.memory_bytes() / 2**20, 1),
    }
    candidates: dict[str, tuple[Search, Callable[[], None]]] = {}
    for nprobe, threads in ((8, 1), (16, 1), (32, 1), (16, 2)):

        def setup(nprobe: int = nprobe, threads: int = threads) -> None:
            ivf.nprobe, ivf.search_threads = nprobe, threads

        candidates[f"ivf-sq8/nprobe={nprobe}/threads={threads}"] = (
            lambda q: np.asarray([h.document_id for h in ivf.search(q, K)]),
            setup,
        )
    if not args.skip_hnsw:
        hnsw, seconds = _hnsw(corpus, args.size, queries["validation"].shape[1])
        ram = int(faiss.serialize_index(hnsw).nbytes)
        results["hnsw-sq8"] = {"build_s": round(seconds, 1), "ram_mib": round(ram / 2**20, 1)}
        for ef in (64, 128, 256):

            def set_ef(ef: int = ef) -> None:
                hnsw.hnsw.efSearch = ef

            candidates[f"hnsw-sq8/ef={ef}"] = (
                lambda q: hnsw.search(q.reshape(1, -1), K)[1][0],
                set_ef,
            )
    validation = {}
    for name, (search, setup) in candidates.items():
        setup()
        validation[name] = _measure(search, queries["validation"], truth["validation"])
        print(name, validation[name], flush=True)
    results["validation"] = validation
    fit = {n: v for n, v in validation.items() if v["recall_at_100"] >= 0.95}
    chosen = min(fit, key=lambda n: fit[n]["cpu_ms"]["p95"]) if fit else None
    results["chosen"] = chosen
    if chosen is not None:
        search, setup = candidates[chosen]
        setup()
        results["report"] = _measure(search, queries["report"], truth["report"])
        print("report", chosen, results["report"], flush=True)
    write_json(args.json_out, results)


if __name__ == "__main__":
    main()
