"""Scale bench (issue 19): ANN over up to 1M CV-like vectors, two-stage ranking, batch ingest.

What it measures (docs/scale.md has the figures and the protocol):

1. **ANN per size** (100k, 300k, 1M by default): build time (training + adds) and index RAM
   (the serialised index; peak RSS of the process is reported too) of the tier
   :func:`cvmatch.index.ann_tiers.choose_tier` picks; search latency p50/p95/p99 of single
   top-100 queries (wall, and CPU time of the searching thread: faiss searches on one thread,
   so on a shared machine the CPU time is what an idle core would take) (real job descriptions' USE-m3 vectors) and recall@100 against exact
   float32 search over the same vectors.
2. **Top 50 explained out of 1M**: embed the job, ANN top-1000, then the full score without
   explanations on the 1000 and with evidence on the best 50
   (:meth:`cvmatch.engine.stored.StoredCvs.best`, then :meth:`Engine.rank`), the documents
   behind the hits being the real CVs the synthetic vectors were made from.
3. **Ingest throughput** on real CV text files: one process vs Ray with two actors, through
   :meth:`cvmatch.engine.stored.StoredCvs.ingest` into a fresh SQLite store each.

The vectors come from :mod:`bench.perf.scale_data` (real CV vectors + chunk vectors + noise).

Run: nice -n 10 python -m bench.perf.scale [--data-dir ../shared/data] [--sizes 100000,300000,1000000] [--queries 200]
     [--ingest-files 300] [--skip-ingest] [--skip-e2e] [--json-out bench/out/scale.json]
"""

import argparse
import logging
import math
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import psutil

from bench.common import (
    DATA_DIR,
    OUT,
    cpu_seconds,
    load_average,
    machine,
    peak_rss_mib,
    write_json,
)
from bench.perf import scale_data
from bench.perf.scale_data import CHUNK_ROWS, Corpus
from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.index.ann import FaissIndex
from cvmatch.index.ann_tiers import DEFAULT_NPROBE, choose_tier
from cvmatch.index.exact import top_k_rows
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind

K = 100
MODEL = "bench/use-m3"


def _percentiles(values: list[float]) -> dict[str, float]:
    ms = np.asarray(values) * 1000
    return {f"p{q}": round(float(np.percentile(ms, q)), 2) for q in (50, 95, 99)}


class _Truth:
    """Running exact top-K of every query over the rows seen so far."""

    def __init__(self, queries: np.ndarray) -> None:
        self.queries = queries
        self.ids = np.zeros((len(queries), 0), dtype=np.int64)
        self.scores = np.zeros((len(queries), 0), dtype=np.float32)

    def add(self, vectors: np.ndarray, start: int) -> None:
        block = self.queries @ vectors.T
        ids = np.hstack(
            [self.ids, np.broadcast_to(np.arange(start, start + len(vectors)), block.shape)]
        )
        scores = np.hstack([self.scores, block])
        top = top_k_rows(scores, K)
        self.ids = np.take_along_axis(ids, top, axis=1)
        self.scores = np.take_along_axis(scores, top, axis=1)


def bench_ann(
    corpus: Corpus, queries: np.ndarray, sizes: list[int], nprobes: list[int], noise: float
) -> tuple[dict[str, Any], FaissIndex]:
    """Build an index per size from the same generated rows; time searches, measure recall."""
    dim = corpus.cv_vectors.shape[1]
    largest = max(sizes)
    step = math.gcd(CHUNK_ROWS, *sizes)
    indexes: dict[int, FaissIndex] = {}
    build_seconds = dict.fromkeys(sizes, 0.0)
    truth = _Truth(queries)
    results: dict[str, Any] = {}
    for start in range(0, largest, step):
        vectors = scale_data.generate_rows(corpus, start, step, noise)
        ids = np.arange(start, start + step, dtype=np.int64)
        truth.add(vectors, start)
        for size in [s for s in sizes if start < s]:
            began = time.perf_counter()
            if size not in indexes:
                indexes[size] = FaissIndex.build(MODEL, ids, vectors, choose_tier(size, dim))
            else:
                indexes[size].upsert(ids, vectors)
            build_seconds[size] += time.perf_counter() - began
        for size in [s for s in sizes if start + step == s]:
            results[str(size)] = _measure(
                indexes[size], queries, truth, build_seconds[size], nprobes
            )
            print(f"{size}: {results[str(size)]}", flush=True)
            if size != largest:
                del indexes[size]
    return results, indexes[largest]


def _measure(
    index: FaissIndex, queries: np.ndarray, truth: _Truth, seconds: float, nprobes: list[int]
) -> dict[str, Any]:
    ram = int(faiss.serialize_index(index.index).nbytes)
    result: dict[str, Any] = {
        "tier": index.tier.value,
        "build_s": round(seconds, 1),
        "index_mib": round(ram / 2**20, 1),
        "rss_mib": round(psutil.Process().memory_info().rss / 2**20, 1),
        "queries": len(queries),
    }
    for nprobe in nprobes if index.tier.value != "exact" else [0]:
        index.nprobe = nprobe or index.nprobe
        latencies, cpu, recalls = [], [], []
        for row, query in enumerate(queries):
            began, began_cpu = time.perf_counter(), time.thread_time()
            hits = index.search(query, K)
            latencies.append(time.perf_counter() - began)
            cpu.append(time.thread_time() - began_cpu)
            got = {h.document_id for h in hits}
            recalls.append(len(got & set(truth.ids[row].tolist())) / K)
        recall = np.asarray(recalls)
        result[f"nprobe_{nprobe}"] = {
            "search_ms": _percentiles(latencies),
            "search_cpu_ms": _percentiles(cpu),
            "recall_at_100": round(float(recall.mean()), 4),
            "recall_ci95": round(float(1.96 * recall.std(ddof=1) / np.sqrt(len(recall))), 4),
            "load": round(load_average(), 2),
        }
    index.nprobe = DEFAULT_NPROBE
    return result


def bench_e2e(corpus: Corpus, index: FaissIndex, engine: Engine, jobs: int) -> dict[str, Any]:
    """Top 50 explained out of the largest index, per job: cold first call, then warm, per N."""
    with tempfile.TemporaryDirectory() as folder:
        stored = StoredCvs(Path(folder) / "empty.db", engine)
        parsed: dict[int, Document] = {}
        runs = []
        for number, text in enumerate(corpus.jobs[:jobs]):
            for attempt, candidates in (
                ("cold", 1000),
                ("warm", 1000),
                ("warm", 200),
                ("warm", 50),
            ):
                began = time.perf_counter()
                job = engine.parse_text(text, DocumentKind.JOB, doc_id="job")
                _, query = engine.embed([job], scale_data.ENCODER)
                searched = time.perf_counter()
                hits = index.search(query[0], candidates)
                found = time.perf_counter()
                docs = tuple(_document(engine, corpus, parsed, h.document_id) for h in hits)
                ranking = engine.rank(job, stored.best(job, docs, 50), 50)
                done = time.perf_counter()
                runs.append(
                    {
                        "job": number,
                        "attempt": attempt,
                        "candidates": candidates,
                        "total_s": round(done - began, 3),
                        "embed_job_s": round(searched - began, 3),
                        "ann_s": round(found - searched, 4),
                        "score_and_explain_s": round(done - found, 3),
                        "distinct_cvs": len(
                            {scale_data.base_of(h.document_id, corpus) for h in hits}
                        ),
                        "returned": len(ranking.matches),
                        "load": round(load_average(), 2),
                    }
                )
                print(runs[-1], flush=True)
        stored.close()
    return {"runs": runs}


def _document(engine: Engine, corpus: Corpus, parsed: dict[int, Document], doc_id: int) -> Document:
    """The stored document behind a hit: its real CV, parsed once (as the store keeps it)."""
    base = scale_data.base_of(doc_id, corpus)
    if base not in parsed:
        parsed[base] = engine.parse_text(corpus.cvs[base], DocumentKind.CV, doc_id=f"base-{base}")
    return replace(parsed[base], id=f"cv-{doc_id}")


class _WorkerCpu(threading.Thread):
    """User + system CPU seconds of the Ray worker processes running ingest batches.

    Polls this process's descendants every ``period`` seconds and keeps each ``_Worker``
    process's latest CPU times (a process that exits loses at most one period).
    """

    def __init__(self, period: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.period = period
        self.seen: dict[int, float] = {}
        self._halt = threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.period):
            self.sample()

    def sample(self) -> float:
        for child in psutil.Process().children(recursive=True):
            try:
                if "_Worker" in " ".join(child.cmdline()) or "_Worker" in child.name():
                    times = child.cpu_times()
                    self.seen[child.pid] = times.user + times.system
            except psutil.Error:
                continue
        return sum(self.seen.values())

    def stop(self) -> float:
        self._halt.set()
        self.join()
        return self.sample()


def bench_ingest(corpus: Corpus, files: int) -> dict[str, Any]:
    """Files per second and per CPU-second: one process vs Ray with two actors, same files.

    Rates are "steady": from the first committed batch to the last (model loading and Ray's
    start-up excluded). CPU seconds are user + system: of this process for the single process
    (it parses, embeds and commits), of the Ray actor processes for Ray (parse and embed; the
    driver's commits given apart), so the per-CPU-second rates compare the work per file
    whatever share of the shared cores each process got.
    """
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        scale_data.write_cv_files(corpus, root / "cvs", files)
        for name, engine, workers in (("local-1", "local", 1), ("ray-2", "ray", 2)):
            results[name] = _ingest_once(root, name, engine, workers, files)
            print(name, results[name], flush=True)
    one, ray = results["local-1"], results["ray-2"]
    results["ray_vs_one_per_cpu_second"] = round(
        ray["files_per_worker_cpu_s"] / one["files_per_worker_cpu_s"], 3
    )
    results["ray_vs_one_per_worker_wall"] = round(
        ray["steady_per_worker"] / one["steady_per_worker"], 3
    )
    return results


def _ingest_once(root: Path, name: str, engine: str, workers: int, files: int) -> dict[str, Any]:
    settings = Settings(cache_dir=root / f"cache-{name}")
    stored = StoredCvs(root / f"{name}.db", Engine(settings))
    sampler = _WorkerCpu()
    marks: list[tuple[float, int, float, float]] = []  # wall, done, driver CPU, worker CPU

    def progress(_source: str, done: int, _total: int) -> None:
        marks.append((time.perf_counter(), done, cpu_seconds(), sampler.sample()))

    sampler.start()
    began, load_before = time.perf_counter(), load_average()
    report = stored.ingest(
        root / "cvs", engine=engine, workers=workers, batch=8, on_progress=progress
    )
    wall = time.perf_counter() - began
    sampler.stop()
    stored.close()
    first = next((m for m in marks if m[1] > 0), marks[-1])
    last = marks[-1]
    done = last[1] - first[1]
    steady = done / max(last[0] - first[0], 1e-9)
    driver_cpu = last[2] - first[2]
    worker_cpu = driver_cpu if engine == "local" else last[3] - first[3]
    return {
        "files": files,
        "counts": report.counts,
        "wall_s": round(wall, 1),
        "files_per_s_wall": round(files / wall, 2),
        "files_per_s_steady": round(steady, 2),
        "steady_per_worker": round(steady / workers, 2),
        "steady_files": done,
        "worker_cpu_s": round(worker_cpu, 2),
        "driver_cpu_s": round(driver_cpu, 2),
        "files_per_worker_cpu_s": round(done / max(worker_cpu, 1e-9), 3),
        "files_per_cpu_s_all": round(
            done / max(worker_cpu + (driver_cpu if engine != "local" else 0.0), 1e-9), 3
        ),
        "load_before": round(load_before, 2),
        "load": round(load_average(), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100000,300000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--nprobes", default="16,32,64,128")
    parser.add_argument("--noise", type=float, default=scale_data.NOISE)
    parser.add_argument("--e2e-jobs", type=int, default=3)
    parser.add_argument("--ingest-files", type=int, default=300)
    parser.add_argument("--skip-ann", action="store_true")
    parser.add_argument("--skip-e2e", action="store_true")
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--json-out", type=Path, default=OUT / "scale.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    results: dict[str, Any] = {"machine": machine(), "faiss_threads": faiss.omp_get_max_threads()}
    engine = Engine(Settings(cache_dir=OUT / "scale-cache"))
    corpus = scale_data.load_corpus(engine, args.data_dir)
    results["corpus"] = {
        "cvs": len(corpus.cvs),
        "jobs": len(corpus.jobs),
        "chunks": len(corpus.chunk_vectors),
    }
    print(results, flush=True)
    if not args.skip_ann:
        queries = np.asarray(
            engine.encode(corpus.jobs[: args.queries], scale_data.ENCODER), dtype=np.float32
        )
        sizes = sorted(int(s) for s in args.sizes.split(","))
        nprobes = [int(p) for p in args.nprobes.split(",")]
        results["ann"], largest = bench_ann(corpus, queries, sizes, nprobes, args.noise)
        results["noise"] = args.noise
        if not args.skip_e2e:
            results["top50_explained"] = bench_e2e(corpus, largest, engine, args.e2e_jobs)
        del largest
    if not args.skip_ingest:
        results["ingest"] = bench_ingest(corpus, args.ingest_files)
    results["peak_rss_mib"] = round(peak_rss_mib(), 1)
    write_json(args.json_out, results)
    print(f"wrote {args.json_out}")


if __name__ == "__main__":
    main()
