"""Fuzz the readers: crafted attacks plus seeded mutations of the examples, in worker processes.

Run from the repo root::

    nice python -m bench.robustness.fuzz_ingest --n 10000 --report docs/benchmarks/fuzz.md

Each input is parsed by ``Engine.parse`` in a forked child (the parent has imported cvmatch
once and parsed every example, so a child costs milliseconds and starts warm, as a batch does
after its first file); at most ``--workers`` children run at a time. A child is stopped after
``--timeout`` CPU seconds (or 4 times that in wall time). Its CPU and wall time are measured
inside the child; its peak RSS comes from ``wait4`` (the whole process, imports included).
Outcomes: ``ok``, a documented ``CvmatchError`` (by class), ``crash`` (any other exception),
``timeout`` or ``killed``. Inputs over the budget (``--max-seconds``, ``--max-rss-mib``) are
listed. Exit status 1 when anything crashed, timed out or went over budget.
"""

import argparse
import json
import logging
import os
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.robustness.mutate import Case, cases, seed_files
from cvmatch.engine import Engine
from cvmatch.errors import CvmatchError
from cvmatch.types import DocumentKind

logger = logging.getLogger(__name__)
WALL_FACTOR = 4
"""A child is stopped after ``--timeout`` CPU seconds or this many times that in wall time."""
GENERATOR_FAILED = 3
"""Exit status of a child whose input could not be built (a bug of the bench, not of cvmatch)."""
CHILD_ADDRESS_SPACE = 6 * 1024**3
"""Address-space ceiling of a child (a MemoryError there is reported as a crash)."""


@dataclass(frozen=True)
class Outcome:
    """What happened to one input."""

    name: str
    size: int
    outcome: str
    seconds: float
    """Wall-clock time of the parse (inflated when the machine is shared)."""
    cpu: float
    """CPU time of the parse (user + system)."""
    rss_mib: float
    detail: str = ""


def parse_in_child(engine: Engine, case: Case, directory: Path, write_fd: int) -> None:
    """Child side: build the input, parse it, write one JSON line, exit (never returns)."""
    code = 0
    try:
        data = case.build()
        path = directory / f"{os.getpid()}.{case.ext}"
        path.write_bytes(data)
        del data
        start, cpu_start = time.perf_counter(), time.process_time()
        try:
            engine.parse(path, DocumentKind.CV)
            outcome, detail = "ok", ""
        except CvmatchError as error:
            outcome, detail = type(error).__name__, str(error)[:300]
        except BaseException as error:  # noqa: BLE001 - a crash is what we are looking for
            outcome, detail = "crash", f"{type(error).__name__}: {error}"[:300]
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
        size = path.stat().st_size
        path.unlink()
        line = {"outcome": outcome, "detail": detail, "seconds": seconds, "cpu": cpu, "size": size}
        os.write(write_fd, json.dumps(line).encode() + b"\n")
    except BaseException:  # noqa: BLE001 - the child must always reach os._exit
        code = GENERATOR_FAILED
    finally:
        os._exit(code)


@dataclass
class _Running:
    case: Case
    read_fd: int
    started: float


class Pool:
    """Forks one child per input, ``workers`` at a time, with a wall-clock timeout."""

    def __init__(self, engine: Engine, workers: int, timeout: float, directory: Path) -> None:
        self.engine, self.workers, self.timeout, self.directory = (
            engine,
            workers,
            timeout,
            directory,
        )
        self.running: dict[int, _Running] = {}

    def run(self, inputs: Iterable[Case]) -> Iterator[Outcome]:
        """Parse every input; yield outcomes as children finish."""
        for case in inputs:
            while len(self.running) >= self.workers:
                yield from self._reap()
            self._start(case)
        while self.running:
            yield from self._reap()

    def _start(self, case: Case) -> None:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            # A runaway child ends itself: SIGXCPU past --timeout CPU seconds (the machine is
            # shared, so wall time says little), SIGALRM past WALL_FACTOR times that.
            cpu = int(self.timeout)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            signal.alarm(int(self.timeout * WALL_FACTOR))
            limit = CHILD_ADDRESS_SPACE  # protects the shared machine from a runaway input
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            parse_in_child(self.engine, case, self.directory, write_fd)
        os.close(write_fd)
        os.set_blocking(read_fd, False)
        self.running[pid] = _Running(case, read_fd, time.monotonic())

    def _reap(self) -> Iterator[Outcome]:
        pid, status, usage = os.wait4(-1, os.WNOHANG)
        if pid == 0:
            self._kill_overdue()
            time.sleep(0.005)
            return
        job = self.running.pop(pid)
        try:
            raw = os.read(job.read_fd, 65536)
        except BlockingIOError:
            raw = b""
        os.close(job.read_fd)
        rss = usage.ru_maxrss / 1024
        elapsed = time.monotonic() - job.started
        if raw:
            line = json.loads(raw)
            yield Outcome(
                job.case.name,
                line["size"],
                line["outcome"],
                line["seconds"],
                line["cpu"],
                rss,
                line["detail"],
            )
        else:
            signalled = os.WIFSIGNALED(status)
            timed_out = (signal.SIGALRM, signal.SIGKILL, signal.SIGXCPU)
            kind = "timeout" if signalled and os.WTERMSIG(status) in timed_out else "killed"
            if os.WIFEXITED(status) and os.WEXITSTATUS(status) == GENERATOR_FAILED:
                kind = "generator-failed"
            cpu = usage.ru_utime + usage.ru_stime
            yield Outcome(job.case.name, 0, kind, elapsed, cpu, rss, f"status {status}")

    def _kill_overdue(self) -> None:
        now = time.monotonic()
        for pid, job in self.running.items():
            if now - job.started > self.timeout * WALL_FACTOR + 5:
                os.kill(pid, signal.SIGKILL)


@dataclass(frozen=True)
class Summary:
    """Counts, failures and percentiles of one fuzz run."""

    results: list[Outcome]
    max_seconds: float
    max_rss: float

    @property
    def outcomes(self) -> Counter[str]:
        """Inputs per outcome."""
        return Counter(r.outcome for r in self.results)

    @property
    def crashes(self) -> list[Outcome]:
        """Inputs that raised something other than a CvmatchError (or whose child died)."""
        return [r for r in self.results if r.outcome in ("crash", "killed")]

    @property
    def generator_failures(self) -> list[Outcome]:
        """Inputs the bench could not build (a bug of the bench; nothing was parsed)."""
        return [r for r in self.results if r.outcome == "generator-failed"]

    @property
    def timeouts(self) -> list[Outcome]:
        """Inputs whose child was killed for running past ``--timeout``."""
        return [r for r in self.results if r.outcome == "timeout"]

    @property
    def over_budget(self) -> list[Outcome]:
        """Inputs over the CPU-time or the peak-RSS budget."""
        return [r for r in self.results if r.cpu > self.max_seconds or r.rss_mib > self.max_rss]

    @property
    def over_wall(self) -> list[Outcome]:
        """Inputs whose wall-clock time passed the budget (machine load included)."""
        return [r for r in self.results if r.seconds > self.max_seconds]

    def spread(self, values: list[float]) -> str:
        """``p50 | p99 | max`` of ``values`` as table cells."""
        top = max(values, default=0.0)
        return f"{percentile(values, 0.5):.3f} | {percentile(values, 0.99):.3f} | {top:.3f}"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of ``values`` (0 for an empty list)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def render(summary: Summary, command: str) -> str:
    """A Markdown report of ``summary``."""
    results = summary.results
    slowest = sorted(results, key=lambda r: -r.cpu)[:12]
    lines = [
        f"Command: `{command}`  ",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · load average at the end: "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs  ",
        f"Inputs: {len(results):,}",
        "",
        "| per file | p50 | p99 | max |",
        "|---|---|---|---|",
        f"| parse CPU time (s) | {summary.spread([r.cpu for r in results])} |",
        f"| parse wall time (s) | {summary.spread([r.seconds for r in results])} |",
        f"| peak RSS (MiB, whole process) | {summary.spread([r.rss_mib for r in results])} |",
        "",
        f"Crashes: {len(summary.crashes)} · timeouts: {len(summary.timeouts)} · over budget "
        f"(CPU > {summary.max_seconds:g} s or RSS > {summary.max_rss:g} MiB): "
        f"{len(summary.over_budget)} · wall time > {summary.max_seconds:g} s: "
        f"{len(summary.over_wall)} · inputs the bench failed to build: "
        f"{len(summary.generator_failures)}",
        "",
        "| outcome | inputs |",
        "|---|---|",
        *(f"| {name} | {count:,} |" for name, count in summary.outcomes.most_common()),
        "",
        "Costliest inputs (CPU):",
        "",
        "| input | bytes | outcome | CPU s | wall s | MiB |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r.name} | {r.size:,} | {r.outcome} | {r.cpu:.2f} | {r.seconds:.2f} "
            f"| {r.rss_mib:.0f} |"
            for r in slowest
        ),
        "",
    ]
    for label, bad in (
        ("crash", summary.crashes),
        ("not built", summary.generator_failures),
        ("timeout", summary.timeouts),
        ("over budget", summary.over_budget),
        ("wall time over budget", summary.over_wall),
    ):
        lines.extend(
            f"- {label}: {r.name} ({r.outcome}, CPU {r.cpu:.1f} s, wall {r.seconds:.1f} s, "
            f"{r.rss_mib:.0f} MiB) {r.detail}"
            for r in bad
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the fuzz bench; print (and optionally write) the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of inputs")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0, help="CPU seconds before a kill")
    parser.add_argument("--max-seconds", type=float, default=10.0, help="time budget per file")
    parser.add_argument("--max-rss-mib", type=float, default=512.0, help="memory budget")
    parser.add_argument("--only", default="", help="run only inputs whose name contains this")
    parser.add_argument("--report", type=Path, help="write the Markdown report here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(message)s")
    logging.getLogger("cvmatch").setLevel(logging.ERROR)  # hidden-text notes of every input
    inputs = (c for c in cases(args.n, args.seed) if args.only in c.name)
    results: list[Outcome] = []
    engine = Engine()
    _warm_up(engine)
    with tempfile.TemporaryDirectory(prefix="fuzz-ingest-") as tmp:
        pool = Pool(engine, args.workers, args.timeout, Path(tmp))
        for done, outcome in enumerate(pool.run(inputs), start=1):
            results.append(outcome)
            _log(outcome, args.max_seconds, args.max_rss_mib)
            if done % 500 == 0:
                logger.warning("%d inputs done", done)
    summary = Summary(results, args.max_seconds, args.max_rss_mib)
    report = render(summary, "python -m bench.robustness.fuzz_ingest " + " ".join(sys.argv[1:]))
    sys.stdout.write(report)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(report, encoding="utf-8")
    failed = summary.crashes or summary.generator_failures or summary.timeouts
    return 1 if failed or summary.over_budget else 0


def _warm_up(engine: Engine) -> None:
    """Parse every example once, so children inherit loaded models and imports (as a batch run
    does after its first file) instead of paying them per input."""
    import pytesseract  # noqa: F401, PLC0415 - the OCR path imports it lazily

    for path in seed_files():
        engine.parse(path, DocumentKind.CV)


def _log(outcome: Outcome, max_seconds: float, max_rss: float) -> None:
    failed = outcome.outcome in ("crash", "killed", "timeout", "generator-failed")
    if failed or outcome.cpu > max_seconds or outcome.rss_mib > max_rss:
        logger.error(
            "%s: %s CPU %.1f s, %.0f MiB %s",
            outcome.name,
            outcome.outcome,
            outcome.cpu,
            outcome.rss_mib,
            outcome.detail,
        )


if __name__ == "__main__":
    sys.exit(main())
