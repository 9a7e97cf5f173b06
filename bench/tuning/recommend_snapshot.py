"""Register the model of an unfinished ``recommend-esco`` run's checkpoint as ``recommend-esco@vN``.

On the shared 2-core machine the recipe's single epoch did not fit the time budget. Its loop
checkpoints every 25 steps (``<models dir>/recommend-esco/checkpoint/state.pt``); this script
loads the model weights of that checkpoint into the base MiniLM and registers the result, with
``partial: {"step": s, "of": n}`` in the manifest so nobody mistakes it for a finished run. The
checkpoint is left in place: ``cvmatch train`` still resumes from it.

Usage: ``.venv/bin/python -m bench.tuning.recommend_snapshot [--config recipes/recommend-bi-encoder.yaml]``
"""

import argparse
import tempfile
from pathlib import Path

import torch

from cvmatch.settings import get_settings
from cvmatch.training.bi_encoder import _loss_module, base_model_path, load_sentence_transformer
from cvmatch.training.config import load_config
from cvmatch.training.model_registry import register


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--config", type=Path, default=Path("recipes/recommend-bi-encoder.yaml"))
    parser.add_argument("--total-steps", type=int, default=232)
    args = parser.parse_args()
    config = load_config(args.config, "bi-encoder")
    root = config.output_dir or get_settings().trained_models_dir
    state = root / config.name / "checkpoint" / "state.pt"
    payload = torch.load(state, map_location="cpu", weights_only=False)
    if payload["fingerprint"] != config.fingerprint():
        raise SystemExit(f"{state} was written for another config")
    model = load_sentence_transformer(base_model_path(config.base_model, root), None)
    loss = _loss_module(config.loss_name, model)
    loss.load_state_dict(payload["model"])
    with tempfile.TemporaryDirectory() as folder:
        model.save(folder)
        trained = register(
            Path(folder),
            root,
            name=config.name,
            kind=config.kind,
            extra={
                "base_model": config.base_model,
                "partial": {
                    "epoch": payload["epoch"],
                    "step": payload["step"],
                    "of": args.total_steps,
                },
                "train_loss_last_25": sum(payload["losses"][-25:]) / 25,
                "config": config.model_dump(mode="json"),
            },
        )
    print(
        f"registered {trained.name}@v{trained.version} at {trained.path} (step {payload['step']})"
    )


if __name__ == "__main__":
    main()
