"""200 CV files (PDF/DOCX mix) ranked and explained for one job: cold, then warm, with peak memory.

CVs are the example CVs' texts written out 200 times with a varied name line and a numbered
experience line (so every file has distinct content and is really embedded), alternating PDF and
DOCX. Cold = a fresh process and an empty embedding cache, timed around `cvmatch rank`; warm =
the same 200 parsed documents re-ranked in-process with the embeddings cached.
The fast int8 MiniLM is built before the cold run if it is missing (a one-time step that
`make install` does; see docs/performance.md), so "cold" means an empty embedding cache.
Run: .venv/bin/python -m bench.perf.rank_200 [--encoder NAME] [--json-out FILE]
"""

import argparse
import resource
import subprocess
import tempfile
import time
from pathlib import Path

from scripts.doc_writers import parse_sections, write_docx, write_pdf
from scripts.example_content import CVS

from bench.common import ROOT, load_average, peak_rss_mib
from cvmatch.encoders.minilm_build import ensure_minilm_int8
from cvmatch.engine import Engine
from cvmatch.settings import Settings, get_settings
from cvmatch.types import DocumentKind

JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"
N_FILES = 200


def generate(folder: Path) -> None:
    english = [cv for cv in CVS if cv.language == "en"]
    for i in range(N_FILES):
        cv = english[i % len(english)]
        title = (f"Candidate {i:03d}", *cv.title_lines[1:])
        markup = cv.markup + f"\n# Projects\n- Internal project number {i} delivered on time.\n"
        body = parse_sections(markup)
        if i % 2:
            write_docx(folder / f"cv-{i:03d}.docx", title, body)
        else:
            write_pdf(folder / f"cv-{i:03d}.pdf", title, body)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoder", default=None, help="English encoder (default: settings)")
    parser.add_argument("--json-out", type=Path, default=None, help="Keep the cold run's JSON")
    args = parser.parse_args()
    print(f"built int8 MiniLM: {ensure_minilm_int8(get_settings().built_models_dir)}")
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "cvs", Path(tmp) / "cache"
        folder.mkdir()
        generate(folder)
        command = [
            str(ROOT / ".venv" / "bin" / "cvmatch"),
            "rank",
            str(JOB),
            str(folder),
            "-f",
            "json",
        ]
        env = {"CVMATCH_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin"}
        if args.encoder:
            env["CVMATCH_ENGLISH_ENCODER"] = args.encoder
        load = load_average()
        start = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, env=env)
        cold = time.perf_counter() - start
        if args.json_out:
            args.json_out.write_bytes(done.stdout)
        child = resource.getrusage(resource.RUSAGE_CHILDREN)
        cold_rss, cold_cpu = peak_rss_mib(children=True), child.ru_utime + child.ru_stime
        settings = Settings(cache_dir=cache)
        if args.encoder:
            settings = Settings(cache_dir=cache, english_encoder=args.encoder)
        engine = Engine(settings)
        job = engine.parse(JOB, DocumentKind.JOB)
        docs = engine.parse_many(sorted(folder.iterdir())).documents
        engine.rank(job, docs)  # loads the model and reads the cache once
        start, cpu = time.perf_counter(), time.process_time()
        ranking = engine.rank(job, docs)
        warm, warm_cpu = time.perf_counter() - start, time.process_time() - cpu
        warm_rss = peak_rss_mib()
    print(
        f"{len(ranking.matches)} CVs ranked; cold (new process, empty cache): {cold:.1f} s "
        f"({cold_cpu:.1f} CPU s), peak RSS {cold_rss:.0f} MiB"
    )
    print(
        f"warm re-rank (parsed, cached): {warm:.2f} s ({warm_cpu:.2f} CPU s), "
        f"peak RSS {warm_rss:.0f} MiB"
    )
    print(
        f"load average (1 min) before the cold run: {load:.1f}, after: "
        f"{load_average():.1f}; 2 cores; English encoder {settings.english_encoder}"
    )


if __name__ == "__main__":
    main()
