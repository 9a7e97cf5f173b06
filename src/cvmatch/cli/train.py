"""``cvmatch train KIND --config FILE`` and ``cvmatch runs``: train models, list tracked runs."""

import json
import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cvmatch.cli.errors import reports_errors
from cvmatch.cli.render import stdout
from cvmatch.engine.training_runs import list_runs, train_from_config


class TrainKind(StrEnum):
    """What to train."""

    BI_ENCODER = "bi-encoder"
    CROSS_ENCODER = "cross-encoder"
    RANKER = "ranker"
    ADAPT = "adapt"


@reports_errors
def train_command(
    kind: Annotated[TrainKind, typer.Argument(help="bi-encoder, cross-encoder, ranker or adapt.")],
    config: Annotated[Path, typer.Option("--config", "-c", help="YAML or JSON config file.")],
    epochs: Annotated[int | None, typer.Option(help="Override the config's epochs.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
) -> None:
    """Train a model from a config; it is registered as NAME@vN (see `cvmatch models`)."""
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    report = train_from_config(config, kind.value, epochs)
    payload = {
        "model": report.model.model_ref,
        "path": report.model.path,
        "run_id": report.run_id,
        "best_epoch": report.best_epoch,
        "stopped_early": report.stopped_early,
        "resumed_from": report.resumed_from,
        "split_sizes": report.split_sizes,
        "history": report.history,
        "test": report.test_metrics,
        "base_test": report.base_test_metrics,
    }
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


@reports_errors
def runs_command(
    runs_dir: Annotated[Path, typer.Option("--dir", help="Tracking folder.")] = Path("runs"),
    experiment: Annotated[str, typer.Option(help="MLflow experiment name.")] = "cvmatch",
) -> None:
    """List tracked training runs (MLflow store in DIR), newest first."""
    table = Table(title=f"runs in {runs_dir}")
    for column in ("run id", "name", "status", "started", "metrics"):
        table.add_column(column, overflow="fold")
    for run in list_runs(runs_dir, experiment):
        metrics = ", ".join(f"{k}={v:.3f}" for k, v in sorted(run.metrics.items()))
        table.add_row(run.run_id[:12], run.name, run.status, run.start, metrics)
    stdout.print(table)
