"""Report helpers: the headline columns exist for every method."""

from cvmatch.evaluation.report import headline_metrics
from cvmatch.evaluation.results import MethodEvaluation, MetricEstimate
from cvmatch.evaluation.suite import TaskRun


def _method(name: str, metrics: list[str]) -> MethodEvaluation:
    return MethodEvaluation(name, {m: MetricEstimate(0.5, 0.4, 0.6) for m in metrics})


def test_a_metric_missing_for_one_method_gets_no_column() -> None:
    # bm25 scores are not in [0, 1], so it has no ece: the README's `eval pairs` crashed on it.
    run = TaskRun(
        task="pairs",
        kind="pairs",
        methods={
            "hybrid": _method("hybrid", ["pairwise_accuracy", "roc_auc", "ece", "f1"]),
            "bm25": _method("bm25", ["pairwise_accuracy", "roc_auc", "f1"]),
        },
        primary_metric="pairwise_accuracy",
    )
    assert headline_metrics(run) == ["pairwise_accuracy", "roc_auc", "f1"]
    assert headline_metrics(run, 2) == ["pairwise_accuracy", "roc_auc"]


def test_no_methods_no_columns() -> None:
    assert headline_metrics(TaskRun(task="t", kind="pairs", methods={})) == []
