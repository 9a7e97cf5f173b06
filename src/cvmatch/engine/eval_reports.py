"""Evaluation tasks, options and reports for the interfaces (``cvmatch eval``).

:class:`~cvmatch.engine.EvaluationFacade` runs the methods; the names re-exported here build a
task from files or a registered dataset, compare methods with a paired bootstrap and write the
JSON and Markdown reports, so that ``cvmatch.cli`` imports the engine only.
"""

from cvmatch.evaluation.datasets import load_dataset
from cvmatch.evaluation.paired import PairedDelta, paired_deltas
from cvmatch.evaluation.pairs_runner import GroupBy
from cvmatch.evaluation.plots import write_markdown_report
from cvmatch.evaluation.report import RunMeta, headline_metrics, report_dict, write_json
from cvmatch.evaluation.runner import EvalOptions
from cvmatch.evaluation.suite import PairOptions, TaskRun
from cvmatch.evaluation.tasks import (
    Task,
    file_sha256,
    pairs_task_from_file,
    retrieval_task_from_files,
    subsample,
    task_digest,
)

__all__ = [
    "EvalOptions",
    "GroupBy",
    "PairOptions",
    "PairedDelta",
    "RunMeta",
    "Task",
    "TaskRun",
    "file_sha256",
    "headline_metrics",
    "load_dataset",
    "paired_deltas",
    "pairs_task_from_file",
    "report_dict",
    "retrieval_task_from_files",
    "subsample",
    "task_digest",
    "write_json",
    "write_markdown_report",
]
