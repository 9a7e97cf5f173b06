"""Re-rank a bi-encoder's top-k with a trained cross-encoder, a trained ranker or the hand-set
fusion weights, on data none of them trained on; bootstrap CIs and paired differences.

* first stage: a dense encoder (``--first``, any ``--model`` value) ranks the whole corpus;
* ``hand``: the engine's hand-set fusion, 0.6 × rescaled dense cosine + 0.4 × lexical coverage;
* ``ranker:<name@vN>``: the RankNet model over its features;
* ``cross:<name@vN>``: the cross-encoder's logit.

Re-ranked documents stay above the rest of the ranking, whose order is the first stage's.
Tasks: ``talentclef_en_validation`` (MAP over the full ranking) and ``hahu_ads`` (MRR@100).
Run: nice -n 10 .venv/bin/python -m bench.quality.rerank_recipes --first minilm \
  --rerankers hand ranker:esco-ranker@v1 cross:esco-cross-encoder@v1
"""

import argparse
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import torch

from bench.common import OUT, write_json
from cvmatch.encoders import DenseEncoder, EmbeddingCache, load_encoder
from cvmatch.encoders.trained import resolve_trained
from cvmatch.evaluation import bootstrap_ci, evaluate_run, paired_bootstrap_ci
from cvmatch.evaluation.datasets import RetrievalTask, load_dataset
from cvmatch.scoring.dense import anchors_for
from cvmatch.settings import get_settings
from cvmatch.training.cross_encoder import load_reranker
from cvmatch.training.features import FeatureContext, feature_matrix
from cvmatch.training.ranker import Ranker

METRIC = {"talentclef_en_validation": "map", "hahu_ads": "mrr@100"}
Rerank = Callable[[str, Sequence[str], np.ndarray], np.ndarray]


def make_reranker(spec: str, first: str, cache: EmbeddingCache) -> Rerank:
    models = get_settings().trained_models_dir
    if spec == "hand":
        anchors = anchors_for(first)
        context = FeatureContext()

        def hand(query: str, docs: Sequence[str], cosines: np.ndarray) -> np.ndarray:
            dense = np.array([anchors.rescale(float(c)) for c in cosines])
            coverage = feature_matrix(["coverage"], query, docs, context)[:, 0]
            return 0.6 * dense + 0.4 * coverage

        return hand
    kind, ref = spec.split(":", 1)
    if kind == "ranker":
        folder = resolve_trained(ref, models) or Path(ref)
        ranker = Ranker(folder)
        manifest = json.loads((folder / "cvmatch-model.json").read_text(encoding="utf-8"))
        dense = load_encoder(manifest["config"]["ranker"]["dense_model"], cache=cache)
        assert isinstance(dense, DenseEncoder)  # noqa: S101
        context = FeatureContext(dense)
        return lambda query, docs, _c: ranker.score(query, docs, context)
    model = load_reranker(ref, models, max_length=128)
    return lambda query, docs, _c: np.asarray(
        model.predict([(query, d) for d in docs], batch_size=32)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--first", default="minilm")
    parser.add_argument("--rerankers", nargs="+", required=True)
    parser.add_argument("--tasks", nargs="+", default=list(METRIC))
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (1: shared VM)")
    parser.add_argument("--out", type=Path, default=OUT / "rerank_recipes.json")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    OUT.mkdir(exist_ok=True)
    cache = EmbeddingCache(OUT / "embeddings.sqlite")
    encoder = load_encoder(args.first, cache=cache)
    assert isinstance(encoder, DenseEncoder)  # noqa: S101
    results: dict[str, dict[str, object]] = {}
    for name in args.tasks:
        task = load_dataset(name)
        assert isinstance(task, RetrievalTask)  # noqa: S101
        metric = METRIC[name]
        qids, dids = list(task.queries), list(task.corpus)
        scores = (
            encoder.encode([task.queries[q] for q in qids])
            @ encoder.encode([task.corpus[d] for d in dids]).T
        )
        first_run = {
            q: dict(zip(dids, row.tolist(), strict=True))
            for q, row in zip(qids, scores, strict=True)
        }
        values = {args.first: evaluate_run(first_run, task.qrels, [metric])[metric]}
        for spec in args.rerankers:
            rerank = make_reranker(spec, args.first, cache)
            started = time.perf_counter()
            run = {}
            for q, row in zip(qids, scores, strict=True):
                top = np.argsort(-row, kind="stable")[: args.k]
                new = rerank(task.queries[q], [task.corpus[dids[i]] for i in top], row[top])
                order = top[np.argsort(-np.asarray(new), kind="stable")]
                ranked = dict(first_run[q])
                ranked.update({dids[i]: 10.0 + args.k - r for r, i in enumerate(order)})
                run[q] = ranked
            values[spec] = evaluate_run(run, task.qrels, [metric])[metric]
            print(f"{name} {spec}: {time.perf_counter() - started:.0f}s", flush=True)
        entry: dict[str, object] = {"metric": metric, "k": args.k, "first": args.first}
        for label, v in values.items():
            ci = bootstrap_ci(v, seed=0)
            entry[label] = {"mean": ci.mean, "low": ci.low, "high": ci.high, "queries": len(v)}
            print(f"{name} {label} {metric}={ci.mean:.4f} [{ci.low:.4f}, {ci.high:.4f}]")
            if label != args.first:
                d = paired_bootstrap_ci(v, values[args.first], seed=0)
                entry[f"{label} - first"] = {"mean": d.mean, "low": d.low, "high": d.high}
                print(f"  vs first stage: {d.mean:+.4f} [{d.low:+.4f}, {d.high:+.4f}]")
        results[name] = entry
    write_json(args.out, results)


if __name__ == "__main__":
    main()
