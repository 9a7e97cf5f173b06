"""Base vs trained encoders on data they did not train on, with bootstrap CIs (issue 5 recipes).

Tasks (evaluation loaders, ``../shared/data``):

* ``jobbert_titles`` — vacancy titles → ESCO occupations, max over labels; MRR@100 (ranks past 100
  count 0: full MRR differs by at most 0.01 per query, and ranks are computed in blocks);
* ``hahu_ads`` — ad title + description → ESCO occupation one text; MRR@100;
* ``talentclef_en_validation`` — MAP over the full ranking;
* ``heldout:<recipe.yaml>[:<origin prefix>]`` — the test split of a recipe's own data (rebuilt
  with the same seed), optionally only the pairs of one source (e.g. ``talentclef``): every
  held-out title ranks the others, relevant = same occupation; MAP over the full ranking.

Each model is loaded through ``load_encoder`` (a registry name or a trained ``name@vN``), so
this measures exactly what ``--model`` users get. Embeddings are cached in ``bench/out``.
Run: nice -n 10 .venv/bin/python -m bench.quality.train_recipes --models minilm esco-bi-encoder@v1
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch

from bench.common import OUT, write_json
from cvmatch.encoders import DenseEncoder, EmbeddingCache, load_encoder
from cvmatch.evaluation import bootstrap_ci, evaluate_run, paired_bootstrap_ci, top_k_run
from cvmatch.evaluation.datasets import RetrievalTask, load_dataset, max_over_groups_matrix
from cvmatch.training.config import load_config
from cvmatch.training.pairs import build_pairs
from cvmatch.training.splits import split_pairs
from cvmatch.training.validation import group_retrieval_task

METRIC = {"jobbert_titles": "mrr@100", "hahu_ads": "mrr@100", "talentclef_en_validation": "map"}
BLOCK = 2000


def heldout_task(recipe: Path, origin: str) -> RetrievalTask:
    config = load_config(recipe)
    data = build_pairs(config.data, config.seed)
    splits = split_pairs(
        data.pairs, config.data.validation_fraction, config.data.test_fraction, config.seed
    )
    test = [p for p in splits.test if p.origin.startswith(origin)]
    return group_retrieval_task(test, max_queries=10**9, name=f"heldout:{recipe.name}")


def load_task(name: str) -> tuple[RetrievalTask, str]:
    if name.startswith("heldout:"):
        _, recipe, *origin = name.split(":")
        return heldout_task(Path(recipe), origin[0] if origin else ""), "map"
    task = load_dataset(name)
    if not isinstance(task, RetrievalTask):
        raise SystemExit(f"{name} is not a retrieval task")
    return task, METRIC[name]


def run_for(task: RetrievalTask, encoder: DenseEncoder, metric: str) -> dict[str, dict[str, float]]:
    query_ids, doc_ids = list(task.queries), list(task.corpus)
    docs = encoder.encode([task.corpus[d] for d in doc_ids])
    groups = [task.corpus_groups[d] for d in doc_ids] if task.corpus_groups else None
    k = 100 if metric.endswith("@100") else len(doc_ids)
    self_ids = task.name.startswith("heldout:")  # there query and doc ids are text hashes
    run: dict[str, dict[str, float]] = {}
    for start in range(0, len(query_ids), BLOCK):
        block = query_ids[start : start + BLOCK]
        scores = encoder.encode([task.queries[q] for q in block]) @ docs.T
        ids = doc_ids
        if groups is not None:
            scores, group_ids = max_over_groups_matrix(scores, groups)
            ids = [str(g) for g in group_ids]
        for row, qid in enumerate(block):
            if self_ids and qid in task.corpus:  # a held-out title must not retrieve itself
                scores[row, ids.index(qid)] = -1e9
        run |= top_k_run(scores, block, ids, min(k, len(ids)))
    return run


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--models", nargs="+", required=True)
    parser.add_argument("--tasks", nargs="+", default=list(METRIC))
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1: shared VM)")
    parser.add_argument("--out", type=Path, default=OUT / "train_recipes.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    OUT.mkdir(exist_ok=True)
    cache = EmbeddingCache(OUT / "embeddings.sqlite")
    results: dict[str, dict[str, object]] = {}
    for name in args.tasks:
        task, metric = load_task(name)
        per_model: dict[str, np.ndarray] = {}
        for model in args.models:
            encoder = load_encoder(model, cache=cache, threads=args.threads)
            if not isinstance(encoder, DenseEncoder):
                raise SystemExit(f"{model} is not a dense encoder")
            started = time.perf_counter()
            run = run_for(task, encoder, metric)
            values = evaluate_run(run, task.qrels, [metric])[metric]
            per_model[model] = values
            ci = bootstrap_ci(values, seed=0)
            results.setdefault(name, {})[model] = {
                "metric": metric,
                "mean": ci.mean,
                "low": ci.low,
                "high": ci.high,
                "queries": len(values),
                "model_id": encoder.model_id,
                "seconds": round(time.perf_counter() - started, 1),
            }
            print(
                f"{name} {model} {metric}={ci.mean:.4f} [{ci.low:.4f}, {ci.high:.4f}]", flush=True
            )
        base, *others = args.models
        for model in others:
            diff = paired_bootstrap_ci(per_model[model], per_model[base], seed=0)
            results[name][f"{model} - {base}"] = {
                "mean": diff.mean,
                "low": diff.low,
                "high": diff.high,
            }
            print(f"{name} {model} - {base}: {diff.mean:+.4f} [{diff.low:+.4f}, {diff.high:+.4f}]")
    write_json(args.out, results)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
