"""Helpers every bench shares: paths, the run's commit and machine, timing and memory, results.

``git_commit`` is the evaluation reports' own (``None`` outside a checkout) and ``normalise`` the
training pairs' text key (case-folded, whitespace collapsed), so a bench's figures and files use
the same definitions as the product's.

Paths:

* :data:`ROOT` — the repository root (benches run from it: ``python -m bench.<purpose>.<x>``);
* :data:`DATA_DIR` — the shared benchmark data, ``<repo>/../shared/data`` (never copied into the
  repository), the folder :func:`cvmatch.evaluation.datasets.default_data_dir` also uses;
* :data:`DERIVED` — ``DATA_DIR/derived``: files the ``bench.data`` steps build from that data
  and that a product recipe trains on (a stable home beside their sources, outside git);
* :data:`OUT` — ``bench/out``: git-ignored scratch (caches, result JSON of one run).
"""

import hashlib
import json
import os
import platform
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from cvmatch.evaluation.report import git_commit
from cvmatch.training.pairs import normalise

__all__ = [
    "DATA_DIR",
    "DERIVED",
    "OUT",
    "ROOT",
    "TUNING",
    "cpu_seconds",
    "git_commit",
    "load_average",
    "machine",
    "normalise",
    "peak_rss_mib",
    "rank_key",
    "timed",
    "write_json",
]

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT.parent / "shared" / "data"
DERIVED = DATA_DIR / "derived"
OUT = ROOT / "bench" / "out"
TUNING = OUT / "recommend_tuning.jsonl"
"""ESCO v1.0/v1.1.1 labels that v1.2 lacks, split tune/enrich (``bench.data.recommend_pairs``).

Bench-only (weight tuning, never training), so it stays in the scratch folder."""

_T = TypeVar("_T")


def machine() -> dict[str, Any]:
    """Where a figure was measured: CPU architecture and Python version (results files keep it)."""
    return {"machine": platform.machine(), "python": platform.python_version()}


def load_average() -> float:
    """The 1-minute load average: on a shared machine, wall times mean little without it."""
    return os.getloadavg()[0]


def cpu_seconds() -> float:
    """User + system CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mib(children: bool = False) -> float:
    """Peak resident memory in MiB of this process (or of its finished children)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports KiB


def timed(action: Callable[[], _T]) -> tuple[float, _T]:
    """Wall seconds of one call of ``action`` and its result."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def rank_key(*parts: str) -> str:
    """A seeded-order key: SHA-256 of the parts joined by a unit separator (stable across runs)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def write_json(path: Path, data: object, indent: int = 2) -> None:
    """Write ``data`` as UTF-8 JSON with a trailing newline, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=indent) + "\n", encoding="utf-8")
