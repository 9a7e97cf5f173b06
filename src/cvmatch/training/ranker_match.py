"""A linear RankNet over the pipeline's match features: the ``match-ranker`` stage.

Where :mod:`cvmatch.training.ranker` re-computes text signals, this ranker reads what the
pipeline already computed for each pair — the nine :data:`~cvmatch.scoring.match_features.
MATCH_FEATURES` of its :class:`~cvmatch.types.Match`, ``hybrid``'s calibrated ``score`` first —
so ``--ranker`` costs nothing more than a dot product and can always keep ``hybrid``'s order.

Training data are ranked lists (:class:`MatchList`: one job's candidates, labels 1 / 0). The
model (RankNet with a linear scorer)::

    z        = (x - mean) / std                        # mean / std of the training rows
    P(p > n) = sigmoid(w · (z[p] - z[n]))              # every (positive, negative) of a list
    loss(w)  = sum(-log P(p > n)) + |w|² / (2 C)        # scikit-learn's L2 logistic regression

fitted as a logistic regression without intercept on the pairs' differences (each pair once in
each direction). ``C`` is chosen from a grid on validation lists (:func:`select_l2`: best MRR,
then pairwise accuracy, then the smallest ``C``). Then a Platt sigmoid of labels on ``w · z``
(the validation lists', or the rows given as ``calibrate_on``) (:func:`cvmatch.scoring.stage_calibration.fit_stage_calibration`) is folded
into the weights, so the saved :class:`~cvmatch.scoring.feedback_ranker.LinearRanker`'s own
logistic output is the calibrated probability (the stage's score / 100).

>>> lists = [MatchList(np.array([[0.9, 0.0], [0.2, 1.0]]), np.array([1.0, 0.0]))] * 3
>>> model, report = train_match_ranker(lists, lists, ("score", "knockout"), (1.0,))
>>> bool(model.probability(np.array([[0.9, 0.0]]))[0] > model.probability(np.array([[0.2, 1.0]]))[0])
True
>>> report["validation_mrr"]
1.0
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback_pairwise import standardisation
from cvmatch.scoring.feedback_ranker import LinearRanker
from cvmatch.scoring.stage_calibration import fit_stage_calibration

KIND = "match-ranker"
"""Registry kind of a model trained here (run by ``--ranker``)."""
L2_GRID = (0.01, 0.1, 1.0, 10.0)
"""Inverse L2 strengths tried by :func:`select_l2`."""


@dataclass(frozen=True)
class MatchList:
    """One job's ranked candidates: ``(n, features)`` match features and 0/1 labels."""

    features: np.ndarray
    labels: np.ndarray


def pair_differences(lists: Sequence[MatchList], mean: np.ndarray, std: np.ndarray) -> np.ndarray:
    """``z[p] - z[n]`` of every (positive, negative) pair of every list."""
    rows = []
    for item in lists:
        z = (np.asarray(item.features, dtype=np.float64) - mean) / std
        positive, negative = item.labels > 0, item.labels <= 0
        rows.extend((z[positive][:, None, :] - z[negative][None, :, :]).reshape(-1, z.shape[1]))
    if not rows:
        raise InvalidInputError("RankNet needs lists holding a positive and a negative")
    return np.asarray(rows, dtype=np.float64)


def fit_ranknet(diff: np.ndarray, l2_c: float) -> np.ndarray:
    """Weights ``w`` of the RankNet loss over pair differences (module docstring)."""
    from sklearn.linear_model import LogisticRegression  # noqa: PLC0415 - 1 s to import

    x = np.concatenate([diff, -diff])
    y = np.concatenate([np.ones(len(diff)), np.zeros(len(diff))])
    model = LogisticRegression(C=l2_c, fit_intercept=False, max_iter=1000).fit(x, y)
    return np.asarray(model.coef_[0], dtype=np.float64)


def list_metrics(lists: Sequence[MatchList], scores: Sequence[np.ndarray]) -> dict[str, float]:
    """MRR of the first positive and strict pairwise accuracy (positive above negative).

    A tie counts against the positive (it would not be ranked strictly above): ranks are
    counted pessimistically.
    """
    reciprocal, wins, pairs = [], 0, 0
    for item, score in zip(lists, scores, strict=True):
        best = max(score[item.labels > 0])
        reciprocal.append(1.0 / (1 + int(np.sum(score[item.labels <= 0] >= best))))
        for p in score[item.labels > 0]:
            wins += int(np.sum(p > score[item.labels <= 0]))
            pairs += int(np.sum(item.labels <= 0))
    return {"mrr": float(np.mean(reciprocal)), "pairwise": wins / pairs if pairs else 0.0}


def _scores(
    lists: Sequence[MatchList], mean: np.ndarray, std: np.ndarray, w: np.ndarray
) -> list[np.ndarray]:
    return [((np.asarray(i.features, dtype=np.float64) - mean) / std) @ w for i in lists]


def select_l2(
    train: Sequence[MatchList],
    validation: Sequence[MatchList],
    mean: np.ndarray,
    std: np.ndarray,
    grid: Sequence[float] = L2_GRID,
) -> tuple[float, np.ndarray, dict[str, dict[str, float]]]:
    """The ``C`` of ``grid`` with the best validation (MRR, pairwise, −C); its ``w``; all."""
    diff = pair_differences(train, mean, std)
    tried = {}
    for l2_c in grid:
        w = fit_ranknet(diff, l2_c)
        tried[l2_c] = (w, list_metrics(validation, _scores(validation, mean, std, w)))
    best = max(grid, key=lambda c: (tried[c][1]["mrr"], tried[c][1]["pairwise"], -c))
    return best, tried[best][0], {str(c): m for c, (_, m) in tried.items()}


def train_match_ranker(
    train: Sequence[MatchList],
    validation: Sequence[MatchList],
    names: Sequence[str],
    grid: Sequence[float] = L2_GRID,
    calibrate_on: Sequence[MatchList] | None = None,
) -> tuple[LinearRanker, dict[str, object]]:
    """Fit, select and calibrate the ranker (module docstring); the model and a report.

    ``calibrate_on``: the rows the Platt sigmoid is fitted on (default: the validation lists);
    e.g. each validation job's matched and near-miss pair only, the data the first stage's own
    calibration was fitted on, so both 0–100 scales mean the same.

    Raises:
        InvalidInputError: No list holds both labels, or the calibration rows lack a label.
    """
    mean, std = standardisation(np.concatenate([np.asarray(i.features) for i in train]))
    l2_c, w, tried = select_l2(train, validation, mean, std, grid)
    rows = validation if calibrate_on is None else calibrate_on
    raw = np.concatenate(_scores(rows, mean, std, w))
    labels = np.concatenate([i.labels for i in rows])
    calibration = fit_stage_calibration(raw, labels, "validation lists")
    if calibration is None:
        raise InvalidInputError("the validation lists need both a positive and a negative")
    model = LinearRanker(tuple(names), mean, std, calibration.a * w, calibration.b)
    chosen = tried[str(l2_c)]
    report: dict[str, object] = {
        "l2_c": l2_c,
        "grid": tried,
        "validation_mrr": chosen["mrr"],
        "validation_pairwise": chosen["pairwise"],
        "platt": {"a": calibration.a, "b": calibration.b, "rows": calibration.pairs},
        "train_lists": len(train),
        "validation_lists": len(validation),
    }
    return model, report
