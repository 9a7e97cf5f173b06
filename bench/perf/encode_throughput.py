"""Encode throughput: MiniLM int8 (built, packaged) and bfloat16 vs sentence-transformers fp32.

Texts: the example CVs plus, when ../shared/data is present, the unique Kaggle resumes (real CVs).
The two encoders run in alternation (int8, fp32, int8, fp32, ...) so that load from other
processes on a shared machine hits both alike; the figure is the median over the rounds, as
wall-clock texts/s and as process CPU seconds (robust when other processes take the cores).
Both use the same thread count (``--threads``, default 2: two one-thread onnxruntime sessions
for int8, ``torch.set_num_threads`` for fp32). Also reports agreement on those texts: mean cosine
between the two vectors of each text and the overlap of each text's top-10 neighbours.
Run: .venv/bin/python -m bench.perf.encode_throughput [--threads N] [--rounds R]
"""

import argparse
import csv
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime

import numpy as np
import torch

from bench.common import DATA_DIR, ROOT, cpu_seconds
from cvmatch.documents.loader import load_document
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.types import DocumentKind

KAGGLE = DATA_DIR / "kaggle_resumes" / "UpdatedResumeDataSet.csv"


def texts() -> list[str]:
    found = [
        load_document(p, DocumentKind.CV).text
        for p in sorted((ROOT / "examples" / "cvs").iterdir())
    ]
    if KAGGLE.exists():
        csv.field_size_limit(sys.maxsize)
        with KAGGLE.open(encoding="utf-8", errors="replace") as handle:
            unique = dict.fromkeys(row["Resume"] for row in csv.DictReader(handle))
        found += [t for t in unique if t.strip()][:120]
    return found


def dense(name: str, threads: int) -> DenseEncoder:
    encoder = load_encoder(name, threads=threads)
    if not isinstance(encoder, DenseEncoder):
        raise TypeError(f"{name} is not a dense encoder")
    encoder.memo_size = 0  # every round must run the model, not read the in-memory memo
    return encoder


def timed(encoder: DenseEncoder, data: list[str]) -> tuple[float, float, np.ndarray]:
    wall, cpu = time.perf_counter(), cpu_seconds()
    vectors = encoder.encode(data)
    return time.perf_counter() - wall, cpu_seconds() - cpu, vectors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = texts()
    load_before = f"{os.getloadavg()[0]:.1f}"
    encoders = {
        name: dense(name, args.threads)
        for name in ("minilm-int8", "minilm-int8-packaged", "minilm-bf16", "minilm")
    }
    walls: dict[str, list[float]] = {name: [] for name in encoders}
    cpus: dict[str, list[float]] = {name: [] for name in encoders}
    vectors: dict[str, np.ndarray] = {}
    for encoder in encoders.values():
        encoder.encode(data[:2])  # load weights outside the timing
    for _ in range(args.rounds):
        for name, encoder in encoders.items():
            wall, cpu, vectors[name] = timed(encoder, data)
            walls[name].append(wall)
            cpus[name].append(cpu)
    print(
        f"date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.machine()}, {len(data)} CV "
        f"texts, {args.threads} threads, median of {args.rounds} alternating rounds, load "
        f"average {load_before} before, {os.getloadavg()[0]:.1f} after"
    )
    ref = vectors["minilm"]
    for name in encoders:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        wall_ratio = statistics.median(walls["minilm"]) / wall
        cpu_ratio = statistics.median(cpus["minilm"]) / cpu
        cosine, overlap = agreement(vectors[name], ref)
        print(
            f"{name}: {len(data) / wall:.1f} texts/s wall, {cpu:.1f} CPU s; vs fp32: "
            f"{wall_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU; mean cosine {cosine:.5f}, "
            f"top-10 neighbour overlap {overlap:.3f}"
        )


def agreement(fast: np.ndarray, ref: np.ndarray, k: int = 10) -> tuple[float, float]:
    """Mean cosine of each text's two vectors, and the mean overlap of its top-k neighbours."""
    overlap = []
    for i in range(len(ref)):
        a = set(np.argsort(-(fast @ fast[i]))[1 : k + 1])
        b = set(np.argsort(-(ref @ ref[i]))[1 : k + 1])
        overlap.append(len(a & b) / k)
    return float(np.mean(np.sum(fast * ref, axis=1))), float(np.mean(overlap))


if __name__ == "__main__":
    main()
