"""The product's ``titles`` method on the CEDICT × ESCO Chinese tasks (after the rule's choice).

Not part of the selection rule of docs/benchmarks/chinese.md (plain cosines chose the route):
this measures what ``titles`` gives with its post-processing (pseudo-relevance feedback,
neighbour smoothing, hubness reduction) through :meth:`Engine.evaluation.similarity_matrix`,
``titles:use-m3`` (the route before) against plain ``titles`` (routed to ``e5-use-m3`` for
Chinese ↔ Chinese and Chinese ↔ English). A title never retrieves itself (set after scoring).
``bench/out/chinese/product-<half>.json`` keeps the figures and the looks.

Run from the repo root (the engine's embedding cache goes to ``bench/out/chinese/engine``)::

    OMP_NUM_THREADS=1 CVMATCH_THREADS=1 CVMATCH_CACHE_DIR=bench/out/chinese/engine \
        nice -n 10 python -m bench.quality.chinese_titles_product --half dev
"""

import argparse
import json
import time

import numpy as np

from bench.common import OUT, load_average, write_json
from bench.quality.chinese_titles import (
    load_set,
    zh_en_link_task,
    zh_titles_task,
)
from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci

METHODS = ("titles:use-m3", "titles")
"""The route before (named) and the product's plain ``titles`` (routed)."""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--half", choices=["dev", "test"], required=True)
    args = parser.parse_args()
    data = load_set()
    engine = Engine()
    out = OUT / "chinese" / f"product-{args.half}.json"
    saved = json.loads(out.read_text()) if out.exists() else {"tasks": {}, "looks": {}}
    for task in (zh_titles_task(data, args.half, {}), zh_en_link_task(data, args.half, {})):
        values: dict[str, np.ndarray] = {}
        for method in METHODS:
            started = time.perf_counter()
            scores = engine.evaluation.similarity_matrix(method, task.queries, task.corpus)
            values[method] = task.evaluate_scores(scores)
            ci = bootstrap_ci(values[method], seed=0)
            row: dict[str, object] = {"map": ci.mean, "ci": [ci.low, ci.high]}
            if method != METHODS[0]:
                d = paired_bootstrap_ci(values[method], values[METHODS[0]], seed=0)
                row["delta"] = [d.mean, d.low, d.high]
            row["seconds"] = round(time.perf_counter() - started, 1)
            saved["tasks"].setdefault(task.name, {})[method] = row
            print(
                f"{args.half} {task.name} {method} MAP {ci.mean:.4f} [{ci.low:.4f}, {ci.high:.4f}]"
            )
    for method in METHODS:
        saved["looks"][method] = saved["looks"].get(method, 0) + 1
    saved["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    saved["load_average"] = load_average()
    write_json(out, saved)


if __name__ == "__main__":
    main()
