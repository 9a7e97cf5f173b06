"""Top 50 explained out of a store of real CVs: cold (CVs never ranked) and warm, per job.

Ingests the first ``--cvs`` real CVs of ``../shared/data`` (rjdb + Kaggle resumes, as ``.txt``
files, :func:`bench.perf.scale_data.write_cv_files`) into a SQLite store under ``bench/out``
(kept between runs: a rerun only checks the hashes), then for each of ``--jobs`` real job
descriptions times :meth:`cvmatch.engine.stored.StoredCvs.rank` (embed the job, ANN top-N,
the full score on the N, evidence and reasons on the best 50):

- **cold**: each job in a fresh process (no in-memory cache of any CV: memoised stems,
  encoder memos, extracted facts), with an empty embedding cache, warmed on an unrelated job
  and CV so that loading models, word segmenters and the taxonomy's word weights is not
  counted (a running service has them loaded), the store and its ANN index on disk, never
  having seen the stored CVs;
- **warm**: the same call again in that process.

CPU time is the process's (user + system, :func:`bench.common.cpu_seconds`): what an idle core
would take; wall time is what this (shared) machine gave, with the load average beside it.

``--ann-vectors 1000000`` adds the first stage at scale: an IVF index of that many CV-like
vectors (:mod:`bench.perf.scale_data`, built once and kept under ``bench/out``) is loaded in
each job's process and searched for the job's top N, timed; the end-to-end figure is the job's
embedding + that search + ranking the N stored CVs (:meth:`StoredCvs.rank`, whose own first
stage over the 1,000 stored vectors is exact).

``--without-precomputed`` ranks as before ingest stored the CVs' facts and scoring vectors
(every CV parsed for facts and embedded on the query path), for comparison.
``--profile DIR`` writes a cProfile of each cold call (``DIR/job-<j>-n<N>.pstats``) and prints
its top functions by cumulative time.

Run: CVMATCH_THREADS=1 nice -n 10 python -m bench.perf.stored_rank [--cvs 1000] [--jobs 3]
     [--candidates 1000,200] [--ann-vectors 1000000] [--without-precomputed] [--profile DIR]
"""

import argparse
import contextlib
import cProfile
import io
import logging
import multiprocessing
import pstats
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import DATA_DIR, OUT, cpu_seconds, load_average, machine, write_json
from bench.perf import scale_data
from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.index.ann import FaissIndex
from cvmatch.index.ann_tiers import choose_tier
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind

FOLDER = OUT / "stored-rank"
_WARM_UP_CV = (
    "Nurse with 3 years of ICU experience.\nSkills: triage, ventilators, 熟悉Linux, 간호사."
)
"""Chinese and Korean words load the word segmenters, as a service's first such CV did."""
_WARM_UP_JOB = "ICU nurse\nRequirements:\n- 2 years of experience as a nurse\n- Triage"
"""An experience subject and a skill: the taxonomy's word weights load (once a process)."""
_PROFILE_LINES = 45


@dataclass(frozen=True)
class JobRun:
    """One job's measurement, run in a fresh process."""

    db: Path
    job: int
    job_text: str
    candidates: int
    ann_file: Path | None
    profile: Path | None
    old_path: bool


def _ingest(cvs: list[str], count: int, workers: int) -> Path:
    """The store of the first ``count`` CVs (ingested once, then only checked)."""
    files = FOLDER / f"cvs-{count}"
    files.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(cvs[:count]):  # the scale bench's ingest files, named alike
        path = files / f"cv-{i:05d}.txt"
        if not path.exists():
            path.write_text(text, encoding="utf-8")
    db = FOLDER / f"store-{count}.db"
    stored = StoredCvs(db, Engine(Settings(cache_dir=FOLDER / "ingest-cache")))
    began = time.perf_counter()
    report = stored.ingest(files, workers=workers)
    print(f"ingest {report.counts} in {time.perf_counter() - began:.1f} s", flush=True)
    began = time.perf_counter()
    refreshed = stored.refresh_features()  # a store ingested by older code gets its stems
    print(f"features {refreshed} in {time.perf_counter() - began:.1f} s", flush=True)
    stored.close()
    return db


def _ann_file(size: int, data_dir: Path) -> Path:
    """An IVF index of ``size`` CV-like vectors (built once, then loaded from disk)."""
    path = FOLDER / f"ann-{size}.faiss"
    if path.exists():
        return path
    engine = Engine(Settings(cache_dir=OUT / "scale-cache"))
    corpus = scale_data.load_corpus(engine, data_dir)
    tier = choose_tier(size, corpus.cv_vectors.shape[1])
    began = time.perf_counter()
    rows = min(scale_data.CHUNK_ROWS, size)  # trained on the first block, as the scale bench
    ids = np.arange(rows, dtype=np.int64)
    index = FaissIndex.build(
        scale_data.ENCODER, ids, scale_data.generate_rows(corpus, 0, rows), tier
    )
    for start in range(rows, size, rows):
        ids = np.arange(start, min(start + rows, size), dtype=np.int64)
        index.upsert(ids, scale_data.generate_rows(corpus, start, len(ids)))
    import faiss  # noqa: PLC0415 - only when building

    faiss.write_index(index.index, str(path))
    print(f"built the {size} ANN index in {time.perf_counter() - began:.1f} s", flush=True)
    return path


@contextlib.contextmanager
def _old_path(enabled: bool) -> Iterator[None]:
    """With ``enabled``, rank without the stored facts and vectors (the path before them)."""
    if not enabled:
        yield
        return
    saved = StoredCvs._precomputed
    StoredCvs._precomputed = lambda *_a: contextlib.nullcontext()  # type: ignore[assignment,method-assign,misc]
    try:
        yield
    finally:
        StoredCvs._precomputed = saved  # type: ignore[method-assign]


def _ready_engine(cache: Path) -> Engine:
    """An engine with every model loaded (a running service's state), on an empty cache."""
    settings = Settings(cache_dir=cache)
    engine = Engine(settings)
    warm_up = engine.parse_text(_WARM_UP_JOB, DocumentKind.JOB, "w")
    engine.rank(warm_up, [engine.parse_text(_WARM_UP_CV, DocumentKind.CV, "w")])
    for name in {settings.feedback_encoder, settings.multilingual_encoder}:
        engine.encode(["warm up"], name)
    return engine


def _load_ann(path: Path | None) -> FaissIndex | None:
    if path is None:
        return None
    import faiss  # noqa: PLC0415 - only with --ann-vectors

    raw = faiss.read_index(str(path))
    return FaissIndex(scale_data.ENCODER, raw.d, raw)


def _profiled(run: JobRun, phase: str, call: Any) -> Any:
    """``call()``, under cProfile for the cold phase when asked (top functions printed)."""
    if run.profile is None or phase != "cold":
        return call()
    profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
    result = profiler.runcall(call)
    run.profile.mkdir(parents=True, exist_ok=True)
    out = run.profile / f"job-{run.job}-n{run.candidates}.pstats"
    profiler.dump_stats(out)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(_PROFILE_LINES)
    print(f"profile {out}\n{text.getvalue()}", flush=True)
    return result


def _one_job(run: JobRun) -> dict[str, Any]:
    """Cold then warm timings of one job, in this (fresh) process."""
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as cache, _old_path(run.old_path):
        engine = _ready_engine(Path(cache))
        ann = _load_ann(run.ann_file)  # a service holds its index loaded
        stored = StoredCvs(run.db, engine)
        job: Document = engine.parse_text(run.job_text, DocumentKind.JOB, "job")
        stored.index()  # the index file is loaded once by a service
        timings: dict[str, Any] = {}
        for phase in ("cold", "warm"):
            wall, cpu = time.perf_counter(), cpu_seconds()
            _, query = engine.embed([job])  # timed apart: the rest of the call finds it memoised
            embedded = time.perf_counter() - wall
            ann_s = 0.0
            if ann is not None:
                began = time.perf_counter()
                ann.search(query[0], run.candidates)
                ann_s = time.perf_counter() - began
            result = _profiled(run, phase, lambda: stored.rank(job, 50, run.candidates))
            timings[phase] = {
                "end_to_end_wall_s": round(time.perf_counter() - wall, 3),
                "end_to_end_cpu_s": round(cpu_seconds() - cpu, 3),
                "job_embedding_s": round(embedded, 3),
                "ann_search_s": round(ann_s, 4),
                "scored": len(result.documents),
                "returned": len(result.ranking.matches),
                "load": round(load_average(), 1),
            }
        stored.close()
    return timings


def _in_fresh_process(run: JobRun) -> dict[str, Any]:
    """:func:`_one_job` in a new interpreter: nothing of a previous job stays in memory."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(_one_job, (run,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cvs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--first-job", type=int, default=0)
    parser.add_argument("--candidates", default="1000,200")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--ann-vectors", type=int, default=0)
    parser.add_argument("--without-precomputed", action="store_true")
    parser.add_argument("--profile", type=Path, default=None)
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--json-out", type=Path, default=OUT / "stored_rank.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    cvs, jobs = scale_data.load_texts(args.data_dir)
    db = _ingest(cvs, args.cvs, args.workers)
    ann = _ann_file(args.ann_vectors, args.data_dir) if args.ann_vectors else None
    results: dict[str, Any] = {
        "machine": machine(),
        "cvs": args.cvs,
        "ann_vectors": args.ann_vectors,
        "precomputed": not args.without_precomputed,
        "runs": [],
    }
    chosen = jobs[args.first_job : args.first_job + args.jobs]
    for candidates in (int(c) for c in args.candidates.split(",")):
        for j, text in enumerate(chosen, start=args.first_job):
            job_run = JobRun(db, j, text, candidates, ann, args.profile, args.without_precomputed)
            run = {"job": j, "candidates": candidates, **_in_fresh_process(job_run)}
            print(run, flush=True)
            results["runs"].append(run)
    write_json(args.json_out, results)
    print(f"wrote {args.json_out}")


if __name__ == "__main__":
    main()
