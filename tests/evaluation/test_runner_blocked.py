"""The runner in budget-sized blocks with truncated runs equals the full-matrix evaluation."""

from collections.abc import Sequence

import numpy as np
import pytest

from cvmatch.errors import MemoryBudgetError
from cvmatch.evaluation import ranking_metrics, runner
from cvmatch.evaluation.datasets.base import CorpusMode, RetrievalTask, max_over_groups_matrix
from cvmatch.evaluation.ranking_metrics import evaluate_run
from cvmatch.evaluation.runner import DEFAULT_RETRIEVAL_METRICS, EvalOptions, evaluate_retrieval

_N_DOCS, _N_QUERIES = 600, 40


def _scores(queries: Sequence[str], corpus: Sequence[str]) -> np.ndarray:
    """Scores from the texts' numbers, rounded to one decimal: ties everywhere."""
    q = np.asarray([int(t) for t in queries], dtype=np.float64)[:, None]
    d = np.asarray([int(t) for t in corpus], dtype=np.float64)[None, :]
    return np.round(np.sin(q * 0.37 + d * 1.3) ** 2, 1)


def _task(groups: bool) -> RetrievalTask:
    rng = np.random.default_rng(5)
    corpus = {f"d{i:04d}": str(i) for i in rng.permutation(_N_DOCS)}
    judged = [f"g{i % 150}" for i in range(_N_DOCS)] if groups else list(corpus)
    qrels = {
        f"q{i}": {str(doc): int(rng.integers(0, 3)) for doc in rng.choice(judged, 30)}
        for i in range(_N_QUERIES)
    }
    qrels["q0"] = {"missing-doc": 1, judged[0]: 1}
    return RetrievalTask(
        name="blocked",
        queries={f"q{i}": str(i) for i in range(_N_QUERIES)},
        corpus=corpus,
        qrels=qrels,
        language="en",
        description="synthetic",
        corpus_mode=CorpusMode.MAX_OVER_LABELS if groups else CorpusMode.ONE_TEXT,
        corpus_groups={doc: f"g{int(text) % 150}" for doc, text in corpus.items()}
        if groups
        else None,
    )


@pytest.mark.parametrize("groups", [False, True])
def test_blocked_truncated_runs_give_the_full_run_values(groups: bool) -> None:
    task = _task(groups)
    metrics = [*DEFAULT_RETRIEVAL_METRICS, "ndcg", "mrr@3"]
    blocked = evaluate_retrieval(task, _scores, metrics, EvalOptions(budget=3 * _N_DOCS * 8))
    qids = list(blocked.evaluation.query_ids)
    full = _scores([task.queries[q] for q in qids], list(task.corpus.values()))
    columns: Sequence[object] = list(task.corpus)
    if task.corpus_groups is not None:
        full, columns = max_over_groups_matrix(full, [task.corpus_groups[d] for d in task.corpus])
    run = {
        q: dict(zip(map(str, columns), row.tolist(), strict=True))
        for q, row in zip(qids, full, strict=True)
    }
    reference = evaluate_run(run, {q: task.qrels[q] for q in qids}, metrics)
    for name in metrics:
        assert np.array_equal(blocked.evaluation[name], reference[name]), name


def test_a_corpus_whose_one_row_exceeds_the_budget_is_refused_before_scoring() -> None:
    def never(*_: Sequence[str]) -> np.ndarray:
        raise AssertionError("scored despite the budget")

    with pytest.raises(MemoryBudgetError, match="CVMATCH_BLOCK_BUDGET_MIB"):
        evaluate_retrieval(_task(False), never, ["map"], EvalOptions(budget=_N_DOCS * 8 - 1))


def _full_sort_positions(row, columns, relevant):
    """Ranks read off a lexsort of the whole row (score desc, id asc): the reference."""
    order = np.lexsort((columns.id_rank, -row)).tolist()
    rank_of = {columns.keys[column]: i + 1 for i, column in enumerate(order)}
    return {doc: rank_of[doc] for doc in relevant if doc in rank_of}


@pytest.mark.parametrize("seed", range(6))
def test_relevant_positions_equal_the_full_sort_ties_and_all(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    ids = [f"d{i}" for i in rng.permutation(n)]  # id order differs from column order
    columns = runner._Columns.of(ids)
    row = np.round(rng.random(n), 1)  # ~10 values: wide tie groups everywhere
    for size in (0, 1, 5, 40):
        relevant = {ids[i] for i in rng.choice(n, min(size, n), replace=False)} | {"gone"}
        got = runner._positions(row, columns, relevant)
        assert got == _full_sort_positions(row, columns, relevant)


def test_a_query_is_evaluated_without_building_its_ranking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A weak method ranks relevant labels deep; building the ranking down to them made a
    query cost most of the corpus in Python at 100k labels (issue 25)."""

    def refuse(*_: object) -> list[str]:
        raise AssertionError("the runner built a ranking")

    monkeypatch.setattr(ranking_metrics, "rank_by_scores", refuse)
    monkeypatch.setattr(ranking_metrics, "evaluate_run", refuse)
    result = evaluate_retrieval(_task(False), _scores, ["map", "ndcg@10"], EvalOptions())
    assert len(result.evaluation["map"]) == _N_QUERIES
