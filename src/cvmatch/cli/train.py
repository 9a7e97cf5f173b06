"""``cvmatch train [KIND] --config FILE`` and ``cvmatch runs``: train models, list tracked runs.

A config whose ``base_model`` is a trained model missing from the registry has that model's
recipe trained first (``recipes/``, matched by ``name``); the output lists it in ``built_first``.

``cvmatch train ranker --source feedback --db URL`` trains a ranker on the recruiters' stars and
decisions in a service store instead of a config's data (docs/training.md).
"""

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
from cvmatch.engine.training_runs import list_runs, train_from_feedback, train_recipe
from cvmatch.errors import InvalidInputError


class TrainKind(StrEnum):
    """What to train."""

    BI_ENCODER = "bi-encoder"
    CROSS_ENCODER = "cross-encoder"
    RANKER = "ranker"
    ADAPT = "adapt"


class Source(StrEnum):
    """Where the training data comes from."""

    CONFIG = "config"
    FEEDBACK = "feedback"


class Scope(StrEnum):
    """Which recruiter decisions a feedback ranker learns from."""

    JOB = "job"
    POOLED = "pooled"


class Tracking(StrEnum):
    """Experiment tracking backend of a feedback run."""

    MLFLOW = "mlflow"
    WANDB = "wandb"
    NONE = "none"


@reports_errors
def train_command(  # noqa: PLR0917 - typer maps each parameter to an option
    kind: Annotated[
        TrainKind | None,
        typer.Argument(help="bi-encoder, cross-encoder, ranker or adapt (default: the config's)."),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="YAML or JSON config file.")
    ] = None,
    epochs: Annotated[int | None, typer.Option(help="Override the config's epochs.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress.")] = False,
    source: Annotated[
        Source, typer.Option(help="config (the config's data) or feedback (a store's decisions).")
    ] = Source.CONFIG,
    db: Annotated[
        str | None, typer.Option(help="feedback: the service's store, path or URL.")
    ] = None,
    scope: Annotated[
        Scope, typer.Option(help="feedback: one job's decisions (with --job) or all pooled.")
    ] = Scope.POOLED,
    job: Annotated[int | None, typer.Option(help="feedback: the job id (--scope job).")] = None,
    name: Annotated[str, typer.Option(help="feedback: registry name.")] = "feedback-ranker",
    tracking: Annotated[Tracking, typer.Option(help="feedback: tracking backend.")] = (
        Tracking.MLFLOW
    ),
    runs_dir: Annotated[Path, typer.Option(help="feedback: tracking folder.")] = Path("runs"),
) -> None:
    """Train a model from a config; it is registered as NAME@vN (see `cvmatch models`).

    With `--source feedback` a ranker learns from the stars and shortlist / reject decisions
    stored by `cvmatch serve` (`--db`), for one job (`--scope job --job ID`) or pooled.
    """
    if verbose:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if source is Source.FEEDBACK:
        _train_feedback(
            kind, db=db, scope=scope, job=job, name=name, tracking=tracking, runs_dir=runs_dir
        )
        return
    if config is None:
        raise InvalidInputError("--config FILE is required (or use --source feedback --db URL)")
    chain = train_recipe(config, kind.value if kind is not None else None, epochs)
    report = chain.final
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
        "built_first": list(chain.built_first),
    }
    sys.stdout.write(json.dumps(payload, indent=2) + "\n")


def _train_feedback(
    kind: TrainKind | None,
    *,
    db: str | None,
    scope: Scope,
    job: int | None,
    name: str,
    tracking: Tracking,
    runs_dir: Path,
) -> None:
    if kind not in {TrainKind.RANKER, None}:
        raise InvalidInputError("--source feedback trains a ranker: `cvmatch train ranker ...`")
    if db is None:
        raise InvalidInputError("--source feedback needs --db (the service's store)")
    if (scope is Scope.JOB) != (job is not None):
        raise InvalidInputError("--scope job needs --job ID, and --job needs --scope job")
    report = train_from_feedback(db, name, job, tracking.value, runs_dir)
    payload = {
        "model": report.model.model_ref,
        "path": report.model.path,
        "run_id": report.run_id,
        "source": "feedback",
        "scope": scope.value,
        "job": job,
        "rows": report.rows,
        "positives": report.positives,
        "jobs": report.jobs,
        "data_sha256": report.data_sha256,
        "metrics": report.metrics,
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
