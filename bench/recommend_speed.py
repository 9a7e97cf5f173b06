"""Latency of ``Engine.recommend`` for one CV: index build (cold), then cached index, then warm.

Usage::

    nice -n 10 .venv/bin/python bench/recommend_speed.py [--taxonomy ESCO_DIR] [--model NAME]

Without ``--taxonomy`` the packaged English occupations are used (the out-of-the-box default);
with it, that ESCO folder is imported into a fresh taxonomy file first. Every CV of
``examples/cvs`` is recommended for, one at a time; the figure is the median per CV.
"""

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--taxonomy", type=Path, default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--cvs", type=Path, default=Path("examples/cvs"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(cache_dir=Path(tmp), use_cache=False)
        engine = Engine(settings)
        if args.taxonomy:
            engine.import_esco(args.taxonomy)
        docs = engine.parse_many(sorted(args.cvs.iterdir()), DocumentKind.CV).documents
        docs = tuple(d for d in docs if d.language == "en")
        started = time.perf_counter()
        engine.recommend(docs[:1], model=args.model)
        cold = time.perf_counter() - started
        fresh = Engine(settings)  # a new process-like engine: index loaded from the .npy cache
        started = time.perf_counter()
        fresh.recommend(docs[:1], model=args.model)
        cached = time.perf_counter() - started
        warm = []
        for doc in docs:
            started = time.perf_counter()
            fresh.recommend([doc], model=args.model)
            warm.append(time.perf_counter() - started)
        index = fresh.recommender("en", args.model).index
    print(f"occupations: {len(index.entries)}, labels: {len(index.labels.texts)}, {index.model_id}")
    print(f"cold (embed the index): {cold:.1f} s")
    print(f"first CV with the cached index (load + TF-IDF fit): {cached:.2f} s")
    print(
        f"warm, per CV (median of {len(warm)} English CVs): {statistics.median(warm) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
