"""Tiny trained models for the scoring-stage tests: a ranker and a cross-encoder, no hub.

:func:`train_tiny` writes a dozen job ↔ CV pairs and a config into a folder and trains one
model with :func:`cvmatch.training.runner.train` into the registry of the current settings
(``CVMATCH_MODELS_DIR``), as ``cvmatch train`` does.
"""

import csv
from pathlib import Path

from cvmatch.training.config import load_config
from cvmatch.training.runner import train
from cvmatch.types import TrainedModel

PAIRS = [
    ("cassandra database administrator", "ran cassandra clusters as a dba", "dba"),
    ("python developer", "wrote python services", "py"),
    ("java engineer", "built java backends", "java"),
    ("icu nurse", "cared for intensive care patients", "nurse"),
    ("head chef", "ran a restaurant kitchen", "chef"),
    ("truck driver", "drove heavy goods vehicles", "driver"),
    ("accountant", "prepared company accounts", "acc"),
    ("frontend engineer", "built react user interfaces", "front"),
    ("oracle dba", "tuned oracle databases", "ora"),
    ("pastry cook", "baked bread and cakes", "cook"),
    ("registered nurse", "nursed patients on a ward", "rn"),
    ("site reliability engineer", "kept cassandra and kubernetes up", "sre"),
]
RANKER = "ranker: {dense_model: fake-keywords, candidates: 4, hidden: 4}\nlearning_rate: 0.05\n"
CROSS_ENCODER = "base_model: minilm\nnegatives_per_positive: 1\nlearning_rate: 5.0e-5\n"


def train_tiny(folder: Path, kind: str, name: str) -> TrainedModel:
    """Train a tiny ``ranker`` (over the keyword fake) or ``cross-encoder`` (MiniLM) model."""
    folder.mkdir(parents=True, exist_ok=True)
    pairs = folder / "pairs.csv"
    with pairs.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["jd", "resume", "label", "job"])
        writer.writerows([query, document, 1, group] for query, document, group in PAIRS)
    extra = RANKER if kind == "ranker" else CROSS_ENCODER
    text = (
        f"kind: {kind}\nname: {name}\n"
        f"data:\n  sources:\n    - {{type: file, path: {pairs}, group_column: job}}\n"
        "  validation_fraction: 0.25\n  test_fraction: 0.0\n"
        f"epochs: {2 if kind == 'ranker' else 1}\nbatch_size: 4\nmax_length: 32\n"
        "warmup_fraction: 0.0\ncheckpoint_every: 1\nearly_stopping_patience: null\n"
        f"tracking: {{backend: none, dir: {folder / 'runs'}}}\n{extra}"
    )
    config = folder / f"{name}.yaml"
    config.write_text(text, encoding="utf-8")
    return train(load_config(config, kind)).model
