"""TalentCLEF title matching (issue 7): encoders, feedback + smoothing, fusion; MAP with 95% CIs.

Tasks (title → title, MAP over the full ranking):

* ``en``: TalentCLEF 2025 task A English validation (105 queries, 2,619 titles). Reported only;
  nothing is chosen on it.
* ``tune``: ESCO-built English titles. Queries = the ``split: tune`` labels of
  ``bench/out/recommend_tuning.jsonl`` (English labels of ESCO v1.0 / v1.1.1 that v1.2 lacks,
  never trained on); corpus = every ESCO v1.2 English label of their occupations plus those of
  300 other occupations (by URI hash); relevant = the labels of the query's occupation.
* ``de``: German TalentCLEF training titles of the 10% of occupations held out by URI hash (as in
  ``bench/quality/recommend_quality.py``), split by a hash of the title into query and corpus halves
  (so no query is in the corpus); relevant = corpus titles of the same occupation.
* ``jobbert``: JobBERT vacancy titles of the 10% of occupations that
  ``python -m bench.data.jobbert_title_pairs --hold-out`` leaves out of training, halved the same way (equal
  titles, case-folded, fall in one half). Real vacancy titles, like TalentCLEF's, that a model
  trained with ``--hold-out`` never saw: the task on which title recipes are compared.

``--grid`` prints MAP on ``tune`` and ``de`` for a grid of
:class:`cvmatch.scoring.title_similarity.TitleSimilarityParams` (feedback × smoothing, then
hubness reduction over the chosen feedback and smoothing): the defaults were chosen on ``tune``. Otherwise every method runs on every task and a JSON file with
``[mean, low, high]`` per method is written (``--render`` prints a Markdown table of it).

Usage::

    OMP_NUM_THREADS=1 CVMATCH_MODELS_DIR=models nice -n 10 .venv/bin/python \
        -m bench.quality.talentclef_titles --encoders minilm-int8 use-m3 recommend-esco@v2 \
        --fuse recommend-esco@v2+use-m3

Vectors are cached in ``bench/out/tc`` (both sides embedded with ``role="query"``).
"""

import argparse
import csv
import hashlib
import itertools
import json
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from bench.common import TUNING, normalise, write_json
from bench.data.jobbert_title_pairs import held_out
from bench.quality.recommend_quality import german_heldout
from cvmatch.encoders.registry import load_encoder
from cvmatch.evaluation import bootstrap_ci, evaluate_run, top_k_run
from cvmatch.evaluation.bootstrap import ConfidenceInterval, paired_bootstrap_ci
from cvmatch.evaluation.datasets import RetrievalTask, default_data_dir, load_dataset
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    corpus_neighbours,
    feedback_queries,
    fuse_title_scores,
    smooth,
    title_scores,
)

OFF = TitleSimilarityParams(prf_k=0, neighbours=0, hub_k=0)


def _hash(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest(), 16)


def en_tune(tuning: Path) -> RetrievalTask:
    """ESCO English tuning titles (labels v1.2 lacks) → v1.2 labels of the same occupation."""
    rows = [json.loads(line) for line in tuning.open(encoding="utf-8")]
    rows = [r for r in rows if r["split"] == "tune"]
    path = default_data_dir() / "esco_v1.2/ESCO_en/occupations_en.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        occupations = list(csv.DictReader(handle))
    labels = {
        o["conceptUri"]: sorted(
            {t.strip() for t in [o["preferredLabel"], *o["altLabels"].split("\n")] if t.strip()}
        )
        for o in occupations
    }
    wanted = {r["occupation"] for r in rows}
    others = sorted((u for u in labels if u not in wanted), key=_hash)[:300]
    corpus: dict[str, str] = {}
    owner: dict[str, str] = {}
    for uri in sorted(wanted | set(others)):
        for label in labels[uri]:
            doc = f"d{len(corpus)}"
            corpus[doc], owner[doc] = label, uri
    queries = {f"q{i}": r["query"] for i, r in enumerate(rows)}
    qrels = {
        f"q{i}": {d: 1 for d, u in owner.items() if u == r["occupation"]}
        for i, r in enumerate(rows)
    }
    return RetrievalTask(
        "en_tune", queries, corpus, qrels, "en", "ESCO tuning titles", primary_metric="map"
    )


def de_split() -> RetrievalTask:
    """German held-out titles, halved by title hash into queries and corpus."""
    full = german_heldout()
    # same occupation = the title's own qrels in the full task (query q<n> is title d<n>)
    groups = {doc: set(full.qrels.get("q" + doc[1:], {})) for doc in full.corpus}
    is_query = {d: _hash(full.corpus[d]) % 2 == 0 for d in full.corpus}
    queries = {"q" + d[1:]: full.corpus[d] for d in full.corpus if is_query[d]}
    corpus = {d: t for d, t in full.corpus.items() if not is_query[d]}
    qrels = {q: {d: 1 for d in groups["d" + q[1:]] if d in corpus} for q in queries}
    qrels = {q: r for q, r in qrels.items() if r}
    queries = {q: t for q, t in queries.items() if q in qrels}
    return RetrievalTask(
        "talentclef_de_heldout_halves",
        queries,
        corpus,
        qrels,
        "de",
        "held out",
        primary_metric="map",
    )


def halves(name: str, titles: list[tuple[str, str]], language: str) -> RetrievalTask:
    """(title, occupation) rows halved by a hash of the case-folded title into queries and corpus."""
    queries: dict[str, str] = {}
    corpus: dict[str, str] = {}
    owner: dict[str, str] = {}
    for i, (title, group) in enumerate(sorted(titles)):
        if _hash(normalise(title)) % 2 == 0:
            queries[f"q{i}"], owner[f"q{i}"] = title, group
        else:
            corpus[f"d{i}"], owner[f"d{i}"] = title, group
    qrels = {q: {d: 1 for d in corpus if owner[d] == owner[q]} for q in queries}
    qrels = {q: r for q, r in qrels.items() if r}
    queries = {q: t for q, t in queries.items() if q in qrels}
    return RetrievalTask(name, queries, corpus, qrels, language, "held out", primary_metric="map")


def jobbert_split() -> RetrievalTask:
    """JobBERT vacancy titles of the held-out occupations, halved into queries and corpus."""
    titles = load_dataset("jobbert_titles")
    rows = []
    for qid, title in titles.queries.items():
        [uri] = [u for u, grade in titles.qrels[qid].items() if grade > 0]
        if held_out(uri):
            rows.append((title, uri))
    return halves("jobbert_heldout_halves", rows, "en")


def vectors(task: RetrievalTask, encoder: str, cache: Path) -> tuple[np.ndarray, np.ndarray]:
    """Query and corpus vectors of ``encoder`` (cached)."""
    path = cache / f"{task.name}-{encoder}.npz"
    if path.is_file():
        saved = np.load(path)
        return saved["q"], saved["d"]
    model = load_encoder(encoder, threads=1)
    q = model.encode(list(task.queries.values()), role="query")
    d = model.encode(list(task.corpus.values()), role="query")
    np.savez(path, q=q, d=d)
    return q, d


def tfidf_char(task: RetrievalTask) -> np.ndarray:
    """Char 3-5-gram TF-IDF cosine, fitted on corpus + queries."""
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    corpus, queries = list(task.corpus.values()), list(task.queries.values())
    matrix = vectorizer.fit_transform(corpus + queries)
    return np.asarray((matrix[len(corpus) :] @ matrix[: len(corpus)].T).toarray())


def per_query_map(scores: np.ndarray, task: RetrievalTask) -> np.ndarray:
    """Average precision of each query over the full ranking."""
    qids, docs = list(task.queries), list(task.corpus)
    run = top_k_run(np.asarray(scores, dtype=np.float64), qids, docs, k=len(docs))
    return np.asarray(evaluate_run(run, task.qrels, ["map"])["map"])


def _rounded(ci: ConfidenceInterval) -> list[float]:
    return [round(ci.mean, 4), round(ci.low, 4), round(ci.high, 4)]


def map_ci(scores: np.ndarray, task: RetrievalTask) -> list[float]:
    """MAP over the full ranking with its 95% bootstrap interval."""
    return _rounded(bootstrap_ci(per_query_map(scores, task), n_resamples=1000, seed=0))


def paired_map(scores: np.ndarray, baseline: np.ndarray, task: RetrievalTask) -> list[float]:
    """MAP of ``scores`` minus MAP of ``baseline`` on the same queries, 95% paired interval."""
    a, b = per_query_map(scores, task), per_query_map(baseline, task)
    return _rounded(paired_bootstrap_ci(a, b, n_resamples=1000, seed=0))


def grid(tasks: dict[str, RetrievalTask], encoders: list[str], cache: Path) -> None:
    """MAP of a parameter grid on the tuning tasks (never on ``en``); neighbours computed once."""
    for (name, task), encoder in itertools.product(tasks.items(), encoders):
        q, d = (m / np.linalg.norm(m, axis=1, keepdims=True) for m in vectors(task, encoder, cache))
        near = corpus_neighbours(d, 10)[0]
        for k, w in [(0, 0.0), *itertools.product((3, 5, 10), (0.5, 1.0, 2.0))]:
            scores = feedback_queries(q, d, k, w) @ d.T
            for n, g in [(0, 0.0), *itertools.product((3, 5, 10), (0.5, 1.0))]:
                value = map_ci(smooth(scores, near[:, :n], g), task)[0]
                print(name, encoder, f"prf_k={k} prf_weight={w} neighbours={n} weight={g}", value)
        for hub_k, hub_w in [(0, 0.0), *itertools.product((5, 10), (0.5, 1.0))]:
            params = TitleSimilarityParams(hub_k=hub_k, hub_weight=hub_w)
            value = map_ci(title_scores(q, d, params), task)[0]
            print(name, encoder, f"defaults with hub_k={hub_k} hub_weight={hub_w}", value)


def run(tasks: dict[str, RetrievalTask], args: argparse.Namespace) -> dict[str, dict]:
    """Every method on every task: TF-IDF, each encoder plain and with the title steps, fusions."""
    out: dict[str, dict] = {}
    for name, task in tasks.items():
        per: dict[str, list[float]] = {"tfidf-char": map_ci(tfidf_char(task), task)}
        steps: dict[str, np.ndarray] = {}
        for encoder in args.encoders:
            q, d = vectors(task, encoder, args.cache)
            per[f"{encoder} cosine"] = map_ci(title_scores(q, d, OFF), task)
            steps[encoder] = title_scores(q, d, TitleSimilarityParams())
            per[f"{encoder} titles"] = map_ci(steps[encoder], task)
        if args.baseline:
            for encoder in args.encoders:
                if encoder != args.baseline:
                    delta = paired_map(steps[encoder], steps[args.baseline], task)
                    per[f"{encoder} titles - {args.baseline} titles"] = delta
        for spec in args.fuse:
            parts = spec.split("+")
            plain = [title_scores(*vectors(task, p, args.cache), OFF) for p in parts]
            per[f"{spec} cosine fused"] = map_ci(fuse_title_scores(plain), task)
            per[f"{spec} titles fused"] = map_ci(fuse_title_scores([steps[p] for p in parts]), task)
        out[name] = per
        print(name, json.dumps(per), flush=True)
    return out


def render(path: Path) -> str:
    """Markdown table: one row per method, one column per task."""
    results = json.loads(path.read_text(encoding="utf-8"))["results"]
    names = list(results)
    methods = list(dict.fromkeys(m for per in results.values() for m in per))
    lines = ["| method | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for m in methods:
        cells = [results[n].get(m) for n in names]
        lines.append(
            f"| {m} | "
            + " | ".join(f"{c[0]:.3f} [{c[1]:.3f}, {c[2]:.3f}]" if c else "—" for c in cells)
            + " |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--encoders", nargs="+", default=["minilm-int8"])
    parser.add_argument("--fuse", nargs="*", default=[], help="e.g. recommend-esco@v2+use-m3")
    parser.add_argument("--tasks", nargs="+", default=["en", "tune", "de"])
    parser.add_argument("--grid", action="store_true", help="parameter grid on tune and de")
    parser.add_argument(
        "--baseline", help="one of --encoders: paired ΔMAP of each other encoder's titles vs its"
    )
    parser.add_argument("--cache", type=Path, default=Path("bench/out/tc"))
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--out", type=Path, default=Path("bench/out/talentclef_titles.json"))
    parser.add_argument("--render", type=Path)
    args = parser.parse_args()
    if args.render:
        print(render(args.render))
        return
    args.cache.mkdir(parents=True, exist_ok=True)
    builders = {
        "en": lambda: load_dataset("talentclef_en_validation"),
        "tune": lambda: en_tune(args.tuning),
        "de": de_split,
        "jobbert": jobbert_split,
    }
    if args.grid:
        grid({t: builders[t]() for t in args.tasks if t != "en"}, args.encoders, args.cache)
        return
    tasks = {t: builders[t]() for t in args.tasks}
    results = {"date": time.strftime("%Y-%m-%d"), "results": run(tasks, args)}
    write_json(args.out, results)


if __name__ == "__main__":
    main()
