"""Train a ranker from recruiter feedback in a store: labels → logistic regression → registry.

``cvmatch train ranker --source feedback --db URL [--scope job --job ID]`` calls
:func:`train_feedback_ranker`. The rows (:mod:`cvmatch.training.feedback_data`) are the
decisions of one job (``scope: job``) or of every job of the store pooled (``scope: pooled``;
a store is one workspace). The model is :func:`cvmatch.scoring.feedback_ranker.fit_linear`:
L2 logistic regression on standardised match features, the per-job learner's own fit.

Held-out figure: stratified k-fold (k = min(5, smallest class), no shuffling, so it is
deterministic) ROC AUC of out-of-fold probabilities, when each class has at least 2 rows;
the model itself is then fitted on every row. The run is tracked like other runs (params with
the data checksum, metrics, the model folder) and registered as ``<name>@vN`` with kind
``feedback-ranker``: ``feedback-ranker.npz`` (mean, std, coef, intercept) and
``features.json``.
"""

import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback_ranker import LinearRanker, fit_linear
from cvmatch.settings import get_settings
from cvmatch.training.config import TrackingConfig
from cvmatch.training.feedback_data import FeedbackData, load_feedback
from cvmatch.training.model_registry import register
from cvmatch.training.tracking import git_commit, make_tracker
from cvmatch.types import TrainedModel

KIND = "feedback-ranker"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_MAX_FOLDS = 5


@dataclass(frozen=True)
class FeedbackTrainReport:
    """What a feedback run produced."""

    model: TrainedModel
    run_id: str
    rows: int
    positives: int
    jobs: int
    data_sha256: str
    metrics: dict[str, float]


def cross_validated_auc(data: FeedbackData, l2_c: float) -> float | None:
    """Out-of-fold ROC AUC (see the module doc); ``None`` with fewer than 2 rows of a class."""
    from sklearn.metrics import roc_auc_score  # noqa: PLC0415 - heavy
    from sklearn.model_selection import StratifiedKFold  # noqa: PLC0415

    smallest = int(min(np.bincount(data.labels, minlength=2)))
    if smallest < 2:  # noqa: PLR2004 - a fold needs both classes on each side
        return None
    folds = StratifiedKFold(n_splits=min(_MAX_FOLDS, smallest))
    predicted = np.zeros(len(data.labels))
    for train, test in folds.split(data.features, data.labels):
        model = fit_linear(data.features[train], data.labels[train], data.names, l2_c)
        predicted[test] = model.probability(data.features[test])
    return float(roc_auc_score(data.labels, predicted))


def save_linear(model: LinearRanker, folder: Path) -> None:
    """Write ``feedback-ranker.npz`` and ``features.json`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(
        folder / "feedback-ranker.npz",
        mean=model.mean,
        std=model.std,
        coef=model.coef,
        intercept=np.asarray([model.intercept]),
    )
    (folder / "features.json").write_text(json.dumps(list(model.names)), encoding="utf-8")


def load_linear(folder: Path) -> LinearRanker:
    """Read a model written by :func:`save_linear`."""
    names = tuple(json.loads((folder / "features.json").read_text(encoding="utf-8")))
    with np.load(folder / "feedback-ranker.npz") as a:
        return LinearRanker(names, a["mean"], a["std"], a["coef"], float(a["intercept"][0]))


def _metrics(data: FeedbackData, model: LinearRanker, l2_c: float) -> dict[str, float]:
    predicted = model.probability(data.features) >= 0.5  # noqa: PLR2004 - P = 1/2
    metrics = {"train_accuracy": float(np.mean(predicted == data.labels.astype(bool)))}
    auc = cross_validated_auc(data, l2_c)
    if auc is not None:
        metrics["cv_auc"] = auc
    return metrics


def train_feedback_ranker(
    db: str,
    name: str,
    job_id: int | None = None,
    l2_c: float = 1.0,
    tracking: TrackingConfig | None = None,
) -> FeedbackTrainReport:
    """Fit, track and register a ranker on the feedback of one job (``job_id``) or all jobs.

    Raises:
        InvalidInputError: Fewer than one shortlist and one reject are recorded.
        NotFoundError: ``job_id`` is not a job of the store.
    """
    if not _NAME.fullmatch(name):
        raise InvalidInputError(f"model name {name!r} must match {_NAME.pattern}")
    data = load_feedback(db, job_id)
    positives = int(data.labels.sum())
    if positives == 0 or positives == len(data.labels):
        raise InvalidInputError(
            f"{len(data.labels)} labelled candidates ({positives} positive): training needs "
            "at least one shortlisted or starred and one rejected candidate"
        )
    tracker = make_tracker(tracking or TrackingConfig(), name)
    try:
        params: dict[str, Any] = {
            "kind": KIND,
            "source": "feedback",
            "scope": "pooled" if job_id is None else "job",
        }
        params |= {"job_id": job_id, "l2_c": l2_c, "git_commit": git_commit()}
        params |= {"data_rows": len(data.labels), "data_positives": positives}
        params |= {"data_sha256": data.checksum, "features": ",".join(data.names)}
        tracker.log_params(params)
        model = fit_linear(data.features, data.labels, data.names, l2_c)
        metrics = _metrics(data, model, l2_c)
        tracker.log_metrics(metrics, step=0)
        with tempfile.TemporaryDirectory() as tmp:
            save_linear(model, Path(tmp))
            extra = params | {"metrics": metrics, "run_id": tracker.run_id}
            trained = register(
                Path(tmp), get_settings().trained_models_dir, name=name, kind=KIND, extra=extra
            )
        tracker.log_artifacts(Path(trained.path), "model")
    except BaseException:
        tracker.finish("KILLED")
        raise
    tracker.finish()
    jobs = len(set(data.job_ids.tolist()))
    return FeedbackTrainReport(
        trained, tracker.run_id, len(data.labels), positives, jobs, data.checksum, metrics
    )
