"""Training for the interfaces: train a model from a config file, list the tracked runs.

torch, the trainers and mlflow take seconds to import, and every other command (even
``cvmatch --help``) would pay for them, so each function imports its package when called.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from cvmatch.errors import InvalidInputError

if TYPE_CHECKING:
    from cvmatch.training.chain import ChainReport
    from cvmatch.training.feedback_train import FeedbackTrainReport
    from cvmatch.training.runner import TrainReport
    from cvmatch.training.tracking import RunSummary


def train_from_config(config: Path, kind: str, epochs: int | None = None) -> "TrainReport":
    """Train what ``config`` (YAML or JSON) describes as ``kind``; the model is registered.

    Args:
        config: The config file (see docs/training.md).
        kind: ``bi-encoder``, ``cross-encoder``, ``ranker`` or ``adapt``.
        epochs: Overrides the config's epochs when given.
    """
    return train_recipe(config, kind, epochs).final


def train_recipe(config: Path, kind: str | None = None, epochs: int | None = None) -> "ChainReport":
    """Train ``config``, its missing trained ``base_model`` first (:mod:`cvmatch.training.chain`).

    ``kind`` defaults to the config's; ``epochs`` overrides the requested recipe's only. A config
    in the Korean seed's JSON shape (docs/languages.md) trains one bi-encoder, with no chain.
    """
    from cvmatch.training.chain import ChainReport, train_chain  # noqa: PLC0415 - heavy
    from cvmatch.training.seed import read_seed, train_seed  # noqa: PLC0415

    seed = read_seed(config)
    if seed is not None:
        if kind not in {None, "bi-encoder"}:
            raise InvalidInputError(
                f"{config}: a seed-shaped config trains a bi-encoder, not {kind}"
            )
        return ChainReport((train_seed(seed, config, epochs),))
    return train_chain(config, kind, epochs=epochs)


def train_from_feedback(
    db: str,
    name: str,
    job_id: int | None = None,
    tracking: str = "mlflow",
    runs_dir: Path = Path("runs"),
) -> "FeedbackTrainReport":
    """Train a ranker on the recruiter decisions in the store ``db`` (one job, or all pooled).

    Args:
        db: The service's database (a file path or a SQLAlchemy URL).
        name: Registry name; the model becomes ``name@vN`` (kind ``feedback-ranker``).
        job_id: One job's decisions; ``None`` pools every job of the store.
        tracking: ``mlflow``, ``wandb`` or ``none``.
        runs_dir: The tracking folder.
    """
    from cvmatch.training.config import TrackingConfig  # noqa: PLC0415 - heavy, see module doc
    from cvmatch.training.feedback_train import train_feedback_ranker  # noqa: PLC0415

    config = TrackingConfig.model_validate({"backend": tracking, "dir": runs_dir})
    return train_feedback_ranker(db, name, job_id, tracking=config)


def list_runs(folder: Path, experiment: str = "cvmatch") -> list["RunSummary"]:
    """Tracked training runs in the MLflow store ``folder``, newest first."""
    from cvmatch.training.tracking import list_runs as tracked  # noqa: PLC0415 - mlflow is heavy

    return tracked(folder, experiment)
