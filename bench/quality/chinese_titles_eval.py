"""Embed, score and time the candidates of docs/benchmarks/chinese.md on the CEDICT × ESCO set.

Phases (run from the repo root, on a shared machine with one thread)::

    OMP_NUM_THREADS=1 CVMATCH_THREADS=1 nice -n 10 python -m bench.quality.chinese_titles_eval \
        --phase embed --candidate e5-small-q4
    ... --phase score --half dev     # once per candidate: a look is recorded
    ... --phase score --half test    # once per candidate, after the dev choice
    ... --phase cost --candidate mean

* ``embed``: vectors of every text of the set (role ``query``, as ``titles`` does), in slices
  written to the on-disk cache ``bench/out/chinese/embeddings.sqlite`` (a stopped run resumes),
  saved to ``bench/out/chinese/vectors-<candidate>.npz``. ``mean`` is
  :class:`cvmatch.encoders.cosine_mean.CosineMeanEncoder` over the two plain encoders (their
  cached vectors are reused).
* ``score``: MAP with 95 % CIs of the named candidates on the two tasks of one half, Δ against
  ``use-m3`` (paired), the rule's choice (dev) or check (test); ``bench/out/chinese/<half>.json``
  keeps the figures and the number of looks per candidate.
* ``cost``: titles per CPU second of a candidate, embedding the Chinese titles without cache.
"""

import argparse
import json
import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from bench.common import OUT, cpu_seconds, load_average, write_json
from bench.quality.chinese_titles import (
    ChineseTitles,
    evaluate,
    load_set,
    zh_en_link_task,
    zh_titles_task,
)
from bench.quality.chinese_titles_rule import BASELINE, SIMPLICITY, choose, confirmed
from cvmatch.encoders import DenseEncoder, EmbeddingCache, load_encoder
from cvmatch.encoders.cosine_mean import CosineMeanEncoder
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci

FOLDER = OUT / "chinese"
SLICE = 250
"""Texts per cached slice of ``--phase embed``."""


def encoder(name: str, threads: int, cached: bool = True) -> DenseEncoder:
    """A candidate's encoder: a registered plain encoder, or ``mean`` of the two."""
    cache = EmbeddingCache(FOLDER / "embeddings.sqlite") if cached else None
    if name == "mean":
        parts = [encoder(part, threads, cached) for part in ("use-m3", "e5-small-q4")]
        return CosineMeanEncoder("mean", parts, "plain mean of USE-m3 and e5-small-q4 cosines")
    found = load_encoder(name, threads=threads, cache=cache)
    if not isinstance(found, DenseEncoder):
        raise SystemExit(f"{name} is not a dense encoder")
    return found


def embed(data: ChineseTitles, name: str, threads: int) -> None:
    """Vectors of every text of the set, slice by slice (each slice cached as it finishes)."""
    model = encoder(name, threads)
    texts = data.texts()
    started = time.perf_counter()
    parts = []
    for start in range(0, len(texts), SLICE):
        parts.append(model.encode(texts[start : start + SLICE], role="query"))
        done = min(start + SLICE, len(texts))
        rate = done / max(time.perf_counter() - started, 1e-9)
        print(f"{name}: {done}/{len(texts)} texts, {rate:.1f} texts/s", flush=True)
    FOLDER.mkdir(parents=True, exist_ok=True)
    matrix = np.concatenate(parts).astype(np.float32)
    np.savez(FOLDER / f"vectors-{name}.npz", texts=np.array(texts), vectors=matrix)


def read_vectors(name: str) -> dict[str, np.ndarray]:
    """``{text: unit vector}`` of a candidate (``--phase embed`` first)."""
    with np.load(FOLDER / f"vectors-{name}.npz") as saved:
        texts, matrix = list(saved["texts"]), saved["vectors"]
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return {str(text): matrix[i] for i, text in enumerate(texts)}


def score(data: ChineseTitles, which: str, names: list[str]) -> dict[str, dict[str, object]]:
    """MAP, CI and Δ vs ``use-m3`` of each candidate on the two tasks of half ``which``."""
    per_task: dict[str, dict[str, object]] = {}
    values: dict[str, dict[str, np.ndarray]] = {}
    for name in names:
        vectors = read_vectors(name)
        for task in (zh_titles_task(data, which, vectors), zh_en_link_task(data, which, vectors)):
            ap = evaluate(task)
            values.setdefault(task.name, {})[name] = ap
            ci = bootstrap_ci(ap, seed=0)
            row: dict[str, object] = {"map": ci.mean, "ci": [ci.low, ci.high], "queries": len(ap)}
            if name != BASELINE and BASELINE in values[task.name]:
                d = paired_bootstrap_ci(ap, values[task.name][BASELINE], seed=0)
                row["delta"] = [d.mean, d.low, d.high]
            per_task.setdefault(task.name, {})[name] = row
            print(f"{which} {task.name} {name} MAP {ci.mean:.4f} [{ci.low:.4f}, {ci.high:.4f}]")
    return per_task


def decide(which: str, per_task: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> object:
    """Dev: the rule's choice from the mean MAP of the tasks; test: whether each holds."""
    names = [n for n in SIMPLICITY if all(n in rows for rows in per_task.values())]
    if which == "dev":
        means = {n: float(np.mean([rows[n]["map"] for rows in per_task.values()])) for n in names}
        return {"dev_scores": means, "choice": choose(means)}
    return {
        n: confirmed({task: _delta(rows[n]) for task, rows in per_task.items()})
        for n in names
        if n != BASELINE
    }


def _delta(row: Mapping[str, Any]) -> tuple[float, float, float]:
    mean, low, high = row["delta"]
    return float(mean), float(low), float(high)


def cost(data: ChineseTitles, name: str, threads: int) -> dict[str, float]:
    """Titles per CPU second (and per wall second) embedding every Chinese title, no cache."""
    model = encoder(name, threads, cached=False)
    titles = sorted({t for words in data.titles.values() for t in words})
    model.encode(titles[:8], role="query")  # load the model outside the timing
    cpu, wall = cpu_seconds(), time.perf_counter()
    model.encode(titles, role="query")
    cpu, wall = cpu_seconds() - cpu, time.perf_counter() - wall
    return {
        "titles": len(titles),
        "titles_per_cpu_second": len(titles) / cpu,
        "titles_per_wall_second": len(titles) / wall,
        "load_average": load_average(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phase", choices=["embed", "score", "cost"], required=True)
    parser.add_argument("--candidate", choices=SIMPLICITY, default=BASELINE)
    parser.add_argument("--candidates", nargs="+", choices=SIMPLICITY, default=list(SIMPLICITY))
    parser.add_argument("--half", choices=["dev", "test"], default="dev")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    data = load_set()
    if args.phase == "embed":
        embed(data, args.candidate, args.threads)
        return
    if args.phase == "cost":
        result = cost(data, args.candidate, args.threads)
        print(result)
        write_json(FOLDER / f"cost-{args.candidate}.json", result)
        return
    out = FOLDER / f"{args.half}.json"
    saved = json.loads(out.read_text()) if out.exists() else {"tasks": {}, "looks": {}}
    per_task = score(data, args.half, args.candidates)
    for task, rows in per_task.items():
        saved["tasks"].setdefault(task, {}).update(rows)
    for name in args.candidates:
        saved["looks"][name] = saved["looks"].get(name, 0) + 1
    saved["sizes"] = data.sizes(args.half)
    saved["decision"] = decide(args.half, saved["tasks"])
    saved["date"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    saved["load_average"] = load_average()
    write_json(out, saved)
    print(json.dumps(saved["decision"]))


if __name__ == "__main__":
    main()
