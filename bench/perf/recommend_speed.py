"""Latency of one CV's recommendation once the occupation index is built (issue 7: "well under 1 s").

Usage::

    nice -n 10 .venv/bin/python -m bench.perf.recommend_speed [--model minilm-int8] \
        [--cache bench/out/cache]

Occupations: the 3,039 English ESCO v1.2 occupations of ``../shared/data`` (as in
``bench/quality/recommend_quality.py``, whose cache it reuses; the first run embeds the index). Each English
example CV (``examples/cvs``) is recommended for, one at a time (text, role titles and gazetteer
skills extracted, top 10 with evidence and skills gap); the figures are the index load time and the
median and worst time per CV.
"""

import argparse
import statistics
import time
from pathlib import Path

from cvmatch.documents.loader import load_document
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.evaluation.datasets import default_data_dir
from cvmatch.occupations.index import build_index
from cvmatch.occupations.recommender import Recommender
from cvmatch.occupations.setup import cv_input, default_weights
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.occupations import entries_from_esco
from cvmatch.types import DocumentKind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--model", default="minilm-int8")
    parser.add_argument("--cache", type=Path, default=Path("bench/out/cache"))
    parser.add_argument("--cvs", type=Path, default=Path("examples/cvs"))
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    encoder = load_encoder(args.model, threads=args.threads)
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{args.model} is not a dense encoder")
    entries = entries_from_esco(default_data_dir() / "esco_v1.2" / "ESCO_en", ("en",))
    started = time.perf_counter()
    index = build_index(entries, encoder, args.cache)
    loaded = time.perf_counter() - started
    recommender = Recommender(index, encoder, default_weights(index.model_id))
    gazetteer = Gazetteer()
    docs = [load_document(p, DocumentKind.CV) for p in sorted(args.cvs.iterdir()) if p.is_file()]
    inputs = [cv_input(d, gazetteer, 2026.0) for d in docs if d.language == "en"]
    recommender.recommend(inputs[0])  # first call: model load and TF-IDF fit, reported apart
    first = time.perf_counter() - started - loaded
    times, cpu = [], []
    for cv in inputs:
        started, started_cpu = time.perf_counter(), time.process_time()
        recommender.recommend(cv, top=10)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(f"{len(index.entries)} occupations, {len(index.labels.texts)} labels, {index.model_id}")
    print(f"weights: {recommender.weights}")
    print(
        f"index load from the .npy cache: {loaded:.2f} s; first CV (model load, TF-IDF fit): {first:.2f} s"
    )
    print(
        f"per CV, {len(times)} English CVs: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms; CPU time (all threads) median "
        f"{statistics.median(cpu) * 1000:.0f} ms, max {max(cpu) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
