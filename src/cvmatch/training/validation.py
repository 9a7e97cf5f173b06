"""Per-epoch evaluation on a held-out split with the :mod:`cvmatch.evaluation` metrics.

Retrieval view (every kind): each distinct query of the split ranks every distinct document of
the split; its relevant documents are those it is paired with at label > 0 (and, for symmetric
title pairs, nothing else). Metrics: MRR, nDCG@10, MAP. Pairs view (when the split has both
labels): ROC AUC and precision / recall / F1 at the best-F1 threshold.
"""

import hashlib
from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.evaluation import evaluate_run, top_k_run
from cvmatch.evaluation.datasets.base import RetrievalTask
from cvmatch.evaluation.pair_metrics import best_f1_threshold, roc_auc
from cvmatch.training.records import TrainingPair

Scorer = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""``(queries, documents) -> (len(queries), len(documents))`` similarity matrix."""

PairScorer = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""``(queries, documents) -> (n,)`` one score per aligned pair."""

RETRIEVAL_METRICS = ("mrr", "ndcg@10", "map")


def _doc_id(text: str) -> str:
    return "d" + hashlib.sha256(text.encode()).hexdigest()[:16]


def retrieval_task(
    pairs: Sequence[TrainingPair], max_queries: int, name: str = "validation"
) -> RetrievalTask:
    """A retrieval task from held-out pairs (first ``max_queries`` distinct queries by hash)."""
    corpus: dict[str, str] = {}
    qrels: dict[str, dict[str, int]] = {}
    for pair in pairs:
        corpus.setdefault(_doc_id(pair.document), pair.document)
        if pair.label > 0:
            qrels.setdefault(_doc_id(pair.query), {})[_doc_id(pair.document)] = 1
    queries = {_doc_id(p.query): p.query for p in pairs if _doc_id(p.query) in qrels}
    kept = sorted(queries)[:max_queries]
    return RetrievalTask(
        name=name,
        queries={qid: queries[qid] for qid in kept},
        corpus=corpus,
        qrels={qid: qrels[qid] for qid in kept},
        language="",
        description="held-out training pairs: query → its paired documents",
        primary_metric="mrr",
    )


def group_retrieval_task(
    pairs: Sequence[TrainingPair], max_queries: int, name: str = "validation-groups"
) -> RetrievalTask:
    """Every distinct text of the split ranks all the others; relevant = same group.

    This is the held-out job-title task (TalentCLEF-style): a title must find the other titles
    of its occupation. Texts in several groups are relevant to each of them; a query never
    retrieves itself (it is left out of its own qrels and scored 0 by removal below).
    """
    groups: dict[str, set[str]] = {}
    corpus: dict[str, str] = {}
    for pair in pairs:
        for text in (pair.query, pair.document):
            corpus.setdefault(_doc_id(text), text)
            groups.setdefault(pair.group, set()).add(_doc_id(text))
    qrels: dict[str, dict[str, int]] = {}
    for members in groups.values():
        for qid in members:
            qrels.setdefault(qid, {}).update({d: 1 for d in members if d != qid})
    kept = sorted(q for q, judged in qrels.items() if judged)[:max_queries]
    return RetrievalTask(
        name=name,
        queries={qid: corpus[qid] for qid in kept},
        corpus=corpus,
        qrels={qid: qrels[qid] for qid in kept},
        language="",
        description="held-out titles → the other titles of their group (occupation)",
        primary_metric="map",
    )


def evaluate_retrieval(task: RetrievalTask, scorer: Scorer, k: int = 100) -> dict[str, float]:
    """MRR, nDCG@10 and MAP (truncated at ``k``) of ``scorer`` on ``task``."""
    if not task.queries or not task.corpus:
        return {}
    query_ids, doc_ids = list(task.queries), list(task.corpus)
    scores = np.array(
        scorer([task.queries[q] for q in query_ids], [task.corpus[d] for d in doc_ids]),
        dtype=np.float64,
    )
    column = {doc: i for i, doc in enumerate(doc_ids)}
    for row, qid in enumerate(query_ids):
        if qid in column and qid not in task.qrels[qid]:
            scores[row, column[qid]] = -np.inf  # a query never retrieves itself
    run = top_k_run(np.nan_to_num(scores, neginf=-1e9), query_ids, doc_ids, k)
    return evaluate_run(run, task.qrels, RETRIEVAL_METRICS).means()


def scaled_cosine_mse(pairs: Sequence[TrainingPair], cosines: np.ndarray) -> dict[str, float]:
    """``mse_cos01``: mean of ((cos + 1) / 2 − label)² over aligned pairs (lower is better).

    The metric of the Korean resume ↔ job bi-encoder this workflow follows, reported beside
    ours so its users can compare runs. Example: cosines (1, 0) and labels (1, 0) give
    ((1 − 1)² + (0.5 − 0)²) / 2 = 0.125. Empty for an empty split.
    """
    if not pairs:
        return {}
    labels = np.asarray([p.label for p in pairs], dtype=np.float64)
    scaled = (np.asarray(cosines, dtype=np.float64) + 1.0) / 2.0
    return {"mse_cos01": float(np.mean((scaled - labels) ** 2))}


def evaluate_pairs(pairs: Sequence[TrainingPair], scorer: PairScorer) -> dict[str, float]:
    """ROC AUC, and P/R/F1 at the best-F1 threshold; empty when the split has one class only."""
    labels = np.asarray([1.0 if p.label > 0 else 0.0 for p in pairs])
    if len(labels) == 0 or labels.min() == labels.max():
        return {}
    scores = np.asarray(scorer([p.query for p in pairs], [p.document for p in pairs]), np.float64)
    best = best_f1_threshold(scores, labels)
    return {
        "auc": roc_auc(scores, labels),
        "precision": best.precision,
        "recall": best.recall,
        "f1": best.f1,
    }
