"""W&B tracking in offline mode: no account, no network, the run is written to disk.

Skipped when the optional extra is not installed (``pip install 'cvmatch[wandb]'``).
"""

import time
from pathlib import Path

import pytest

from cvmatch.training.config import load_config
from cvmatch.training.runner import train


def _offline_log(path: Path, keys: tuple[bytes, ...], wait_s: float = 60.0) -> bytes:
    """The run's offline log once it holds ``keys``.

    wandb's background service may still be writing the file when ``finish()`` returns, so poll
    for the content instead of reading once. This does not time anything: it gives up after
    ``wait_s`` and returns what is there, and the caller's asserts then fail.
    """
    deadline = time.monotonic() + wait_s
    while True:
        logged = path.read_bytes() if path.is_file() else b""
        if all(key in logged for key in keys) or time.monotonic() > deadline:
            return logged
        time.sleep(0.2)


def test_wandb_offline_run_logs_config_metrics_and_model(
    write_config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("wandb", reason="the wandb extra is not installed")
    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.delenv("WANDB_API_KEY", raising=False)
    monkeypatch.setenv("WANDB_CONFIG_DIR", str(tmp_path / "wandb-config"))
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "wandb-cache"))
    extra = "base_model: fake-keywords\nhead: linear\nlearning_rate: 0.05\n"
    config = load_config(write_config(extra=extra, name="wb", backend="wandb"), "bi-encoder")
    report = train(config)
    assert report.model.model_ref == "wb@v1"
    runs = list((tmp_path / "runs" / "wandb").glob(f"offline-run-*-{report.run_id}"))
    assert len(runs) == 1, sorted(p.name for p in (tmp_path / "runs" / "wandb").iterdir())
    keys = (b"val_map", b"train_loss", b"test_map", b"data_train_sha256", b"git_commit")
    logged = _offline_log(runs[0] / f"run-{report.run_id}.wandb", keys)
    for key in keys:
        assert key in logged, key


def test_wandb_metrics_logged_behind_the_last_step_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("wandb", reason="the wandb extra is not installed")
    from cvmatch.training.config import TrackingConfig  # noqa: PLC0415
    from cvmatch.training.tracking import make_tracker  # noqa: PLC0415

    monkeypatch.setenv("WANDB_MODE", "offline")
    monkeypatch.setenv("WANDB_CONFIG_DIR", str(tmp_path / "wandb-config"))
    monkeypatch.setenv("WANDB_CACHE_DIR", str(tmp_path / "wandb-cache"))
    tracker = make_tracker(TrackingConfig(backend="wandb", dir=tmp_path / "runs"), "late")
    tracker.log_metrics({"val_mrr": 0.5}, step=5)
    tracker.log_metrics({"test_mrr_late": 0.4}, step=2)  # the best epoch, after the last one
    tracker.finish()
    (run,) = (tmp_path / "runs" / "wandb").glob(f"offline-run-*-{tracker.run_id}")
    logged = _offline_log(run / f"run-{tracker.run_id}.wandb", (b"val_mrr", b"test_mrr_late"))
    assert b"val_mrr" in logged
    assert b"test_mrr_late" in logged
