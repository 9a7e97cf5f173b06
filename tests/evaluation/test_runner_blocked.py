"""The runner in budget-sized blocks with truncated runs equals the full-matrix evaluation."""

from collections.abc import Sequence

import numpy as np
import pytest

from cvmatch.errors import MemoryBudgetError
from cvmatch.evaluation import runner
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


def _full_sort_run(row, columns, relevant, depth):
    """The former ``_query_run``: a lexsort of the whole row, cut after the last relevant."""
    order = np.lexsort((columns.id_rank, -row))
    wanted = [columns.position[doc] for doc in relevant if doc in columns.position]
    last = int(np.flatnonzero(np.isin(order, wanted))[-1]) + 1 if wanted else 0
    return {columns.keys[i]: float(row[i]) for i in order[: max(depth, last)].tolist()}


@pytest.mark.parametrize("seed", range(6))
def test_a_query_run_equals_the_full_sort_ties_and_all(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    ids = [f"d{i}" for i in rng.permutation(n)]  # id order differs from column order
    columns = runner._Columns.of(ids)
    row = np.round(rng.random(n), 1)  # ~10 values: wide tie groups at every cut
    for depth in (1, 10, 100, 1000):
        for size in (0, 1, 5, 40):
            relevant = {ids[i] for i in rng.choice(n, min(size, n), replace=False)} | {"gone"}
            new = runner._query_run(row, columns, relevant, depth)
            old = _full_sort_run(row, columns, relevant, depth)
            assert list(new.items()) == list(old.items())


def test_a_query_counts_one_rank_however_many_columns_are_relevant(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A rank count is a pass over the corpus: one per relevant column made a query cost
    ``corpus x relevant``, and a larger corpus holds more relevant labels per query."""
    rng = np.random.default_rng(3)
    ids = [f"d{i}" for i in range(500)]
    columns = runner._Columns.of(ids)
    row = np.round(rng.random(500), 2)
    counted = []
    rank = runner._rank

    def counting(*args: object) -> int:
        counted.append(args)
        return rank(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "_rank", counting)
    relevant = {ids[i] for i in rng.choice(500, 60, replace=False)}
    got = runner._query_run(row, columns, relevant, 10)
    assert len(counted) == 1
    assert list(got.items()) == list(_full_sort_run(row, columns, relevant, 10).items())
