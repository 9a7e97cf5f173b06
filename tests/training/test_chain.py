"""Recipes chained by name: `cvmatch train --config A.yaml` trains A's missing base first."""

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.encoders import load_encoder
from cvmatch.encoders.trained import ProjectionEncoder
from cvmatch.errors import InvalidInputError
from cvmatch.training.chain import find_recipe, missing_base, train_chain

runner = CliRunner()

HEAD = "head: linear\nlearning_rate: 0.05\nepochs: 1\n"


@pytest.fixture
def chained(write_config: Callable[..., Path]) -> Path:
    """``top.yaml`` (base ``tiny-base``, no such model yet) beside ``base.yaml`` named ``tiny-base``."""
    base = write_config(
        name="tiny-base", backend="none", extra=f"base_model: fake-keywords\n{HEAD}"
    )
    base.rename(base.with_name("base.yaml"))  # found by its name key, not its file name
    return write_config(name="top", backend="none", extra=f"base_model: tiny-base\n{HEAD}")


def test_train_builds_the_missing_base_first_then_the_recipe(chained: Path) -> None:
    result = runner.invoke(app, ["train", "--config", str(chained)])  # kind from the config
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["built_first"] == ["tiny-base@v1"]
    assert payload["model"] == "top@v1"
    top = load_encoder("top@v1")
    assert isinstance(top, ProjectionEncoder)
    assert isinstance(top.base, ProjectionEncoder)
    assert top.base.ref == "tiny-base@v1"
    again = runner.invoke(app, ["train", "bi-encoder", "--config", str(chained)])
    assert again.exit_code == 0, again.output
    payload = json.loads(again.stdout)
    assert payload["built_first"] == []  # the base exists now: used, not rebuilt
    assert payload["model"] == "top@v2"


def test_a_pin_the_chain_cannot_honour_is_refused(write_config: Callable[..., Path]) -> None:
    write_config(name="tiny-base", backend="none", extra=f"base_model: fake-keywords\n{HEAD}")
    top = write_config(name="top", backend="none", extra=f"base_model: tiny-base@v2\n{HEAD}")
    with pytest.raises(InvalidInputError, match=r"pins version 2.*tiny-base@v1"):
        train_chain(top)


def test_a_missing_base_without_a_recipe_names_where_it_looked(
    write_config: Callable[..., Path],
) -> None:
    top = write_config(name="top", backend="none", extra=f"base_model: nowhere-model\n{HEAD}")
    result = runner.invoke(app, ["train", "--config", str(top)])
    assert result.exit_code == 2
    assert "no recipe named 'nowhere-model'" in result.output
    assert "Traceback" not in result.output


def test_recipes_that_start_from_each_other_are_a_cycle(write_config: Callable[..., Path]) -> None:
    write_config(name="a", backend="none", extra=f"base_model: b\n{HEAD}")
    b = write_config(name="b", backend="none", extra=f"base_model: a\n{HEAD}")
    calls: list[str] = []
    with pytest.raises(InvalidInputError, match="cycle: b -> a -> b"):
        train_chain(b, trainer=lambda config: calls.append(config.name))  # type: ignore[func-returns-value,arg-type]
    assert calls == []  # nothing trained before the cycle was seen


def test_only_missing_trained_models_count_as_missing(tmp_path: Path, models_dir: Path) -> None:
    assert missing_base("minilm", models_dir) is None  # a built-in encoder
    assert missing_base(str(tmp_path), models_dir) is None  # a folder
    assert missing_base("recommend-esco", models_dir) == ("recommend-esco", None)
    assert missing_base("recommend-esco@v2", models_dir) == ("recommend-esco", 2)


def test_find_recipe_matches_the_name_key_in_the_given_folders(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("kind: bi-encoder\nname: wanted\n", encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    assert find_recipe("wanted", [tmp_path / "absent", tmp_path]) == tmp_path / "x.yaml"
    assert find_recipe("other", [tmp_path]) is None


def test_no_product_recipe_reads_the_bench_scratch_folder() -> None:
    recipes = sorted(Path("recipes").glob("*.yaml"))
    assert recipes
    for recipe in recipes:
        assert "bench/out" not in recipe.read_text(encoding="utf-8"), recipe
