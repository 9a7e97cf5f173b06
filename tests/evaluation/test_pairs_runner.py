import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.formats import Pair
from cvmatch.evaluation.pair_metrics import pairwise_accuracy, roc_auc
from cvmatch.evaluation.pairs_runner import (
    PairOptions,
    evaluate_pairs,
    pair_groups,
    score_pairs,
)
from cvmatch.evaluation.runner import EvalOptions

PAIRS = [
    Pair("python sql developer", "python sql", 1, "g1"),
    Pair("python sql developer", "java", 0, "g1"),
    Pair("nurse icu", "nurse icu care", 1, "g2"),
    Pair("nurse icu", "nurse", 0, "g2"),
    Pair("chef", "chef cook", 1, "g3"),
    Pair("chef", "chef", 0, "g3"),  # tie with the positive: not a strict win
]


def test_scores_each_pair_with_its_own_job_and_cv(overlap_scorer):
    assert score_pairs(PAIRS, overlap_scorer).tolist() == [2, 0, 2, 1, 1, 1]
    assert score_pairs(PAIRS, overlap_scorer, batch_size=1).tolist() == [2, 0, 2, 1, 1, 1]


def test_metrics_match_the_pair_metric_functions(overlap_scorer):
    result = evaluate_pairs(PAIRS, overlap_scorer, options=EvalOptions(n_resamples=200))
    scores, labels = [2, 0, 2, 1, 1, 1], [1, 0, 1, 0, 1, 0]
    assert result.summary["roc_auc"].mean == pytest.approx(roc_auc(scores, labels))
    expected = pairwise_accuracy(scores, labels, ["g1", "g1", "g2", "g2", "g3", "g3"])
    assert result.summary["pairwise_accuracy"].mean == pytest.approx(2 / 3)
    assert result.summary["pairwise_accuracy"].mean == pytest.approx(expected.strict)
    assert result.summary["pairwise_ties"].mean == pytest.approx(1 / 3)
    # Best F1 by hand: threshold 2 gives P = 1, R = 2/3, F1 = 0.8; threshold 1 gives F1 = 3/4.5.
    assert result.thresholds["best_f1"] == 2
    assert result.summary["f1"].mean == pytest.approx(0.8)
    assert "ece" not in result.summary  # scores are counts, not probabilities
    for estimate in result.summary.values():
        assert estimate.ci_low <= estimate.mean <= estimate.ci_high


def test_user_threshold_target_precision_and_ece_for_probabilities(overlap_scorer):
    def scorer(jobs, cvs):
        return overlap_scorer(jobs, cvs) / 3

    result = evaluate_pairs(
        PAIRS,
        scorer,
        pair_options=PairOptions(threshold=0.3, target_precision=1.0),
        options=EvalOptions(n_resamples=50),
    )
    assert result.summary["recall@t"].mean == pytest.approx(1.0)  # all positives score >= 1/3
    assert result.summary["precision@t"].mean == pytest.approx(3 / 5)
    assert result.summary["recall@p1"].mean == pytest.approx(2 / 3)
    assert "ece" in result.summary


def test_grouping_choices_and_errors(overlap_scorer):
    assert pair_groups(PAIRS, "job")[:2] == ("python sql developer", "python sql developer")
    assert pair_groups(PAIRS, None) is None
    ungrouped = [Pair("a b", "a", 1), Pair("a b", "c", 0)]
    with pytest.raises(InvalidInputError, match="no 'group'"):
        evaluate_pairs(ungrouped, overlap_scorer)
    result = evaluate_pairs(
        ungrouped,
        overlap_scorer,
        pair_options=PairOptions(group_by=None),
        options=EvalOptions(n_resamples=20),
    )
    assert "pairwise_accuracy" not in result.summary
    with pytest.raises(InvalidInputError, match="one class"):
        evaluate_pairs([Pair("a", "a", 1, "g")], overlap_scorer)
    with pytest.raises(InvalidInputError, match="no pairs"):
        evaluate_pairs([], overlap_scorer)


def test_same_seed_same_intervals(overlap_scorer):
    first = evaluate_pairs(PAIRS, overlap_scorer, options=EvalOptions(n_resamples=100, seed=3))
    again = evaluate_pairs(PAIRS, overlap_scorer, options=EvalOptions(n_resamples=100, seed=3))
    assert first.summary == again.summary
    assert np.array_equal(first.scores, again.scores)
