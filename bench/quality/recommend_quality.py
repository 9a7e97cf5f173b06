"""Occupation recommendation quality (issue 7): every ingredient alone and mixed, with 95% CIs.

Tasks (loaders of ``cvmatch.evaluation.datasets``; candidates = the 3,039 English ESCO v1.2
occupations, indexed by ``cvmatch.occupations.index``; no imported ads, so centroids hold the
occupation's own texts only):

* ``hahu_ads`` (title + description), ``hahu_synthetic`` (CV-like sentence): MRR@100, R@1/5/10;
* ``jobbert_titles``: MRR, R@10;
* ``talentclef_en_validation``: title → title MAP (dense cosine, TF-IDF char, and their mix);
* ``talentclef_de_heldout``: German TalentCLEF training titles of 10% of the occupations (picked
  by a hash of the URI, never trained on): each title ranks the other held-out titles; MAP.

Ingredients: ``max_label``, ``centroid``, ``text``, ``lexical``, ``label_char`` alone, the fixed
mixes, and with ``--weights`` (``bench/tuning/recommend_tune.py``) the tuned mix, it without ISCO
smoothing, and it over an index with the ``enrich`` labels of ``--tuning`` added.

Usage::

    OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.recommend_quality \
        --encoders minilm-int8 --weights bench/out/weights-minilm-int8.json \
        --tasks hahu_ads hahu_synthetic jobbert_titles jobs --sample-every 5

Vectors are cached under ``--cache`` (default ``bench/out/cache``), so a re-run only scores.
"""

import argparse
import dataclasses
import hashlib
import json
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.common import TUNING, write_json
from bench.data.jobbert_title_pairs import held_out
from bench.tuning.recommend_tune import enrich, read_split
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.evaluation import bootstrap_ci, evaluate_run, top_k_run
from cvmatch.evaluation.datasets import RetrievalTask, default_data_dir, load_dataset
from cvmatch.occupations.index import OccupationIndex, build_index
from cvmatch.occupations.signals import (
    LabelCharIndex,
    LexicalIndex,
    RecommendWeights,
    combine,
    ingredient_scores,
    occupation_profile,
    profile_similarity,
)
from cvmatch.taxonomy.occupations import entries_from_esco

OCC_TASKS = {
    "hahu_ads": ["mrr@100", "recall@1", "recall@5", "recall@10"],
    "hahu_synthetic": ["mrr@100", "recall@1", "recall@5", "recall@10"],
    "jobbert_titles": ["mrr@100", "recall@10"],
}
MIXES = {
    "mix (0.5 label + 0.3 centroid + 0.2 lexical)": RecommendWeights(0.5, 0.3, 0.0, 0.2),
    "mix without lexical (0.6 label + 0.4 centroid)": RecommendWeights(0.6, 0.4, 0.0, 0.0),
}


SAMPLE_EVERY: dict[str, int] = {}
"""Task → keep every n-th query (``--sample-every``, e.g. JobBERT on a slow machine)."""


def sample(task: RetrievalTask, every: int) -> RetrievalTask:
    """``task`` with every ``every``-th query (in id order) kept; the name says so."""
    if every <= 1:
        return task
    keep = sorted(task.queries)[::every]
    return dataclasses.replace(
        task,
        name=f"{task.name}-every{every}",
        queries={q: task.queries[q] for q in keep},
        qrels={q: task.qrels[q] for q in keep},
    )


def _weights_label(w: RecommendWeights) -> str:
    parts = " + ".join(f"{v:g} {k}" for k, v in w.items())
    return f"tuned mix ({parts}" + (f"; isco {w.isco:g})" if w.isco else ")")


def _mixes(tuned: RecommendWeights | None) -> dict[str, RecommendWeights]:
    """The fixed mixes, the mix tuned on ``--tuning`` queries, and it with/without ISCO smoothing."""
    mixes = dict(MIXES)
    mixes["fixed mix + isco 0.2"] = RecommendWeights(0.5, 0.3, 0.0, 0.2, isco=0.2)
    if tuned is not None:
        mixes[_weights_label(tuned)] = tuned
        if tuned.isco:
            flat = RecommendWeights(**(tuned.__dict__ | {"isco": 0.0}))
            mixes["tuned mix without isco"] = flat
    return mixes


def _summary(evaluation: object, metrics: list[str]) -> dict[str, list[float]]:
    out = {}
    for name in metrics:
        ci = bootstrap_ci(evaluation[name], n_resamples=1000, seed=0)  # type: ignore[index]
        out[name] = [round(ci.mean, 4), round(ci.low, 4), round(ci.high, 4)]
    return out


def evaluate(
    scores: np.ndarray,
    qids: list[str],
    docs: list[str],
    task: RetrievalTask,
    metrics: list[str],
    k: int = 100,
) -> dict[str, list[float]]:
    """Metrics over each query's top ``k`` (MAP and MRR are then truncated at ``k``)."""
    run = top_k_run(scores, qids, docs, k=min(len(docs), k))
    return _summary(evaluate_run(run, task.qrels, metrics), metrics)


def _query_vectors(encoder: DenseEncoder, task: RetrievalTask, cache: Path) -> np.ndarray:
    texts = list(task.queries.values())
    key = hashlib.sha256(("\x1f".join([encoder.model_id, *texts])).encode()).hexdigest()[:16]
    path = cache / f"queries-{task.name}-{key}.npy"
    if path.is_file():
        return np.asarray(np.load(path), dtype=np.float32)
    vectors = encoder.encode(texts, role="query")
    np.save(path, vectors)
    return vectors


def occupation_task(
    name: str,
    index: OccupationIndex | None,
    encoder: DenseEncoder | None,
    cache: Path,
    tuned: RecommendWeights | None = None,
    enriched: OccupationIndex | None = None,
) -> dict[str, dict[str, list[float]]]:
    """Every ingredient of one occupation task, the fixed mixes and the tuned one."""
    task = sample(load_dataset(name), SAMPLE_EVERY.get(name, 1))
    qids, texts = list(task.queries), list(task.queries.values())
    metrics = OCC_TASKS[name]
    if encoder is None or index is None:
        return {}
    docs = [e.uri for e in index.entries]
    groups = [e.isco_group for e in index.entries]
    vectors = _query_vectors(encoder, task, cache)
    lexical = (LexicalIndex(index), LabelCharIndex(index))
    parts = ingredient_scores(index, vectors, texts, lexical[0], label_char=lexical[1])
    results = {k: evaluate(v, qids, docs, task, metrics) for k, v in parts.items()}
    for label, weights in _mixes(tuned).items():
        results[label] = evaluate(combine(parts, weights, groups), qids, docs, task, metrics)
    if tuned is not None and enriched is not None:
        extra = len(enriched.labels.texts) - len(index.labels.texts)
        parts = ingredient_scores(enriched, vectors, texts, lexical[0],
                                  label_char=LabelCharIndex(enriched))  # fmt: skip
        label = f"tuned mix, richer labels (+{extra} ESCO v1.0/v1.1.1 labels)"
        results[label] = evaluate(combine(parts, tuned, groups), qids, docs, task, metrics)
    return results


def jobs_task(
    index: OccupationIndex, encoder: DenseEncoder, cache: Path, weights: RecommendWeights
) -> dict[str, object]:
    """CV-like sentence → its own ad among the 285 Hahu ads: dense vs dense + occupation signal.

    The occupation signal is the cosine of the two occupation profiles (softmax over the top 20
    mixed occupation scores), as ``cvmatch match`` adds it with ``occupation_weight``.
    """
    ads, cvs = load_dataset("hahu_ads"), load_dataset("hahu_synthetic")
    ids = [q for q in cvs.queries if q in ads.queries]
    ad_vectors = _query_vectors(encoder, ads, cache)
    cv_vectors = _query_vectors(encoder, cvs, cache)
    ad_rows = [list(ads.queries).index(q) for q in ids]
    cv_rows = [list(cvs.queries).index(q) for q in ids]
    a, c = ad_vectors[ad_rows], cv_vectors[cv_rows]
    lexical, chars = LexicalIndex(index), LabelCharIndex(index)
    groups = [e.isco_group for e in index.entries]
    a_parts = ingredient_scores(index, a, [ads.queries[q] for q in ids], lexical, label_char=chars)
    c_parts = ingredient_scores(index, c, [cvs.queries[q] for q in ids], lexical, label_char=chars)
    a_occ, c_occ = combine(a_parts, weights, groups), combine(c_parts, weights, groups)
    occupation = profile_similarity(occupation_profile(c_occ), occupation_profile(a_occ))
    dense = c @ a.T
    task = RetrievalTask("hahu_cv_to_ad", dict.fromkeys(ids, ""), dict.fromkeys(ids, ""),
                         {q: {q: 1} for q in ids}, "en", "own ad")  # fmt: skip
    metrics = ["mrr@100", "recall@1", "recall@10"]
    out: dict[str, object] = {"dense": evaluate(dense, ids, ids, task, metrics)}
    for w in (0.2, 0.4):
        mixed = (1 - w) * dense + w * occupation
        out[f"dense + {w} occupation"] = evaluate(mixed, ids, ids, task, metrics)
    return out


def tfidf_char(queries: list[str], corpus: list[str]) -> np.ndarray:
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectorizer.fit_transform(corpus + queries)
    q, d = matrix[len(corpus) :], matrix[: len(corpus)]
    return np.asarray((q @ d.T).toarray(), dtype=np.float32)


def title_task(
    task: RetrievalTask, encoder: DenseEncoder | None, k: int
) -> dict[str, dict[str, list[float]]]:
    """Title → title MAP@k: TF-IDF char, dense cosine, and 0.8 dense + 0.2 TF-IDF char."""
    qids, docs = list(task.queries), list(task.corpus)
    lexical = tfidf_char(list(task.queries.values()), list(task.corpus.values()))
    if encoder is None:
        return {"tfidf-char": evaluate(lexical, qids, docs, task, ["map"], k)}
    dense = encoder.similarity(list(task.queries.values()), list(task.corpus.values()))
    return {
        "dense": evaluate(dense, qids, docs, task, ["map"], k),
        "mix (0.8 dense + 0.2 tfidf-char)": evaluate(
            0.8 * dense + 0.2 * lexical, qids, docs, task, ["map"], k
        ),
    }


def german_heldout() -> RetrievalTask:
    """TalentCLEF German training titles of 10% of occupations (by URI hash) as a retrieval task."""
    pairs = load_dataset("talentclef_de_training").pairs  # type: ignore[union-attr]
    titles: dict[str, set[str]] = {}
    for pair in pairs:
        group = pair.group or ""
        if held_out(group):
            titles.setdefault(group, set()).update((pair.job, pair.cv))
    corpus: dict[str, str] = {}
    owner: dict[str, str] = {}
    for group in sorted(titles):
        for title in sorted(titles[group]):
            doc = f"d{len(corpus)}"
            corpus[doc], owner[doc] = title, group
    queries = {f"q{d[1:]}": t for d, t in corpus.items()}
    qrels = {
        f"q{d[1:]}": {o: 1 for o, g in owner.items() if g == owner[d] and o != d} for d in corpus
    }
    queries = {q: t for q, t in queries.items() if qrels[q]}
    qrels = {q: r for q, r in qrels.items() if r}
    return RetrievalTask(
        "talentclef_de_heldout", queries, corpus, qrels, "de", "held out", primary_metric="map"
    )


def cell(value: list[float]) -> str:
    return f"{value[0]:.3f} [{value[1]:.3f}, {value[2]:.3f}]"


def render(paths: list[Path]) -> str:
    """Markdown tables (one row per encoder × ingredient) from result files of this script."""
    lines = []
    for task in [*OCC_TASKS, "jobs", "talentclef_en", "talentclef_de"]:
        rows = []
        metrics: list[str] = []
        for path in paths:
            results = json.loads(path.read_text(encoding="utf-8"))
            for encoder, per in results.items():
                if not isinstance(per, dict) or not per.get(task):
                    continue
                for ingredient, values in per[task].items():
                    metrics = metrics or list(values)
                    rows.append(
                        f"| {encoder} | {ingredient} | "
                        + " | ".join(cell(values[m]) for m in metrics)
                        + " |"
                    )
        if rows:
            lines += [f"\n**{task}**\n", "| encoder | ingredient | " + " | ".join(metrics) + " |",
                      "|---|---|" + "---|" * len(metrics), *dict.fromkeys(rows)]  # fmt: skip
    return "\n".join(lines) + "\n"


def run_encoder(
    name: str, args: argparse.Namespace, entries: list, tuned: RecommendWeights | None
) -> dict[str, object]:
    """Every requested task for one encoder (``tfidf``: the lexical baselines only)."""
    encoder = None if name == "tfidf" else load_encoder(name, threads=args.threads)
    if encoder is not None and not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{name} is not a dense encoder")
    started = time.perf_counter()
    needs_index = any(t in OCC_TASKS or t == "jobs" for t in args.tasks)
    index = build_index(entries, encoder, args.cache) if encoder and needs_index else None
    per: dict[str, object] = {"index_seconds": round(time.perf_counter() - started, 1)}
    per["sample_every"] = dict(SAMPLE_EVERY)
    enriched = None
    if encoder is not None:
        per["model_id"] = encoder.model_id
        if index is not None and tuned is not None and args.tuning.is_file():
            enriched = enrich(index, read_split(args.tuning, "enrich"), encoder)
    for task in args.tasks:
        if task in OCC_TASKS:
            per[task] = occupation_task(task, index, encoder, args.cache, tuned, enriched)
        elif task == "talentclef_en":
            per[task] = title_task(load_dataset("talentclef_en_validation"), encoder, 3000)
        elif task == "jobs" and encoder is not None and index is not None:
            per[task] = jobs_task(index, encoder, args.cache, tuned or RecommendWeights())
        elif task == "talentclef_de":
            per[task] = title_task(german_heldout(), encoder, 100)
        print(name, task, json.dumps(per.get(task)), flush=True)
    return per


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--encoders", nargs="+", default=["minilm-int8"])
    parser.add_argument("--cache", type=Path, default=Path("bench/out/cache"))
    parser.add_argument("--out", type=Path, default=Path("bench/out/recommend_quality.json"))
    parser.add_argument(
        "--tasks", nargs="+", default=[*OCC_TASKS, "jobs", "talentclef_en", "talentclef_de"]
    )
    parser.add_argument("--render", nargs="+", type=Path, help="print tables of result files")
    parser.add_argument(
        "--weights", type=Path, help="tuned weights (bench/tuning/recommend_tune.py)"
    )
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--sample-every", type=int, default=1, help="JobBERT: every n-th title")
    args = parser.parse_args()
    SAMPLE_EVERY["jobbert_titles"] = args.sample_every
    if args.render:
        print(render(args.render))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    entries = entries_from_esco(default_data_dir() / "esco_v1.2" / "ESCO_en", ("en",))
    results: dict[str, object] = {"date": time.strftime("%Y-%m-%d"), "occupations": len(entries)}
    tuned = None
    if args.weights:
        tuned = RecommendWeights(**json.loads(args.weights.read_text(encoding="utf-8"))["weights"])
        results["tuned"] = {"weights": str(args.weights), **tuned.__dict__}
    names = args.encoders if args.weights else ["tfidf", *args.encoders]
    for name in names:
        results[name] = run_encoder(name, args, entries, tuned)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        write_json(args.out, results)


if __name__ == "__main__":
    main()
