"""Tiny self-made training fixtures: pair files and configs written into ``tmp_path``."""

import csv
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cvmatch.settings import get_settings

PAIRS = [
    ("python developer", "wrote python services", "py"),
    ("java engineer", "built java backends", "java"),
    ("icu nurse", "cared for intensive care patients", "nurse"),
    ("head chef", "ran a restaurant kitchen", "chef"),
    ("truck driver", "drove heavy goods vehicles", "driver"),
    ("accountant", "prepared company accounts", "acc"),
    ("welder", "welded steel structures", "weld"),
    ("teacher", "taught maths to pupils", "teach"),
    ("python programmer", "python data pipelines", "py2"),
    ("pastry cook", "baked bread and cakes", "cook"),
    ("electrician", "wired buildings", "elec"),
    ("pilot", "flew airliners", "pilot"),
]


@pytest.fixture(autouse=True)
def base_model(fake_registered: str) -> str:
    """The encoder the configs name as ``base_model``: the registered fake ``fake-keywords``."""
    return fake_registered


@pytest.fixture(autouse=True)
def models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Each test gets its own trained-model registry."""
    folder = tmp_path / "registry"
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(folder))
    get_settings.cache_clear()
    yield folder
    get_settings.cache_clear()


@pytest.fixture
def pairs_csv(tmp_path: Path) -> Path:
    path = tmp_path / "pairs.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["jd", "resume", "label", "job"])
        for query, document, group in PAIRS:
            writer.writerow([query, document, 1, group])
    return path


@pytest.fixture
def write_config(tmp_path: Path, pairs_csv: Path) -> Callable[..., Path]:
    def write(
        kind: str = "bi-encoder",
        extra: str = "",
        name: str = "tiny",
        test: float = 0.2,
        backend: str = "mlflow",
    ) -> Path:
        text = (
            f"kind: {kind}\nname: {name}\n"
            f"data:\n  sources:\n    - {{type: file, path: {pairs_csv}, group_column: job}}\n"
            f"  validation_fraction: 0.2\n  test_fraction: {test}\n"
            "epochs: 2\nbatch_size: 4\nmax_length: 16\nlearning_rate: 1.0e-4\n"
            "warmup_fraction: 0.0\ncheckpoint_every: 1\nearly_stopping_patience: null\n"
            f"tracking: {{backend: {backend}, dir: {tmp_path / 'runs'}}}\n{extra}"
        )
        path = tmp_path / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
