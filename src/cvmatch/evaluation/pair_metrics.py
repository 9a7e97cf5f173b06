"""Metrics for labelled (job, CV) pairs: AUCs, threshold metrics, calibration, pairwise accuracy.

Conventions:

* ``labels`` may be 0/1 or graded; a pair is *positive* when ``label >= label_threshold``
  (default 1, so 0/1 labels are used as they are).
* A pair is *predicted* positive when ``score >= threshold``.
* A ratio whose denominator is zero (precision with no predicted positive, recall with no
  positive) is 0.0, as scikit-learn's ``zero_division=0`` does.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from cvmatch.errors import InvalidInputError

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


def _prepare(
    scores: ArrayLike, labels: ArrayLike, label_threshold: float
) -> tuple[FloatArray, BoolArray]:
    """Validate inputs and return (scores, positive mask)."""
    values = np.asarray(scores, dtype=np.float64)
    grades = np.asarray(labels, dtype=np.float64)
    if values.ndim != 1 or values.shape != grades.shape or len(values) == 0:
        raise InvalidInputError(
            f"need one score per label in two non-empty 1-D arrays, got {values.shape} and {grades.shape}"
        )
    if np.isnan(values).any() or np.isnan(grades).any():
        raise InvalidInputError("a score or label is NaN; remove or fix those pairs")
    return values, grades >= label_threshold


def _both_classes(positive: BoolArray, metric: str) -> None:
    if positive.all() or not positive.any():
        raise InvalidInputError(f"{metric} needs positive and negative pairs; got only one class")


def roc_auc(scores: ArrayLike, labels: ArrayLike, label_threshold: float = 1.0) -> float:
    """Area under the ROC curve: P(random positive scores above random negative), ties count 1/2."""
    values, positive = _prepare(scores, labels, label_threshold)
    _both_classes(positive, "ROC AUC")
    from sklearn.metrics import roc_auc_score  # noqa: PLC0415 (lazy: 1.4 s to import)

    return float(roc_auc_score(positive, values))


def pr_auc(scores: ArrayLike, labels: ArrayLike, label_threshold: float = 1.0) -> float:
    """Average precision over the precision-recall curve (scikit-learn; tied scores form one step)."""
    values, positive = _prepare(scores, labels, label_threshold)
    _both_classes(positive, "PR AUC")
    from sklearn.metrics import average_precision_score  # noqa: PLC0415 (lazy, see roc_auc)

    return float(average_precision_score(positive, values))


@dataclass(frozen=True)
class ThresholdReport:
    """Confusion counts and derived metrics at one score threshold."""

    threshold: float
    true_positives: int
    false_positives: int
    true_negatives: int
    false_negatives: int

    @property
    def accuracy(self) -> float:
        """Share of pairs classified correctly."""
        total = (
            self.true_positives + self.false_positives + self.true_negatives + self.false_negatives
        )
        return (self.true_positives + self.true_negatives) / total

    @property
    def precision(self) -> float:
        """TP / (TP + FP), 0.0 when nothing is predicted positive."""
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 0.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN), 0.0 when there is no positive."""
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall (0.0 when both are 0)."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def at_threshold(
    scores: ArrayLike, labels: ArrayLike, threshold: float, label_threshold: float = 1.0
) -> ThresholdReport:
    """Classify ``score >= threshold`` as positive and count the outcomes."""
    values, positive = _prepare(scores, labels, label_threshold)
    predicted = values >= threshold
    return ThresholdReport(
        threshold=float(threshold),
        true_positives=int((predicted & positive).sum()),
        false_positives=int((predicted & ~positive).sum()),
        true_negatives=int((~predicted & ~positive).sum()),
        false_negatives=int((~predicted & positive).sum()),
    )


def _sweep(scores: ArrayLike, labels: ArrayLike, label_threshold: float) -> list[ThresholdReport]:
    """Reports at every distinct score used as threshold, highest threshold first."""
    values, positive = _prepare(scores, labels, label_threshold)
    order = np.argsort(-values, kind="stable")
    ranked, hits = values[order], positive[order]
    true_pos, false_pos = np.cumsum(hits), np.cumsum(~hits)
    # Cut after the last copy of each distinct score: ``score >= t`` takes all its ties.
    ends = np.flatnonzero(np.append(ranked[1:] != ranked[:-1], True))
    n_pos, n_neg = int(hits.sum()), int((~hits).sum())
    return [
        ThresholdReport(
            threshold=float(ranked[end]),
            true_positives=int(true_pos[end]),
            false_positives=int(false_pos[end]),
            true_negatives=n_neg - int(false_pos[end]),
            false_negatives=n_pos - int(true_pos[end]),
        )
        for end in ends
    ]


def best_f1_threshold(
    scores: ArrayLike, labels: ArrayLike, label_threshold: float = 1.0
) -> ThresholdReport:
    """The threshold (among the observed scores) with the highest F1; ties keep the highest one."""
    reports = _sweep(scores, labels, label_threshold)
    return max(reports, key=lambda report: report.f1)  # max keeps the first, i.e. highest, tie


def threshold_for_precision(
    scores: ArrayLike, labels: ArrayLike, target: float, label_threshold: float = 1.0
) -> ThresholdReport | None:
    """The lowest observed-score threshold whose precision is >= ``target`` (most recall).

    Returns ``None`` when no threshold reaches the target.
    """
    if not 0.0 <= target <= 1.0:
        raise InvalidInputError(f"target precision must be in [0, 1], got {target}")
    reaching = [r for r in _sweep(scores, labels, label_threshold) if r.precision >= target]
    return reaching[-1] if reaching else None


def expected_calibration_error(
    probabilities: ArrayLike, labels: ArrayLike, n_bins: int = 10, label_threshold: float = 1.0
) -> float:
    """ECE: ``sum_b (n_b / N) * |positive rate_b - mean probability_b|`` over equal-width bins.

    Bin ``b`` holds probabilities in ``[b/n, (b+1)/n)``; the last bin also holds 1.0.

    Raises:
        InvalidInputError: A probability outside [0, 1] (calibrate scores first) or ``n_bins < 1``.
    """
    values, positive = _prepare(probabilities, labels, label_threshold)
    if n_bins < 1:
        raise InvalidInputError(f"n_bins must be >= 1, got {n_bins}")
    if values.min() < 0.0 or values.max() > 1.0:
        raise InvalidInputError("probabilities must lie in [0, 1]; calibrate the scores first")
    bins = np.minimum((values * n_bins).astype(np.int64), n_bins - 1)
    error = 0.0
    for b in np.unique(bins):
        members = bins == b
        gap = abs(positive[members].mean() - values[members].mean())
        error += members.sum() / len(values) * gap
    return float(error)


@dataclass(frozen=True)
class PairwiseResult:
    """Pairwise accuracy within groups.

    Attributes:
        strict: Share of (positive, negative) pairs where the positive scores strictly higher.
        ties: Share of those pairs with equal scores (``strict + ties / 2`` is the AUC-style value).
        n_pairs: Number of (positive, negative) pairs compared.
        group_ids: Groups that contributed pairs, in order of first appearance.
        group_strict: Strict accuracy of each group in ``group_ids`` (for bootstrapping).
        skipped_groups: Groups without both a positive and a negative.
    """

    strict: float
    ties: float
    n_pairs: int
    group_ids: tuple[Hashable, ...]
    group_strict: FloatArray
    skipped_groups: tuple[Hashable, ...]

    @property
    def with_half_ties(self) -> float:
        """Accuracy counting a tie as half right."""
        return self.strict + self.ties / 2


def pairwise_accuracy(
    scores: ArrayLike, labels: ArrayLike, groups: Sequence[Hashable], label_threshold: float = 1.0
) -> PairwiseResult:
    """Within each group, compare every positive with every negative pair.

    Raises:
        InvalidInputError: ``groups`` has the wrong length or no group has both classes.
    """
    values, positive = _prepare(scores, labels, label_threshold)
    if len(groups) != len(values):
        raise InvalidInputError(f"got {len(groups)} groups for {len(values)} pairs")
    members: dict[Hashable, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    used, skipped, per_group = [], [], []
    wins = ties = n_pairs = 0
    for group, indices in members.items():
        rows = np.asarray(indices)
        pos, neg = values[rows[positive[rows]]], values[rows[~positive[rows]]]
        if not len(pos) or not len(neg):
            skipped.append(group)
            continue
        diff = pos[:, None] - neg[None, :]
        group_wins = int((diff > 0).sum())
        wins, ties, n_pairs = wins + group_wins, ties + int((diff == 0).sum()), n_pairs + diff.size
        used.append(group)
        per_group.append(group_wins / diff.size)
    if not n_pairs:
        raise InvalidInputError("no group has both a positive and a negative pair; check groups")
    return PairwiseResult(
        strict=wins / n_pairs,
        ties=ties / n_pairs,
        n_pairs=n_pairs,
        group_ids=tuple(used),
        group_strict=np.asarray(per_group, dtype=np.float64),
        skipped_groups=tuple(skipped),
    )
