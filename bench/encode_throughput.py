"""Encode throughput: MiniLM int8 ONNX fast path vs sentence-transformers fp32, in one run.

Texts: the example CVs plus, when ../shared/data is present, the unique Kaggle resumes (real CVs).
Also reports agreement of the two on those texts: mean cosine between the two vectors of each text
and the overlap of each text's top-10 neighbours.
Run: .venv/bin/python bench/encode_throughput.py
"""

import csv
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from cvmatch.documents.loader import load_document
from cvmatch.encoders.registry import load_encoder
from cvmatch.types import DocumentKind

ROOT = Path(__file__).resolve().parents[1]
KAGGLE = ROOT.parent / "shared" / "data" / "kaggle_resumes" / "UpdatedResumeDataSet.csv"


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


def timed(name: str, data: list[str]) -> tuple[float, np.ndarray]:
    encoder = load_encoder(name)
    encoder.encode(data[:2])  # load weights outside the timing
    start = time.perf_counter()
    vectors = encoder.encode(data)
    return len(data) / (time.perf_counter() - start), vectors


def main() -> None:
    data = texts()
    fast_rate, fast = timed("minilm-int8", data)
    ref_rate, ref = timed("minilm", data)
    cosine = float(np.mean(np.sum(fast * ref, axis=1)))
    k = 10
    overlap = []
    for i in range(len(data)):
        a = set(np.argsort(-(fast @ fast[i]))[1 : k + 1])
        b = set(np.argsort(-(ref @ ref[i]))[1 : k + 1])
        overlap.append(len(a & b) / k)
    print(f"date {datetime.now(UTC):%Y-%m-%d}, {platform.machine()}, {len(data)} CV texts")
    print(
        f"minilm-int8 (onnx) {fast_rate:.1f} texts/s; minilm fp32 (sentence-transformers) {ref_rate:.1f} texts/s"
    )
    print(
        f"speed-up {fast_rate / ref_rate:.2f}x; mean cosine {cosine:.4f}; top-{k} overlap {np.mean(overlap):.3f}"
    )


if __name__ == "__main__":
    main()
