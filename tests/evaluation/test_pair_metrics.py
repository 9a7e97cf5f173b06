import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.pair_metrics import (
    at_threshold,
    best_f1_threshold,
    expected_calibration_error,
    pairwise_accuracy,
    pr_auc,
    roc_auc,
    threshold_for_precision,
)

# Positives score 0.9, 0.7, 0.6; negatives 0.8, 0.5, 0.4.
SCORES = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4]
LABELS = [1, 0, 1, 1, 0, 0]


def test_roc_auc_by_hand():
    """9 (pos, neg) pairs: 0.9 beats 3, 0.7 beats 2, 0.6 beats 2 → 7/9."""
    assert roc_auc(SCORES, LABELS) == pytest.approx(7 / 9)


def test_roc_auc_counts_ties_as_half():
    assert roc_auc([0.5, 0.5], [1, 0]) == pytest.approx(0.5)


def test_pr_auc_by_hand():
    """Ranks 1, 3, 4 are positive: AP = (1/1 + 2/3 + 3/4) / 3 = 0.80556."""
    assert pr_auc(SCORES, LABELS) == pytest.approx((1 + 2 / 3 + 3 / 4) / 3)


def test_graded_labels_are_binarised():
    """Grades [0, 1, 2, 3] with threshold 2 → positives are the last two: AUC over 4 pairs."""
    assert roc_auc([0.1, 0.9, 0.3, 0.4], [0, 1, 2, 3], label_threshold=2) == pytest.approx(2 / 4)


def test_single_class_is_rejected():
    with pytest.raises(InvalidInputError, match="positive and negative"):
        roc_auc([0.1, 0.2], [1, 1])


def test_at_threshold_by_hand():
    """score >= 0.6 → predicted 0.9, 0.8, 0.7, 0.6: TP 3, FP 1, TN 2, FN 0."""
    report = at_threshold(SCORES, LABELS, 0.6)
    assert (report.true_positives, report.false_positives) == (3, 1)
    assert (report.true_negatives, report.false_negatives) == (2, 0)
    assert report.accuracy == pytest.approx(5 / 6)
    assert report.precision == pytest.approx(3 / 4)
    assert report.recall == 1.0
    assert report.f1 == pytest.approx(2 * 0.75 / 1.75)


def test_at_threshold_with_nothing_predicted_is_zero_not_error():
    report = at_threshold(SCORES, LABELS, 2.0)
    assert report.precision == 0.0
    assert report.f1 == 0.0
    assert report.accuracy == pytest.approx(0.5)


def test_best_f1_threshold_by_hand():
    """F1 at thresholds 0.9..0.4: 1/2, 2/5, 2/3, 6/7, 3/4, 2/3 → best at 0.6."""
    best = best_f1_threshold(SCORES, LABELS)
    assert best.threshold == 0.6
    assert best.f1 == pytest.approx(6 / 7)


def test_best_f1_threshold_handles_tied_scores():
    """Scores [0.5, 0.5, 0.1] labels [1, 0, 1]: t=0.5 → P 1/2 R 1/2 F 1/2; t=0.1 → P 2/3 R 1, F 0.8."""
    best = best_f1_threshold([0.5, 0.5, 0.1], [1, 0, 1])
    assert best.threshold == 0.1
    assert best.f1 == pytest.approx(0.8)


def test_threshold_for_precision_picks_lowest_reaching_threshold():
    """Precision at 0.9, 0.8, 0.7, 0.6 = 1, 1/2, 2/3, 3/4."""
    assert threshold_for_precision(SCORES, LABELS, 0.75).threshold == 0.6
    assert threshold_for_precision(SCORES, LABELS, 0.8).threshold == 0.9
    assert threshold_for_precision([0.9, 0.1], [0, 1], 0.6) is None
    with pytest.raises(InvalidInputError, match="target"):
        threshold_for_precision(SCORES, LABELS, 1.5)


def test_expected_calibration_error_by_hand():
    """Bins: [0.0,0.1) {0.05: label 0} gap 0.05; [0.1,0.2) {0.15: 1} gap 0.85;
    [0.9,1.0] {0.95: 1, 0.95: 0, 1.0: 1} mean 0.96667 vs rate 0.66667, gap 0.3.
    ECE = 0.05/5 + 0.85/5 + 3/5 * 0.3 = 0.36."""
    probabilities = [0.05, 0.15, 0.95, 0.95, 1.0]
    assert expected_calibration_error(probabilities, [0, 1, 1, 0, 1]) == pytest.approx(0.36)


def test_expected_calibration_error_is_zero_when_calibrated_and_checks_range():
    assert expected_calibration_error([0.0, 1.0], [0, 1]) == 0.0
    with pytest.raises(InvalidInputError, match=r"\[0, 1\]"):
        expected_calibration_error([1.5, 0.2], [1, 0])
    with pytest.raises(InvalidInputError, match="n_bins"):
        expected_calibration_error([0.5], [1], n_bins=0)


def test_pairwise_accuracy_strict_ties_and_skipped_groups():
    """g1: 0.9 > 0.3 win; g2: 0.5 = 0.5 tie; g3: 0.2 vs 0.8 and 0.7, two losses; g4 has no
    positive. 4 pairs: strict 1/4, ties 1/4, half-ties accuracy 3/8."""
    scores = [0.9, 0.3, 0.5, 0.5, 0.2, 0.8, 0.7, 0.1]
    labels = [1, 0, 1, 0, 1, 0, 0, 0]
    groups = ["g1", "g1", "g2", "g2", "g3", "g3", "g3", "g4"]
    result = pairwise_accuracy(scores, labels, groups)
    assert result.n_pairs == 4
    assert result.strict == pytest.approx(0.25)
    assert result.ties == pytest.approx(0.25)
    assert result.with_half_ties == pytest.approx(0.375)
    assert result.group_ids == ("g1", "g2", "g3")
    assert result.group_strict.tolist() == [1.0, 0.0, 0.0]
    assert result.skipped_groups == ("g4",)


def test_pairwise_accuracy_errors():
    with pytest.raises(InvalidInputError, match="groups"):
        pairwise_accuracy([0.1, 0.2], [1, 0], ["g"])
    with pytest.raises(InvalidInputError, match="no group"):
        pairwise_accuracy([0.1, 0.2], [1, 0], ["a", "b"])


def test_input_validation():
    with pytest.raises(InvalidInputError, match="one score per label"):
        roc_auc([0.1, 0.2], [1])
    with pytest.raises(InvalidInputError, match="one score per label"):
        roc_auc([], [])
    with pytest.raises(InvalidInputError, match="NaN"):
        roc_auc([float("nan"), 0.2], [1, 0])
