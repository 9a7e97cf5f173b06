"""The product's ``titles`` method on held-out French job titles (ESCO labels), for the table.

``bench.quality.language_product`` measured the routed ``titles`` on held-out German and Spanish
TalentCLEF titles; TalentCLEF has no French titles, so the French row of the per-language table
(docs/benchmarks/languages.md) uses the French ESCO labels (preferred + alternative) of the
**test** occupations, split by a hash of the label into query and corpus halves (no query is in
the corpus); relevant = corpus labels of the same occupation. Methods, once each, through the
engine (the code path of ``cvmatch eval``): ``titles`` (routed: USE-m3 + ``use-m3-esco-fr``),
``titles:<today's English default>`` and ``titles:use-m3``.

Run from the repo root::

    CVMATCH_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.language_table
"""

import time

import numpy as np

from bench.common import DATA_DIR, write_json
from bench.quality.language_product import task_from_groups
from bench.quality.languages import FOLDER
from cvmatch.encoders.shipped import english_default
from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.settings import get_settings
from cvmatch.training.language_data import load_languages, occupation_split


def held_out_labels(language: str) -> RetrievalTask:
    """ESCO labels in ``language`` of the test occupations: odd-hash labels query the others."""
    groups: dict[str, set[str]] = {}
    for uri, occupation in load_languages(DATA_DIR, [language])[language].items():
        if occupation_split(uri) == "test":
            for label in occupation.labels:
                groups.setdefault(label, set()).add(uri)
    return task_from_groups(groups, f"esco-{language}-heldout", language, "held-out ESCO labels")


def main() -> None:
    engine = Engine()
    today = f"titles:{english_default('titles', get_settings())}"
    methods = [today, "titles", "titles:use-m3"]
    task = held_out_labels("fr")
    started = time.perf_counter()
    run = engine.evaluation.evaluate(task, methods)
    values = {m: np.asarray(run.retrieval[m].evaluation["map"]) for m in methods}
    results: dict[str, object] = {"seconds": 0.0}
    for method in methods:
        ci = bootstrap_ci(values[method], seed=0)
        row: dict[str, object] = {
            "map": ci.mean,
            "ci": [ci.low, ci.high],
            "queries": len(values[method]),
            "corpus": len(task.corpus),
            "model_ids": run.methods[method].model_ids,
        }
        if method != today:
            d = paired_bootstrap_ci(values[method], values[today], seed=0)
            row["delta_vs_today"] = [d.mean, d.low, d.high]
        results[method] = row
        print(task.name, method, row, flush=True)
    results["seconds"] = round(time.perf_counter() - started, 1)
    write_json(FOLDER / "table_fr.json", {task.name: results})


if __name__ == "__main__":
    main()
