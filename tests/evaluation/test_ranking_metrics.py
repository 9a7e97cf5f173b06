import math

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.ranking_metrics import (
    average_precision,
    evaluate_run,
    hit,
    metrics_from_positions,
    ndcg,
    parse_metric,
    precision,
    r_precision,
    rank_by_scores,
    recall,
    reciprocal_rank,
    top_k_run,
)

# Ranking d1..d5; relevant d2 (rank 2), d4 (rank 4) and d9 (never retrieved): R = 3.
RANKING = ["d1", "d2", "d3", "d4", "d5"]
QRELS = {"d2": 1, "d4": 1, "d9": 1, "d1": 0}


def test_average_precision_counts_unretrieved_relevant_docs():
    """AP = (P@2 + P@4) / R = (1/2 + 2/4) / 3 = 1/3."""
    assert average_precision(RANKING, QRELS) == pytest.approx(1 / 3)


def test_reciprocal_rank_with_and_without_cutoff():
    """First relevant doc at rank 2: RR = 1/2; RR@1 = 0 (d1 is judged 0, not relevant)."""
    assert reciprocal_rank(RANKING, QRELS) == pytest.approx(0.5)
    assert reciprocal_rank(RANKING, QRELS, k=2) == pytest.approx(0.5)
    assert reciprocal_rank(RANKING, QRELS, k=1) == 0.0


def test_recall_precision_hit_including_k_beyond_ranking():
    """recall@2 = 1/3, recall@5 = recall@10 = 2/3; p@5 = 2/5, p@10 = 2/10 (k > n still divides by k)."""
    assert recall(RANKING, QRELS, 2) == pytest.approx(1 / 3)
    assert recall(RANKING, QRELS, 5) == pytest.approx(2 / 3)
    assert recall(RANKING, QRELS, 10) == pytest.approx(2 / 3)
    assert precision(RANKING, QRELS, 5) == pytest.approx(0.4)
    assert precision(RANKING, QRELS, 10) == pytest.approx(0.2)
    assert hit(RANKING, QRELS, 1) == 0.0
    assert hit(RANKING, QRELS, 2) == 1.0


def test_r_precision():
    """R = 3; top 3 = d1, d2, d3 hold one relevant doc: 1/3."""
    assert r_precision(RANKING, QRELS) == pytest.approx(1 / 3)


def test_binary_ndcg_at_5():
    """DCG = 1/log2(3) + 1/log2(5) = 1.06161; IDCG = 1 + 1/log2(3) + 1/log2(4) = 2.13093."""
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    assert ndcg(RANKING, QRELS, k=5) == pytest.approx(dcg / ideal)
    assert ndcg(RANKING, QRELS, k=5) == pytest.approx(0.49819, abs=1e-5)


GRADED = {"a": 3, "b": 1, "c": 2}
GRADED_RANKING = ["b", "a", "x", "c"]


def test_graded_ndcg_linear_gain():
    """DCG@3 = 1 + 3/log2(3) = 2.89279; ideal [3, 2, 1] = 3 + 2/log2(3) + 1/2 = 4.76186 → 0.60749."""
    assert ndcg(GRADED_RANKING, GRADED, k=3) == pytest.approx(0.60749, abs=1e-5)


def test_graded_ndcg_exponential_gain():
    """Gains 2^rel - 1: b=1, a=7, c=3. DCG@3 = 1 + 7/log2(3) = 5.41651; ideal = 7 + 3/log2(3) + 1/2
    = 9.39279 → 0.57667."""
    assert ndcg(GRADED_RANKING, GRADED, k=3, gain="exponential") == pytest.approx(0.57667, abs=1e-5)


def test_graded_ndcg_without_cutoff_counts_rank_4():
    """Adds c at rank 4: 2/log2(5) = 0.86135 → DCG 3.75414 over ideal 4.76186 = 0.78838."""
    assert ndcg(GRADED_RANKING, GRADED) == pytest.approx(0.78838, abs=1e-5)


def test_bad_gain_is_rejected():
    with pytest.raises(InvalidInputError, match="unknown gain"):
        ndcg(GRADED_RANKING, GRADED, gain="cubic")  # type: ignore[arg-type]


@pytest.mark.parametrize("qrels", [{}, {"d1": 0, "d2": -1}])
def test_no_relevant_doc_scores_zero_everywhere(qrels):
    for value in (
        average_precision(RANKING, qrels),
        reciprocal_rank(RANKING, qrels),
        ndcg(RANKING, qrels, k=3),
        recall(RANKING, qrels, 3),
        hit(RANKING, qrels, 3),
        precision(RANKING, qrels, 3),
        r_precision(RANKING, qrels),
    ):
        assert value == 0.0


def test_all_relevant_is_perfect():
    ranking = ["a", "b", "c"]
    qrels = {"a": 1, "b": 1, "c": 1}
    assert average_precision(ranking, qrels) == 1.0
    assert ndcg(ranking, qrels, k=3) == pytest.approx(1.0)
    assert precision(ranking, qrels, 3) == 1.0
    assert r_precision(ranking, qrels) == 1.0
    assert recall(ranking, qrels, 3) == 1.0


def test_empty_ranking_scores_zero():
    assert average_precision([], QRELS) == 0.0
    assert ndcg([], QRELS, k=10) == 0.0
    assert precision([], QRELS, 10) == 0.0


def test_rank_by_scores_breaks_ties_by_doc_id():
    """b and a tie at 0.9: a (smaller id) goes first, so relevant b is at rank 2 → RR = 1/2."""
    ranking = rank_by_scores(["b", "a", "c"], [0.9, 0.9, 0.5])
    assert ranking == ["a", "b", "c"]
    assert reciprocal_rank(ranking, {"b": 1}) == 0.5


def test_rank_by_scores_rejects_bad_input():
    with pytest.raises(InvalidInputError, match="one score per id"):
        rank_by_scores(["a", "b"], [1.0])
    with pytest.raises(InvalidInputError, match="NaN"):
        rank_by_scores(["a"], [float("nan")])
    with pytest.raises(InvalidInputError, match="twice"):
        rank_by_scores(["a", "a"], [1.0, 2.0])


def test_metric_functions_reject_duplicates_and_bad_k():
    with pytest.raises(InvalidInputError, match="twice"):
        average_precision(["a", "a"], {"a": 1})
    with pytest.raises(InvalidInputError, match="k must be >= 1"):
        recall(["a"], {"a": 1}, 0)


def test_parse_metric_names():
    ranking = ["d1", "d2", "d3", "d4", "d5"]
    assert parse_metric("map")(ranking, QRELS) == pytest.approx(1 / 3)
    assert parse_metric("MRR@1")(ranking, QRELS) == 0.0
    assert parse_metric("mrr")(ranking, QRELS) == 0.5
    assert parse_metric("p@5")(ranking, QRELS) == pytest.approx(0.4)
    assert parse_metric("hit@2")(ranking, QRELS) == 1.0
    assert parse_metric("recall@10")(ranking, QRELS) == pytest.approx(2 / 3)
    assert parse_metric("r_precision")(ranking, QRELS) == pytest.approx(1 / 3)
    assert parse_metric("ndcg_exp@3")(GRADED_RANKING, GRADED) == pytest.approx(0.57667, abs=1e-5)


@pytest.mark.parametrize("name", ["precision@5", "map@10", "recall", "mrr@0", "ndcg@", "hit@x"])
def test_parse_metric_rejects_unknown_or_bad_cutoffs(name):
    with pytest.raises(InvalidInputError, match="known: map, mrr"):
        parse_metric(name)


def test_evaluate_run_skips_empty_scores_missing_and_ignores_unjudged(caplog):
    """q1: relevant b, ranked a(0.9) > b(0.5) → MRR 1/2. q2: relevant x ranked first → 1.
    q3 is missing from the run → 0. q4 has no relevant doc → skipped. q5 is unjudged → ignored."""
    run = {
        "q1": {"a": 0.9, "b": 0.5},
        "q2": {"x": 2.0, "y": 1.0},
        "q4": {"a": 1.0},
        "q5": {"a": 1.0},
    }
    qrels = {"q1": {"b": 1}, "q2": {"x": 1}, "q3": {"z": 1}, "q4": {"a": 0}}
    result = evaluate_run(run, qrels, ["mrr@10", "hit@1"])
    assert result.query_ids == ("q1", "q2", "q3")
    np.testing.assert_allclose(result["mrr@10"], [0.5, 1.0, 0.0])
    np.testing.assert_allclose(result["hit@1"], [0.0, 1.0, 0.0])
    assert result.skipped_queries == ("q4",)
    assert result.missing_queries == ("q3",)
    assert result.unjudged_queries == ("q5",)
    assert result.means()["mrr@10"] == pytest.approx(0.5)
    assert set(result) == {"mrr@10", "hit@1"}
    assert "skipping 1 queries" in caplog.text


def test_evaluate_run_keep_empty_scores_zero():
    result = evaluate_run({"q": {"a": 1.0}}, {"q": {"a": 0}}, ["map"], keep_empty=True)
    assert result.query_ids == ("q",)
    assert result["map"].tolist() == [0.0]
    assert result.skipped_queries == ()


def test_evaluate_run_with_no_queries_has_zero_means():
    result = evaluate_run({}, {"q": {"a": 0}}, ["map"])
    assert result.query_ids == ()
    assert result.means() == {"map": 0.0}


def test_evaluate_run_rejects_unknown_metric_before_work():
    with pytest.raises(InvalidInputError, match="unknown metric 'auc'"):
        evaluate_run({}, {}, ["auc"])


def test_top_k_run_keeps_ties_in_id_order():
    """Row [c=0.5, a=0.9, b=0.5] with k=2: a first, then the 0.5 tie goes to b (id < c)."""
    run = top_k_run(np.array([[0.5, 0.9, 0.5]]), ["q"], ["c", "a", "b"], k=2)
    assert list(run["q"]) == ["a", "b"]
    assert run["q"] == {"a": 0.9, "b": 0.5}


def test_top_k_run_matches_full_ranking_on_many_ties():
    rng = np.random.default_rng(3)
    scores = rng.integers(0, 4, size=(20, 30)).astype(float)
    doc_ids = [f"d{i:02d}" for i in rng.permutation(30)]
    query_ids = [f"q{i}" for i in range(20)]
    run = top_k_run(scores, query_ids, doc_ids, k=7)
    for qid, row in zip(query_ids, scores, strict=True):
        assert list(run[qid]) == rank_by_scores(doc_ids, row)[:7]


def test_top_k_run_larger_k_than_corpus_and_bad_shapes():
    run = top_k_run(np.array([[1.0, 2.0]]), ["q"], ["a", "b"], k=10)
    assert list(run["q"]) == ["b", "a"]
    with pytest.raises(InvalidInputError, match="shape"):
        top_k_run(np.array([[1.0, 2.0]]), ["q"], ["a"], k=1)
    with pytest.raises(InvalidInputError, match="NaN"):
        top_k_run(np.array([[np.nan, 2.0]]), ["q"], ["a", "b"], k=1)


def test_every_metric_by_hand_with_a_tie_k_beyond_the_ranking_and_an_unretrieved_doc():
    # a and b tie: the id rule ranks a (non-relevant) first, then b, then c. z is relevant but
    # never retrieved, so R = 3.
    run = {"q": {"b": 0.5, "a": 0.5, "c": 0.1}}
    qrels = {"q": {"b": 1, "c": 1, "z": 1}}
    names = ["map", "mrr", "mrr@1", "ndcg@10", "recall@10", "p@10", "hit@1", "r_precision"]
    values = evaluate_run(run, qrels, names).means()
    ideal = 1 + 1 / math.log2(3) + 1 / math.log2(4)
    expected = {
        "map": (1 / 2 + 2 / 3) / 3,
        "mrr": 1 / 2,
        "mrr@1": 0.0,
        "ndcg@10": (1 / math.log2(3) + 1 / math.log2(4)) / ideal,
        "recall@10": 2 / 3,
        "p@10": 2 / 10,
        "hit@1": 0.0,
        "r_precision": 2 / 3,
    }
    assert values == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(8))
def test_metrics_from_positions_equal_the_ranking_metrics_exactly(seed: int) -> None:
    """Every metric from the relevant docs' ranks alone, float for float as from the ranking."""
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 60))
    ranking = [f"d{i}" for i in rng.permutation(n)]
    qrels = {
        doc: int(rng.integers(-1, 4)) for doc in rng.choice(ranking, min(n, 12), replace=False)
    }
    qrels["never-retrieved"] = int(rng.integers(0, 3))
    names = [
        "map",
        "mrr",
        "mrr@3",
        "ndcg",
        "ndcg@5",
        "ndcg_exp",
        "ndcg_exp@2",
        "recall@1",
        "recall@10",
        "hit@2",
        "p@5",
        "p@100",
        "r_precision",
    ]
    positions = {doc: i + 1 for i, doc in enumerate(ranking) if qrels.get(doc, 0) > 0}
    got = metrics_from_positions(positions, qrels, names)
    for name in names:
        assert got[name] == parse_metric(name)(ranking, qrels), name
