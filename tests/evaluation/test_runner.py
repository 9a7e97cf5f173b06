import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import CorpusMode, RetrievalTask
from cvmatch.evaluation.ranking_metrics import evaluate_run
from cvmatch.evaluation.runner import EvalOptions, evaluate_retrieval


def _task(**changes: object) -> RetrievalTask:
    base: dict[str, object] = {
        "name": "tiny",
        "queries": {"q1": "python developer", "q2": "registered nurse", "q3": "chef"},
        "corpus": {
            "d1": "senior python developer",
            "d2": "nurse in a hospital",
            "d3": "registered nurse",
            "d4": "java developer",
        },
        "qrels": {"q1": {"d1": 1, "d4": 0}, "q2": {"d3": 1, "d2": 1}, "q3": {"d1": 0}},
        "language": "en",
        "description": "hand-made",
    }
    base.update(changes)
    return RetrievalTask(**base)  # type: ignore[arg-type]


def test_matches_evaluate_run_on_the_same_scores_and_skips_empty_queries(overlap_scorer):
    task = _task()
    result = evaluate_retrieval(task, overlap_scorer, ["map", "mrr@1", "recall@1"])
    # By hand: q1 ranks d1 (2 words), d4 (1); q2 ranks d3 (2), d2 (1): both perfect at MAP.
    # mrr@1 = 1 for both, recall@1 = 1 for q1 and 1/2 for q2. q3 has no relevant doc: skipped.
    assert result.evaluation.query_ids == ("q1", "q2")
    assert result.evaluation.skipped_queries == ("q3",)
    assert result.summary["map"].mean == pytest.approx(1.0)
    assert result.summary["recall@1"].mean == pytest.approx(0.75)
    assert result.summary["recall@1"].ci_low <= 0.75 <= result.summary["recall@1"].ci_high
    scores = overlap_scorer([task.queries["q1"], task.queries["q2"]], list(task.corpus.values()))
    run = {
        q: dict(zip(task.corpus, row, strict=True))
        for q, row in zip(["q1", "q2"], scores, strict=True)
    }
    direct = evaluate_run(run, {q: task.qrels[q] for q in ("q1", "q2")}, ["recall@1"])
    assert np.array_equal(result.evaluation["recall@1"], direct["recall@1"])


def test_small_batches_give_the_same_values(overlap_scorer):
    one = evaluate_retrieval(_task(), overlap_scorer, ["map", "ndcg@2"])
    many = evaluate_retrieval(_task(), overlap_scorer, ["map", "ndcg@2"], EvalOptions(batch_size=1))
    for name in ("map", "ndcg@2"):
        assert np.array_equal(one.evaluation[name], many.evaluation[name])


def test_ties_are_broken_by_id_not_by_corpus_order(overlap_scorer):
    # Every document ties at 0: the ranking is d1 < d2 < d3 by id, whatever the corpus order.
    task = _task(
        queries={"q": "zzz"},
        corpus={"d3": "a", "d1": "b", "d2": "c"},
        qrels={"q": {"d2": 1}},
    )
    result = evaluate_retrieval(task, overlap_scorer, ["mrr"])
    assert result.summary["mrr"].mean == pytest.approx(1 / 2)


def test_max_over_labels_scores_an_item_by_its_best_label(overlap_scorer):
    task = _task(
        queries={"q": "head chef"},
        corpus={"a#0": "cook", "a#1": "head chef", "b#0": "chef"},
        qrels={"q": {"a": 1}},
        corpus_mode=CorpusMode.MAX_OVER_LABELS,
        corpus_groups={"a#0": "a", "a#1": "a", "b#0": "b"},
    )
    assert evaluate_retrieval(task, overlap_scorer, ["mrr"]).summary["mrr"].mean == 1.0


def test_bad_scorers_and_tasks_are_clear_errors(overlap_scorer):
    with pytest.raises(InvalidInputError, match="shape"):
        evaluate_retrieval(_task(), lambda q, _c: np.zeros((len(q), 1)), ["map"])
    with pytest.raises(InvalidInputError, match="NaN"):
        evaluate_retrieval(_task(), lambda q, c: np.full((len(q), len(c)), np.nan), ["map"])
    with pytest.raises(InvalidInputError, match="no query text"):
        evaluate_retrieval(_task(qrels={"nope": {"d1": 1}}), overlap_scorer, ["map"])
    with pytest.raises(InvalidInputError, match="unknown metric"):
        evaluate_retrieval(_task(), overlap_scorer, ["auc"])
