"""The Korean seed's workflow: its JSON config and ``resume,jd,label`` CSV train through
``cvmatch train bi-encoder``, report its metric beside ours, and the model ranks."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.errors import InvalidInputError
from cvmatch.settings import get_settings
from cvmatch.training.records import TrainingPair
from cvmatch.training.seed import is_seed_config, seed_name, seed_recipes
from cvmatch.training.validation import scaled_cosine_mse

FIXTURES = Path(__file__).parent / "fixtures"
PAIRS = FIXTURES / "seed-pairs-ko.csv"
SEED = {
    "model_name": "sentence-transformers/all-MiniLM-L6-v2",
    "device": "cuda",
    "batch_size": 4,
    "val_split": 0.25,
    "checkpoints_path": "./checkpoints",
    "lr": 2e-5,
    "epoch_num": 1,
    "patience": 5,
    "num_logs_per_epoch": 5,
    "use_fp16": True,
    "gradient_clipping": True,
    "max_length": 32,
    "embedding_option": "mean",
    "csv_file_path": str(PAIRS),
    "col_name1": "resume",
    "col_name2": "jd",
    "label_col": "label",
}
runner = CliRunner()


def test_the_seed_metric_is_the_mse_of_rescaled_cosines() -> None:
    """Cosines (1, 0, −1), labels (1, 0, 0): ((1−1)² + (0.5−0)² + (0−0)²) / 3 = 0.25 / 3."""
    pairs = [TrainingPair("q", "d", label, "g") for label in (1.0, 0.0, 0.0)]
    result = scaled_cosine_mse(pairs, np.array([1.0, 0.0, -1.0]))
    assert result == {"mse_cos01": pytest.approx(0.25 / 3)}
    assert scaled_cosine_mse([], np.zeros(0)) == {}


def test_a_seed_config_becomes_one_bi_encoder_recipe_with_the_seed_loss() -> None:
    assert is_seed_config(SEED)
    assert not is_seed_config({"kind": "bi-encoder", "model_name": "x", "data": {}})
    [recipe] = seed_recipes(SEED, "ko-seed")
    assert recipe["kind"] == "bi-encoder"
    assert recipe["loss"] == "scaled-cosine"
    assert recipe["base_model"] == "minilm"  # the packaged copy of the seed's hub id
    assert (recipe["epochs"], recipe["batch_size"], recipe["learning_rate"]) == (1, 4, 2e-5)
    assert recipe["max_length"] == 32
    [source] = recipe["data"]["sources"]
    assert (source["query_column"], source["document_column"]) == ("jd", "resume")
    assert recipe["data"]["validation_fraction"] == 0.25


def test_mlm_on_adapts_first_and_the_bi_encoder_starts_from_it() -> None:
    adapt, bi_encoder = seed_recipes(SEED | {"use_mlm": True}, "ko-seed")
    assert (adapt["kind"], adapt["name"]) == ("adapt", "ko-seed-mlm")
    assert [s["query_column"] for s in adapt["data"]["sources"]] == ["resume", "jd"]
    assert bi_encoder["base_model"] == "ko-seed-mlm"


def test_unknown_keys_and_cls_pooling_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="unknown keys"):
        seed_recipes(SEED | {"epochz": 3}, "x")
    with pytest.raises(InvalidInputError, match="mean"):
        seed_recipes(SEED | {"embedding_option": "CLS"}, "x")


def test_the_registry_name_comes_from_the_file_name() -> None:
    assert seed_name(Path("configs/train/multiling_BERT.json")) == "multiling-bert"


@pytest.fixture
def registry(tmp_path: Path) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
        patch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
        patch.setenv("CVMATCH_REFERENCE_DATE", "2025-01")
        get_settings.cache_clear()
        yield tmp_path
    get_settings.cache_clear()


def _run(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.models
def test_the_seed_trains_through_cvmatch_train_and_ranks(registry: Path) -> None:
    config = registry / "ko_seed.json"
    seed = SEED | {"test_split": 0.25, "tracking": {"backend": "none"}}
    config.write_text(json.dumps(seed, ensure_ascii=False), encoding="utf-8")
    report = _run("train", "bi-encoder", "--config", str(config))
    assert report["model"] == "ko-seed@v1"
    assert 0.0 <= report["history"][0]["val_mse_cos01"] <= 1.0
    assert {"mse_cos01", "mrr", "map"} <= set(report["test"])  # the seed's metric beside ours
    cvs = [
        FIXTURES / "kim-minjun-cassandra-dba-ko.txt",
        FIXTURES / "wang-fang-cassandra-dba-zh.txt",
    ]
    ranking = _run(
        "rank",
        str(FIXTURES / "job-cassandra-dba-ko.md"),
        *map(str, cvs),
        "--model",
        "ko-seed@v1",
        "--format",
        "json",
    )
    assert ranking["results"]
    assert {r["signals"]["dense_model"].split(":")[0] for r in ranking["results"]} == {"ko-seed@v1"}
