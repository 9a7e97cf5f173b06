"""The product's ``titles`` method on held-out French job titles (ESCO labels), for the table.

``bench.quality.language_product`` measured the routed ``titles`` on held-out German and Spanish
TalentCLEF titles; TalentCLEF has no French titles, so the French row of the per-language table
(docs/benchmarks/languages.md) uses the French ESCO labels (preferred + alternative) of the
**test** occupations, split by a hash of the label into query and corpus halves (no query is in
the corpus); relevant = corpus labels of the same occupation. Methods, once each, through the
engine (the code path of ``cvmatch eval``): ``titles`` (routed: USE-m3 + ``use-m3-esco-fr``),
``titles:<today's English default>`` and ``titles:use-m3``.

``--cost N``: the cost of the routing instead: titles per second and CPU seconds of the
encoders plain ``titles`` has routed French titles to (``use-m3-esco-fr`` before round 3,
``e5-use-m3-esco-fr`` after), embedding the first N of those labels with no cache, one thread.

Run from the repo root::

    CVMATCH_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.language_table [--cost 1000]
"""

import argparse
import time

from bench.common import DATA_DIR, cpu_seconds, write_json
from bench.quality.language_product import product_rows, task_from_groups
from bench.quality.languages import FOLDER
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.engine import Engine
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.training.language_data import load_languages, occupation_split


def held_out_labels(language: str) -> RetrievalTask:
    """ESCO labels in ``language`` of the test occupations: odd-hash labels query the others."""
    groups: dict[str, set[str]] = {}
    for uri, occupation in load_languages(DATA_DIR, [language])[language].items():
        if occupation_split(uri) == "test":
            for label in occupation.labels:
                groups.setdefault(label, set()).add(uri)
    return task_from_groups(groups, f"esco-{language}-heldout", language, "held-out ESCO labels")


def cost(count: int) -> None:
    """Titles per second and CPU seconds per title of the French routes (no cache)."""
    labels = sorted(held_out_labels("fr").queries.values())[:count]
    results: dict[str, object] = {}
    for name in ("use-m3-esco-fr", "e5-use-m3-esco-fr"):
        encoder = load_encoder(name, threads=1)
        if not isinstance(encoder, DenseEncoder):
            raise SystemExit(f"{name} is not dense")
        encoder.encode(labels[:8], role="query")  # load the models outside the timing
        wall, cpu = time.perf_counter(), cpu_seconds()
        encoder.encode(labels[8:], role="query")
        wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
        texts = len(labels) - 8
        results[name] = {
            "titles": texts,
            "titles_per_s_wall": round(texts / wall, 1),
            "titles_per_cpu_s": round(texts / cpu, 1),
            "cpu_s": round(cpu, 2),
        }
        print(name, results[name], flush=True)
    write_json(FOLDER / "cost_fr.json", results)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cost", type=int, default=0, help="time the routes on N labels")
    args = parser.parse_args()
    if args.cost:
        cost(args.cost)
        return
    task = held_out_labels("fr")
    write_json(FOLDER / "table_fr.json", {task.name: product_rows(Engine(), task)})


if __name__ == "__main__":
    main()
