"""A Markdown report with PNG plots: bar charts with CIs, PR and calibration curves, histograms.

:func:`write_markdown_report` writes ``report.md`` and its PNGs into ``<stem>_files/`` next to
it. Plots use matplotlib's non-interactive Agg backend (no display needed).
"""

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.pairs_runner import PairsResult
from cvmatch.evaluation.report import headline_metrics
from cvmatch.evaluation.suite import TaskRun

_BAR_METRICS = {
    "retrieval": ("map", "mrr@100", "ndcg@10", "recall@100"),
    "pairs": ("pairwise_accuracy", "roc_auc", "pr_auc", "f1"),
}
_TABLE_LIMIT = 8


def _pyplot() -> Any:
    import matplotlib as mpl  # noqa: PLC0415 - heavy, only when a report is asked for

    mpl.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def _bar_chart(run: TaskRun, path: Path) -> None:
    plt = _pyplot()
    names = [m for m in (run.primary_metric, *_BAR_METRICS[run.kind]) if m]
    any_method = next(iter(run.methods.values()))
    metrics = [m for m in dict.fromkeys(names) if m in any_method.metrics]
    methods = list(run.methods)
    width = 0.8 / max(1, len(methods))
    figure, axes = plt.subplots(figsize=(max(6.0, 1.6 * len(metrics) + 0.5 * len(methods)), 4.2))
    for index, method in enumerate(methods):
        estimates = [run.methods[method].metrics[m] for m in metrics]
        means = np.array([e.mean for e in estimates])
        errors = np.array(
            [[e.mean - e.ci_low for e in estimates], [e.ci_high - e.mean for e in estimates]]
        )
        positions = np.arange(len(metrics)) + (index - (len(methods) - 1) / 2) * width
        axes.bar(positions, means, width, yerr=errors, capsize=3, label=method)
    axes.set_xticks(np.arange(len(metrics)), metrics)
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("mean with 95% bootstrap CI")
    axes.set_title(f"{run.task}: methods side by side")
    axes.legend(
        fontsize="small", ncol=min(4, len(methods)), loc="upper center", bbox_to_anchor=(0.5, -0.1)
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _pr_and_calibration(pairs: dict[str, PairsResult], path: Path) -> None:
    from sklearn.calibration import calibration_curve  # noqa: PLC0415
    from sklearn.metrics import precision_recall_curve  # noqa: PLC0415

    plt = _pyplot()
    figure, (pr_axes, cal_axes) = plt.subplots(1, 2, figsize=(11, 4.5))
    for method, result in pairs.items():
        precision, recall, _ = precision_recall_curve(result.positive, result.scores)
        pr_axes.plot(recall, precision, label=method)
        if result.scores.min() >= 0.0 and result.scores.max() <= 1.0:
            observed, predicted = calibration_curve(result.positive, result.scores, n_bins=10)
            cal_axes.plot(predicted, observed, marker="o", label=method)
    pr_axes.set(xlabel="recall", ylabel="precision", title="precision-recall", ylim=(0, 1.02))
    cal_axes.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    cal_axes.set(
        xlabel="mean score in bin",
        ylabel="share of positives",
        title="calibration (methods scoring in [0, 1])",
        xlim=(0, 1),
        ylim=(0, 1),
    )
    for axes in (pr_axes, cal_axes):
        axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _histograms(pairs: dict[str, PairsResult], path: Path) -> None:
    plt = _pyplot()
    columns = min(3, len(pairs))
    rows = math.ceil(len(pairs) / columns)
    figure, grid = plt.subplots(rows, columns, figsize=(4.2 * columns, 3.2 * rows), squeeze=False)
    for axes, (method, result) in zip(grid.flat, pairs.items(), strict=False):
        bins = np.linspace(result.scores.min(), result.scores.max() + 1e-9, 31)
        axes.hist(result.scores[~result.positive], bins=bins, alpha=0.6, label="negative")
        axes.hist(result.scores[result.positive], bins=bins, alpha=0.6, label="positive")
        axes.set_title(method)
        axes.set_xlabel("score")
        axes.set_ylabel("pairs")
        axes.legend(fontsize="small")
    for axes in list(grid.flat)[len(pairs) :]:
        axes.axis("off")
    figure.suptitle("score distribution per label")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def _table(run: TaskRun) -> list[str]:
    metrics = headline_metrics(run, _TABLE_LIMIT)
    lines = ["| method | " + " | ".join(metrics) + " |", "|---|" + "---|" * len(metrics)]
    for method, evaluation in run.methods.items():
        cells = [
            f"{e.mean:.3f} [{e.ci_low:.3f}, {e.ci_high:.3f}]"
            for e in (evaluation.metrics[m] for m in metrics)
        ]
        lines.append(f"| {method} | " + " | ".join(cells) + " |")
    return lines


def write_markdown_report(runs: Sequence[TaskRun], path: Path) -> list[Path]:
    """Write a Markdown report of ``runs`` with PNG plots; returns the files written.

    Raises:
        InvalidInputError: Nothing to report, or the folder cannot be written.
    """
    if not runs or not all(run.methods for run in runs):
        raise InvalidInputError("nothing to report: no method was evaluated")
    folder = path.parent / f"{path.stem}_files"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInputError(f"cannot create {folder}: {error.strerror or error}") from None
    lines, written = ["# cvmatch evaluation report", ""], []
    for run in runs:
        lines += [
            f"## {run.task} ({run.kind})",
            "",
            "Mean [95% bootstrap CI].",
            "",
            *_table(run),
            "",
        ]
        names = [f"{run.task}_methods.png"]
        _bar_chart(run, folder / names[0])
        if run.pairs:
            names += [f"{run.task}_pr_calibration.png", f"{run.task}_histograms.png"]
            _pr_and_calibration(run.pairs, folder / names[1])
            _histograms(run.pairs, folder / names[2])
        for name in names:
            written.append(folder / name)
            lines += [f"![{name}]({folder.name}/{name})", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return [path, *written]
