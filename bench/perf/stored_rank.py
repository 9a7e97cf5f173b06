"""Top 50 explained out of a store of real CVs: cold (CVs never ranked) and warm, per job.

Ingests the first ``--cvs`` real CVs of ``../shared/data`` (rjdb + Kaggle resumes, as ``.txt``
files, :func:`bench.perf.scale_data.write_cv_files`) into a SQLite store under ``bench/out``
(kept between runs: a rerun only checks the hashes), then for each of ``--jobs`` real job
descriptions times :meth:`cvmatch.engine.stored.StoredCvs.rank` (embed the job, ANN top-N,
the full score on the N, evidence and reasons on the best 50):

- **cold**: a fresh engine with an empty embedding cache, warmed on an unrelated job and CV so
  that loading models is not counted (a running service has them loaded), never having seen
  the stored CVs;
- **warm**: the same call again on that engine.

``--without-precomputed`` ranks as before ingest stored the CVs' facts and scoring vectors
(every CV parsed for facts and embedded on the query path), for comparison.

Run: CVMATCH_THREADS=1 nice -n 10 python -m bench.perf.stored_rank [--cvs 1000] [--jobs 3]
     [--candidates 1000,200] [--without-precomputed]
"""

import argparse
import contextlib
import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.common import DATA_DIR, OUT, load_average, machine, write_json
from bench.perf import scale_data
from cvmatch.engine import Engine
from cvmatch.engine.stored import StoredCvs
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind

FOLDER = OUT / "stored-rank"
_WARM_UP_CV = "Nurse with 3 years of ICU experience.\nSkills: triage, ventilators."


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
    stored.close()
    return db


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


def _one_job(db: Path, job_text: str, candidates: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as cache:
        settings = Settings(cache_dir=Path(cache))
        engine = Engine(settings)
        warm_up = engine.parse_text("Registered nurse, ICU, 2 years.", DocumentKind.JOB, "w")
        engine.rank(warm_up, [engine.parse_text(_WARM_UP_CV, DocumentKind.CV, "w")])
        for name in {settings.feedback_encoder, settings.multilingual_encoder}:
            engine.encode(["warm up"], name)  # every model loaded, as in a running service
        stored = StoredCvs(db, engine)
        job: Document = engine.parse_text(job_text, DocumentKind.JOB, "job")
        stored.index()  # the index file is loaded once by a service
        timings: dict[str, Any] = {}
        for phase in ("cold", "warm"):
            wall, cpu = time.perf_counter(), time.process_time()
            engine.embed([job])  # timed apart: the rest of the call finds it memoised
            embedded = time.perf_counter() - wall
            result = stored.rank(job, 50, candidates)
            timings[phase] = {
                "wall_s": round(time.perf_counter() - wall - embedded, 3),
                "cpu_s": round(time.process_time() - cpu, 3),
                "job_embedding_s": round(embedded, 3),
                "scored": len(result.documents),
                "load": round(load_average(), 1),
            }
        stored.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cvs", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument("--candidates", default="1000,200")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--without-precomputed", action="store_true")
    parser.add_argument("--data-dir", type=Path, default=DATA_DIR)
    parser.add_argument("--json-out", type=Path, default=OUT / "stored_rank.json")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    cvs, jobs = scale_data.load_texts(args.data_dir)
    db = _ingest(cvs, args.cvs, args.workers)
    results: dict[str, Any] = {
        "machine": machine(),
        "cvs": args.cvs,
        "precomputed": not args.without_precomputed,
        "runs": [],
    }
    with _old_path(args.without_precomputed):
        for candidates in (int(c) for c in args.candidates.split(",")):
            for j, text in enumerate(jobs[: args.jobs]):
                run = {"job": j, "candidates": candidates, **_one_job(db, text, candidates)}
                print(run, flush=True)
                results["runs"].append(run)
    write_json(args.json_out, results)
    print(f"wrote {args.json_out}")


if __name__ == "__main__":
    main()
