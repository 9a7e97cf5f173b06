"""The JSON evaluation report: ``results = {method: {metric: {mean, ci_low, ci_high}}}`` + metadata.

>>> from cvmatch.evaluation.results import MetricEstimate, MethodEvaluation
>>> run = TaskRun("t", "retrieval", {"bm25": MethodEvaluation("bm25", {"map": MetricEstimate(0.5, 0.4, 0.6)})})
>>> results_dict(run)
{'bm25': {'map': {'mean': 0.5, 'ci_low': 0.4, 'ci_high': 0.6}}}
"""

import json
import platform
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cvmatch
from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.suite import TaskRun

REPORT_SCHEMA = "cvmatch.eval/1"
_HEADLINE = {
    "retrieval": ("map", "mrr@10", "ndcg@10", "recall@10", "recall@100", "hit@1", "p@10"),
    "pairs": ("pairwise_accuracy", "roc_auc", "pr_auc", "f1", "recall@p0.9", "ece", "accuracy"),
}


def headline_metrics(run: TaskRun, limit: int = 7) -> list[str]:
    """The metrics worth a table column: the primary one, then the usual ones that were computed."""
    computed = set(next(iter(run.methods.values())).metrics) if run.methods else set()
    names = [run.primary_metric, *_HEADLINE.get(run.kind, ())]
    return [n for n in dict.fromkeys(names) if n in computed][:limit]


@dataclass(frozen=True)
class RunMeta:
    """Facts about a run that make its figures checkable.

    Attributes:
        data: Input name → sha256 (files, or the task content digest for datasets).
        settings: Options that change figures (resamples, seed, sample sizes, thresholds).
        description: The task description.
    """

    data: dict[str, str]
    settings: dict[str, Any] = field(default_factory=dict)
    description: str = ""


def git_commit() -> str | None:
    """The commit of the checkout cvmatch runs from, or ``None`` (not a git checkout, no git)."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=Path(cvmatch.__file__).parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None if done.returncode == 0 else None


def results_dict(run: TaskRun) -> dict[str, dict[str, dict[str, float]]]:
    """``{method: {metric: {mean, ci_low, ci_high}}}`` rounded to 6 decimals."""
    return {
        method: {
            name: {
                "mean": round(m.mean, 6),
                "ci_low": round(m.ci_low, 6),
                "ci_high": round(m.ci_high, 6),
            }
            for name, m in evaluation.metrics.items()
        }
        for method, evaluation in run.methods.items()
    }


def report_dict(run: TaskRun, meta: RunMeta) -> dict[str, Any]:
    """The whole JSON report of one task run."""
    return {
        "schema": REPORT_SCHEMA,
        "task": run.task,
        "kind": run.kind,
        "primary_metric": run.primary_metric,
        "results": results_dict(run),
        "methods": {
            method: {
                "model_ids": evaluation.model_ids,
                "seconds": round(evaluation.seconds, 3),
                "notes": list(evaluation.notes),
            }
            for method, evaluation in run.methods.items()
        },
        "meta": {
            "data_sha256": meta.data,
            "description": meta.description,
            "settings": meta.settings,
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "cvmatch_version": cvmatch.__version__,
            "git_commit": git_commit(),
            "python": platform.python_version(),
            "machine": platform.machine(),
        },
    }


def write_json(path: Path, payload: Mapping[str, Any]) -> None:
    """Write ``payload`` as indented UTF-8 JSON (parent folders are created).

    Raises:
        InvalidInputError: The path cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    except OSError as error:
        raise InvalidInputError(f"cannot write {path}: {error.strerror or error}") from None
