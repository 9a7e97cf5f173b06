"""The product's ``titles`` method on the held-out German and Spanish TalentCLEF titles.

After the per-language heads ship (docs/benchmarks/languages.md), plain ``titles`` routes a German
or Spanish title set to USE-m3 + that language's head. This runs, once, through the engine (the
code path of ``cvmatch eval``): ``titles`` (routed), ``titles:<today's English default>`` and
``titles:use-m3``, on the TalentCLEF training titles of the test occupations, split by a hash of
the title into query and corpus halves (no query is in the corpus); relevant = corpus titles of
the same occupation. MAP with 95 % bootstrap CIs and paired differences against today's default.

Run from the repo root::

    CVMATCH_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.language_product
"""

import hashlib
import time

import numpy as np

from bench.common import DATA_DIR, write_json
from bench.quality.languages import FOLDER, read_talentclef
from cvmatch.encoders.shipped import english_default
from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.settings import get_settings
from cvmatch.training.language_data import occupation_split


def _half(text: str) -> int:
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 2


def task_from_groups(
    groups: dict[str, set[str]], name: str, language: str, description: str
) -> RetrievalTask:
    """Odd-hash texts query the even-hash ones; relevant = sharing an occupation URI."""
    texts = sorted(groups)
    ids = {t: f"t{i}" for i, t in enumerate(texts)}
    queries = {ids[t]: t for t in texts if _half(t)}
    corpus = {ids[t]: t for t in texts if not _half(t)}
    qrels = {
        ids[q]: {ids[d]: 1 for d in corpus.values() if groups[d] & groups[q]}
        for q in queries.values()
    }
    qrels = {q: judged for q, judged in qrels.items() if judged}
    queries = {q: queries[q] for q in qrels}
    return RetrievalTask(name, queries, corpus, qrels, language, description)


def held_out_titles(language: str) -> RetrievalTask:
    """Test-occupation titles of one language: odd-hash titles query the even-hash ones."""
    rows = [(u, t) for u, t in read_talentclef(DATA_DIR)[language] if occupation_split(u) == "test"]
    groups: dict[str, set[str]] = {}
    for uri, title in rows:
        groups.setdefault(title, set()).add(uri)
    return task_from_groups(groups, f"talentclef-{language}-heldout", language, "held-out titles")


def product_rows(engine: Engine, task: RetrievalTask) -> dict[str, object]:
    """Today's English default, routed ``titles`` and ``titles:use-m3`` on ``task``, once each:
    MAP with its CI, and Δ vs today's default (paired); plus the run's seconds."""
    today = f"titles:{english_default('titles', get_settings())}"
    methods = [today, "titles", "titles:use-m3"]
    started = time.perf_counter()
    run = engine.evaluation.evaluate(task, methods)
    values = {m: np.asarray(run.retrieval[m].evaluation["map"]) for m in methods}
    results: dict[str, object] = {}
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
    return results


def main() -> None:
    engine = Engine()
    results = {}
    for language in ("de", "es"):
        task = held_out_titles(language)
        results[task.name] = product_rows(engine, task)
    write_json(FOLDER / "product.json", results)


if __name__ == "__main__":
    main()
