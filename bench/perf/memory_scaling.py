"""Peak memory and wall time of ``cvmatch eval retrieval`` and ``cvmatch recommend`` vs corpus size.

Issue 25: memory must grow with the corpus, not its square. Every run is a fresh ``cvmatch``
process; its peak RSS is the kernel's ``ru_maxrss`` of that child (``os.wait4``), its time the
wall clock around it (encoding included: the embedding cache is a fresh folder per size unless
``--cache-dir`` is given).

Data (never copied into the repository): ESCO occupation labels (preferred + alternative) of
``<data>/esco_v1.2/ESCO_{en,de,es}`` and then, to pass 100k, ``<data>/esco_v1.0_fr_es``
Spanish and English-US, shuffled with a fixed seed, then French (also shuffled; only corpora
above 87,843 labels reach it); a corpus of N labels is the first N (so 10k ⊂ 30k ⊂ 100k).
Queries are French ESCO v1.0 labels (seeded sample); a corpus label is relevant when it belongs
to the query's occupation (same concept URI).

``recommend`` ranks occupations, not labels: at each size its index is an ESCO taxonomy made of
that corpus's labels (:mod:`bench.perf.memory_taxonomy`), and its queries are the same French
labels, read as CVs (``--input``).

Run from the repository root::

    PYTHONPATH=$PWD/src python -m bench.perf.memory_scaling --sizes 10000 30000 --methods titles
    python -m bench.perf.memory_scaling --sizes 10000 30000 100000 --recommend --out /tmp/mem.json

Targets: peak RSS ≤ 2 GiB at 100k for every method; time growing no faster than linearly in the
corpus for a fixed query count. Results: ``docs/benchmarks/memory.md``.
"""

import argparse
import csv
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.perf.memory_taxonomy import Pool, write_taxonomy

logger = logging.getLogger("bench.perf.memory_scaling")

DATA = Path("../shared/data")
CORPUS_FILES = (
    "esco_v1.2/ESCO_en/occupations_en.csv",
    "esco_v1.2/ESCO_de/occupations_de.csv",
    "esco_v1.2/ESCO_es/occupations_es.csv",
    "esco_v1.0_fr_es/occupations_es.csv",
    "esco_v1.0_fr_es/occupations_en-us.csv",
)
QUERY_FILE = "esco_v1.0_fr_es/occupations_fr.csv"
EXTRA_FILES = (QUERY_FILE,)
"""Appended (shuffled) after the others to pass 100k: smaller corpora never hold query labels."""
METHODS = ("titles", "use-m3", "tfidf-char", "tfidf-word", "bm25", "hybrid")
CLI = "import sys; sys.argv[0] = 'cvmatch'; from cvmatch.cli import main; main()"
SEED = 25
FILES = {"queries": "Q.tsv", "corpus": "C.tsv", "qrels": "R.tsv"}


@dataclass(frozen=True)
class Measure:
    """One run: what, how big, its peak RSS, wall time and exit code."""

    method: str
    corpus: int
    queries: int
    peak_rss_mib: float
    seconds: float
    cpu_seconds: float
    """User + system CPU time of the child: steadier than wall time on a shared machine."""
    load: float
    """1-minute load average when the run started."""
    exit_code: int
    error: str


def labels(path: Path) -> list[tuple[str, str]]:
    """``(concept URI, label)`` of every preferred and alternative label of an ESCO CSV."""
    rows: list[tuple[str, str]] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            texts = [record["preferredLabel"], *(record.get("altLabels") or "").split("\n")]
            rows.extend((record["conceptUri"], t.strip()) for t in texts if t.strip())
    return rows


def write_task(folder: Path, data: Path, size: int, n_queries: int) -> Path:
    """Write ``C.tsv``, ``Q.tsv`` and ``R.tsv`` (docs/evaluation.md formats) under ``folder``."""
    pool = [row for name in CORPUS_FILES for row in labels(data / name)]
    extra = [row for name in EXTRA_FILES for row in labels(data / name)]
    random.Random(SEED).shuffle(pool)  # noqa: S311 - a reproducible sample
    random.Random(SEED).shuffle(extra)  # noqa: S311
    pool += extra
    if size > len(pool):
        raise SystemExit(f"only {len(pool):,} labels available, asked for {size:,}")
    corpus = pool[:size]
    by_uri: dict[str, list[str]] = {}
    for i, (uri, _) in enumerate(corpus):
        by_uri.setdefault(uri, []).append(f"d{i}")
    candidates = [row for row in labels(data / QUERY_FILE) if row[0] in by_uri]
    sampler = random.Random(SEED)  # noqa: S311 - a reproducible sample
    queries = sampler.sample(candidates, min(n_queries, len(candidates)))
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "C.tsv").open("w", encoding="utf-8") as out:
        out.write("id\ttext\n")
        out.writelines(f"d{i}\t{text}\n" for i, (_, text) in enumerate(corpus))
    with (folder / "Q.tsv").open("w", encoding="utf-8") as out:
        out.write("id\ttext\n")
        out.writelines(f"q{i}\t{text}\n" for i, (_, text) in enumerate(queries))
    with (folder / "R.tsv").open("w", encoding="utf-8") as out:
        for i, (uri, _) in enumerate(queries):
            out.writelines(f"q{i} 0 {doc} 1\n" for doc in by_uri[uri])
    return folder


@dataclass(frozen=True)
class Usage:
    """What one child process used."""

    peak_rss_mib: float
    seconds: float
    cpu_seconds: float
    load: float
    exit_code: int
    error: str


def measure(args: list[str], env: dict[str, str], log: Path) -> Usage:
    """Run ``cvmatch ARGS`` and return its peak RSS, wall and CPU time, exit code and error.

    The child is reaped with ``os.wait4``, whose resource usage is that child's alone.
    """
    load = os.getloadavg()[0]
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", CLI, *args], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
        _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = code = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    lines = [line for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]
    return Usage(
        round(usage.ru_maxrss / 1024, 1),
        round(seconds, 1),
        round(usage.ru_utime + usage.ru_stime, 1),
        round(load, 1),
        code,
        lines[-1] if lines and code else "",
    )


def eval_run(method: str, task: Path, env: dict[str, str]) -> Usage:
    """``cvmatch eval retrieval -m METHOD`` on the task folder (1 bootstrap resample: no CI cost)."""
    files = [f"--{opt}={task / name}" for opt, name in FILES.items()]
    out = ["--out", str(task / f"{method}.json"), "--resamples", "1"]
    return measure(["eval", "retrieval", *files, "-m", method, *out], env, task / f"{method}.log")


def recommend_run(task: Path, env: dict[str, str]) -> Usage:
    """``cvmatch recommend --input Q.tsv --format json`` against the imported taxonomy."""
    args = ["recommend", "--input", str(task / "Q.tsv"), "--format", "json"]
    return measure(args, env, task / "recommend.log")


def import_taxonomy(folder: Path, env: dict[str, str], log: Path) -> None:
    """``cvmatch taxonomy import esco FOLDER`` into the run's taxonomy file."""
    used = measure(["taxonomy", "import", "esco", str(folder)], env, log)
    if used.exit_code:
        raise SystemExit(f"taxonomy import of {folder} failed: {used.error}")
    logger.info("imported %s in %.0f s", folder, used.seconds)


def _env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["CVMATCH_CACHE_DIR"] = str(cache)
    return env


def _count(task: Path) -> int:
    return sum(1 for _ in (task / "Q.tsv").open(encoding="utf-8")) - 1


def run(options: argparse.Namespace) -> list[Measure]:
    """Every method at every size (its baseline run first when asked), then ``recommend``.

    The baseline is the same corpus with ``--baseline-queries`` queries: its CPU time is start-up,
    model load, encoding or fitting the corpus and the corpus-side index (what every query count
    pays once), so the full run's CPU minus the baseline's is the per-query search.
    """
    results: list[Measure] = []
    for size in options.sizes:
        task = write_task(options.work / f"corpus-{size}", options.data, size, options.queries)
        base = None
        if options.baseline_queries:
            folder = options.work / f"corpus-{size}-q{options.baseline_queries}"
            base = write_task(folder, options.data, size, options.baseline_queries)
        env = _env(options.cache_dir or options.work / f"cache-{size}")
        for method in options.methods:
            for folder in (base, task):
                if folder is None:
                    continue
                used = eval_run(method, folder, env)
                results.append(Measure(method, size, _count(folder), **asdict(used)))
                logger.info("%s", results[-1])
    if options.recommend:
        results += recommend_sizes(options)
    return results


def recommend_sizes(options: argparse.Namespace) -> list[Measure]:
    """``recommend`` with an occupation index of each corpus size's labels (same queries).

    The taxonomy of a size is its corpus's labels written back as ESCO files
    (:mod:`bench.perf.memory_taxonomy`), imported into a taxonomy file of its own; the
    embedding cache is the runs' (``--cache-dir``), so label vectors are shared with them.
    """
    results: list[Measure] = []
    pool = Pool(options.data, CORPUS_FILES, EXTRA_FILES, SEED)
    for size in options.sizes:
        work = options.work / f"recommend-{size}"
        count = write_taxonomy(work / "esco", pool, size)
        env = _env(options.cache_dir or options.work / f"cache-{size}")
        env["CVMATCH_TAXONOMY_PATH"] = str(work / "taxonomy.sqlite")
        import_taxonomy(work / "esco", env, work / "import.log")
        tasks = [options.work / f"corpus-{size}"]
        if options.baseline_queries:
            tasks.insert(0, options.work / f"corpus-{size}-q{options.baseline_queries}")
        for task in tasks:
            write_task(task, options.data, size, _count_wanted(task, options))
            used = recommend_run(task, env)
            results.append(Measure("recommend", count, _count(task), **asdict(used)))
            logger.info("%s", results[-1])
    return results


def _count_wanted(task: Path, options: argparse.Namespace) -> int:
    """The query count a task folder was named for (the baseline's, else ``--queries``)."""
    suffix = f"-q{options.baseline_queries}"
    return options.baseline_queries if task.name.endswith(suffix) else options.queries


def table(results: list[Measure]) -> str:
    """Markdown table, then the growth from the smallest to the largest corpus per method."""
    lines = [
        "| method | corpus | queries | peak RSS (MiB) | wall (s) | CPU (s) | load | exit |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    lines += [
        f"| {m.method} | {m.corpus:,} | {m.queries:,} | {m.peak_rss_mib:,.0f} | {m.seconds:,.0f} "
        f"| {m.cpu_seconds:,.0f} | {m.load:.1f} | {m.exit_code}{' ' + m.error[:80] if m.error else ''} |"
        for m in results
    ]
    lines.append("")
    for method, count in dict.fromkeys((m.method, m.queries) for m in results):
        runs = [m for m in results if (m.method, m.queries) == (method, count) and not m.exit_code]
        if len(runs) > 1:
            a, b = runs[0], runs[-1]
            lines.append(
                f"- {method} ({count:,} queries): corpus ×{b.corpus / a.corpus:.1f} → peak RSS "
                f"×{b.peak_rss_mib / a.peak_rss_mib:.2f}, wall ×{b.seconds / a.seconds:.2f}, "
                f"CPU ×{b.cpu_seconds / max(a.cpu_seconds, 0.1):.2f}"
            )
    return "\n".join(lines)


def main() -> None:
    """Parse the options, run, print the table and write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    parser.add_argument("--methods", nargs="*", default=list(METHODS))
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument(
        "--baseline-queries",
        type=int,
        default=0,
        help="also run each method with this many queries (its CPU: the corpus-side share)",
    )
    parser.add_argument("--recommend", action="store_true", help="also run cvmatch recommend")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument(
        "--work", type=Path, default=Path(tempfile.gettempdir()) / "cvmatch-memory-scaling"
    )
    parser.add_argument("--cache-dir", type=Path, help="shared embedding cache (default: per size)")
    parser.add_argument("--out", type=Path, help="JSON results")
    options = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    results = run(options)
    sys.stdout.write(table(results) + "\n")
    if options.out:
        options.out.write_text(json.dumps([asdict(m) for m in results], indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
