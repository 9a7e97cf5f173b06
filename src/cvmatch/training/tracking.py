"""Experiment tracking: MLflow on a local SQLite store by default, W&B when installed, or none.

MLflow needs no server: runs go to ``sqlite:///<dir>/mlflow.db`` and artefacts to
``<dir>/artifacts``; ``mlflow ui --backend-store-uri sqlite:///<dir>/mlflow.db`` shows them. W&B
(an optional extra, ``pip install wandb``) honours ``WANDB_MODE=offline`` and then needs no
account. Each run logs its config, per-epoch metrics, data checksums, the git commit and the
trained model folder.
"""

import logging
import os
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from cvmatch.encoders.packages import is_installed
from cvmatch.errors import ModelUnavailableError
from cvmatch.training.config import TrackingConfig

logger = logging.getLogger(__name__)


class Tracker(Protocol):
    """What the training loop logs to."""

    run_id: str

    def log_params(self, params: dict[str, Any]) -> None:
        """Log flat parameters (config keys, checksums, commit)."""

    def log_metrics(self, metrics: dict[str, float], step: int) -> None:
        """Log metrics at ``step`` (the epoch)."""

    def log_artifacts(self, folder: Path, name: str) -> None:
        """Store a folder (the trained model) with the run."""

    def finish(self, status: str = "FINISHED") -> None:
        """Close the run."""


class NullTracker:
    """Tracks nothing (``tracking.backend: none``)."""

    run_id = ""

    def log_params(self, params: dict[str, Any]) -> None:
        """Ignore parameters."""

    def log_metrics(self, metrics: dict[str, float], step: int) -> None:
        """Ignore metrics."""

    def log_artifacts(self, folder: Path, name: str) -> None:
        """Ignore artefacts."""

    def finish(self, status: str = "FINISHED") -> None:
        """Nothing to close."""


def store_uri(folder: Path) -> str:
    """The MLflow tracking URI of a runs folder."""
    return f"sqlite:///{folder.resolve() / 'mlflow.db'}"


class MlflowTracker:
    """One MLflow run in a SQLite store (see the module docstring)."""

    def __init__(self, config: TrackingConfig, run_name: str) -> None:
        import mlflow  # noqa: PLC0415 (optional at import time, heavy)

        config.dir.mkdir(parents=True, exist_ok=True)
        self._mlflow = mlflow
        self._client = mlflow.MlflowClient(tracking_uri=store_uri(config.dir))
        experiment = self._client.get_experiment_by_name(config.experiment)
        if experiment is None:
            artifacts = (config.dir.resolve() / "artifacts").as_uri()
            experiment_id = self._client.create_experiment(config.experiment, artifacts)
        else:
            experiment_id = experiment.experiment_id
        run = self._client.create_run(experiment_id, run_name=run_name)
        self.run_id: str = run.info.run_id

    def log_params(self, params: dict[str, Any]) -> None:
        """Log parameters (values longer than MLflow's limit are cut, keys kept)."""
        for key, value in params.items():
            self._client.log_param(self.run_id, key, str(value)[:6000])

    def log_metrics(self, metrics: dict[str, float], step: int) -> None:
        """Log each metric at ``step``."""
        for key, value in metrics.items():
            self._client.log_metric(self.run_id, key.replace("@", "_at_"), float(value), step=step)

    def log_artifacts(self, folder: Path, name: str) -> None:
        """Copy ``folder`` into the run's artefacts under ``name``."""
        self._client.log_artifacts(self.run_id, str(folder), artifact_path=name)

    def finish(self, status: str = "FINISHED") -> None:
        """Mark the run finished (or FAILED / KILLED)."""
        self._client.set_terminated(self.run_id, status=status)


class WandbTracker:
    """A W&B run; set ``WANDB_MODE=offline`` to log locally without an account."""

    def __init__(self, config: TrackingConfig, run_name: str) -> None:
        import wandb  # noqa: PLC0415 (optional extra)

        config.dir.mkdir(parents=True, exist_ok=True)
        self._wandb = wandb
        self._run = wandb.init(project=config.experiment, name=run_name, dir=str(config.dir))
        self.run_id = str(self._run.id)
        self._step = 0

    def log_params(self, params: dict[str, Any]) -> None:
        """Add to the run config."""
        run_config: Any = self._run.config  # wandb's Config.update is untyped
        run_config.update(params, allow_val_change=True)

    def log_metrics(self, metrics: dict[str, float], step: int) -> None:
        """Log metrics at ``step``; a step behind the last one goes to the run summary.

        W&B drops history rows whose step is below the current one, and the test metrics are
        logged at the best epoch, after the last epoch's.
        """
        if step < self._step:
            summary: Any = self._run.summary
            summary.update(dict(metrics))
            return
        self._step = step
        self._run.log(dict(metrics), step=step)

    def log_artifacts(self, folder: Path, name: str) -> None:
        """Store the folder as a model artefact."""
        artifact = self._wandb.Artifact(name, type="model")
        artifact.add_dir(str(folder))
        self._run.log_artifact(artifact)

    def finish(self, status: str = "FINISHED") -> None:
        """Close the run (exit code 1 unless it finished)."""
        self._run.finish(exit_code=0 if status == "FINISHED" else 1)


def make_tracker(config: TrackingConfig, run_name: str) -> Tracker:
    """The tracker of ``config.backend``.

    Raises:
        ModelUnavailableError: The backend's package is not installed (names what to install).
    """
    if config.backend == "none":
        return NullTracker()
    module = "mlflow" if config.backend == "mlflow" else "wandb"
    if not is_installed(module):
        raise ModelUnavailableError(
            f"tracking backend {config.backend!r} needs `pip install {module}`; "
            "or set tracking.backend: none"
        )
    if config.backend == "mlflow":
        return MlflowTracker(config, run_name)
    os.environ.setdefault("WANDB_SILENT", "true")
    return WandbTracker(config, run_name)


def git_commit(folder: Path | None = None) -> str:
    """The current git commit of ``folder`` (``unknown`` outside a repository)."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=folder or Path.cwd(),
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


@dataclass(frozen=True)
class RunSummary:
    """One tracked run, for ``cvmatch runs``."""

    run_id: str
    name: str
    status: str
    start: str
    metrics: dict[str, float]


def list_runs(folder: Path, experiment: str = "cvmatch") -> list[RunSummary]:
    """Runs of the MLflow store in ``folder``, newest first (empty when there is no store)."""
    if not (folder / "mlflow.db").exists():
        return []
    import mlflow  # noqa: PLC0415

    client = mlflow.MlflowClient(tracking_uri=store_uri(folder))
    found = client.get_experiment_by_name(experiment)
    if found is None:
        return []
    runs = client.search_runs([found.experiment_id], order_by=["attributes.start_time DESC"])
    return [
        RunSummary(
            run_id=run.info.run_id,
            name=run.info.run_name or "",
            status=run.info.status,
            start=datetime.fromtimestamp(run.info.start_time / 1000, tz=UTC).isoformat(
                timespec="seconds"
            ),
            metrics=dict(run.data.metrics),
        )
        for run in runs
    ]
