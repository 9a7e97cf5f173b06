"""Evaluation building blocks: ranking and pair metrics, bootstrap intervals, file formats, tasks.

Everything here is pure and typed; the engine integration and the CLI sit on top of it.
Datasets live in :mod:`cvmatch.evaluation.datasets`.
"""

from cvmatch.evaluation.bootstrap import ConfidenceInterval, bootstrap_ci, paired_bootstrap_ci
from cvmatch.evaluation.ranking_metrics import (
    RunEvaluation,
    evaluate_run,
    parse_metric,
    rank_by_scores,
    top_k_run,
)

__all__ = [
    "ConfidenceInterval",
    "RunEvaluation",
    "bootstrap_ci",
    "evaluate_run",
    "paired_bootstrap_ci",
    "parse_metric",
    "rank_by_scores",
    "top_k_run",
]
