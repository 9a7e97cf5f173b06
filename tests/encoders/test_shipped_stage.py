"""Scoring stages that ship in the package: manifests, checked files, name resolution, listing."""

import fnmatch
import json
import shutil
import tomllib
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.cli.render import models_table
from cvmatch.encoders.registry import encoder_status, load_encoder
from cvmatch.encoders.shipped import WEIGHTS_DIR, shipped_models
from cvmatch.encoders.shipped_stage import (
    StageManifest,
    read_stage_manifest,
    resolve_stage,
    shipped_stage_folder,
    shipped_stages,
    stage_model_id,
    verify_stage,
    write_stage_manifest,
)
from cvmatch.errors import InvalidInputError, ModelUnavailableError
from cvmatch.settings import get_settings

pytestmark = pytest.mark.disable_socket

ROOT = Path(__file__).resolve().parents[2]
STAGES = shipped_stages()
RANKER_BUDGET = 2**20
"""Issue 18's split of the 50 MB: the shipped ranker gets at most 1 MB."""


def test_the_package_ships_the_ranker_as_an_opt_in_stage() -> None:
    rankers = [(m.name, m.kind) for m in STAGES if m.kind != "cross-encoder"]
    assert rankers == [("rjdb-match-ranker", "match-ranker")]
    assert all(not m.default_for for m in STAGES)  # none met its target: all opt-in
    assert "rjdb-match-ranker" not in [m.name for m in shipped_models()]  # not an encoder


@pytest.mark.parametrize("stage", STAGES, ids=lambda m: m.name)
def test_manifest_names_recipe_data_licence_figures_and_every_file(stage: StageManifest) -> None:
    folder = WEIGHTS_DIR / stage.name
    assert verify_stage(folder) == stage
    assert (ROOT / stage.recipe).is_file()
    assert stage.licence
    for source in stage.data:
        assert source.licence
        assert len(source.sha256) == 64
    assert stage.held_out  # measured on data it never trained on
    assert all(f.looks for f in stage.held_out)
    if stage.kind != "cross-encoder":
        assert sum((folder / name).stat().st_size for name in stage.files) <= RANKER_BUDGET


@pytest.mark.parametrize("stage", STAGES, ids=lambda m: m.name)
def test_every_shipped_file_is_package_data(stage: StageManifest) -> None:
    """A wheel carries the folder: each file matches a ``package-data`` pattern."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["cvmatch"]
    for name in [*stage.files, "manifest.json"]:
        path = f"encoders/weights/{stage.name}/{name}"
        assert any(fnmatch.fnmatch(path, p) for p in patterns), path


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "weights"
    shutil.copytree(WEIGHTS_DIR / "rjdb-match-ranker", root / "rjdb-match-ranker")
    return root


def test_an_altered_missing_or_extra_file_refuses_to_load(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    folder = root / "rjdb-match-ranker"
    assert stage_model_id(folder).startswith("rjdb-match-ranker@")
    (folder / "extra.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match=r"extra\.txt; reinstall cvmatch"):
        verify_stage(folder)
    (folder / "extra.txt").unlink()
    features = folder / "features.json"
    features.write_text(features.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match=r"features\.json"):
        stage_model_id(folder)
    features.unlink()
    with pytest.raises(ModelUnavailableError, match=r"features\.json"):
        verify_stage(folder)


def test_the_manifest_kind_must_be_the_models(tmp_path: Path) -> None:
    folder = _copy(tmp_path) / "rjdb-match-ranker"
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    data["kind"] = "ranker"
    (folder / "manifest.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="manifest kind 'ranker'"):
        verify_stage(folder)
    (folder / "manifest.json").write_text('{"kind": "match-ranker"}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="invalid shipped-stage manifest"):
        read_stage_manifest(folder)


def test_write_stage_manifest_lists_every_file(tmp_path: Path) -> None:
    folder = _copy(tmp_path) / "rjdb-match-ranker"
    fields = read_stage_manifest(folder).model_dump(exclude={"files"})
    (folder / "manifest.json").unlink()
    written = write_stage_manifest(folder, **fields)
    assert set(written.files) == {"cvmatch-model.json", "feedback-ranker.npz", "features.json"}
    assert verify_stage(folder) == written
    with pytest.raises(InvalidInputError, match="invalid shipped-stage manifest"):
        write_stage_manifest(folder, **(fields | {"kind": "encoder"}))


def _registry_with(tmp_path: Path, name: str) -> Path:
    """A trained-model registry holding ``name@v1`` (a copy of the ranker's model folder)."""
    registry = tmp_path / "models"
    target = registry / name / "v1"
    shutil.copytree(WEIGHTS_DIR / "rjdb-match-ranker", target)
    (target / "manifest.json").unlink()  # a trained model: no shipped manifest
    return registry


def test_names_resolve_shipped_first_then_the_registry_then_folders(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    registry = _registry_with(tmp_path, "rjdb-match-ranker")
    shipped = root / "rjdb-match-ranker"
    # a clash: the bare name is the shipped stage, name@vN the user's model
    assert resolve_stage("rjdb-match-ranker", registry, root) == shipped
    assert (
        resolve_stage("rjdb-match-ranker@v1", registry, root)
        == registry / "rjdb-match-ranker" / "v1"
    )
    assert stage_model_id(registry / "rjdb-match-ranker" / "v1") == "rjdb-match-ranker@v1"
    # no shipped stage of that name: the registry's latest version, then a folder
    assert resolve_stage("rjdb-match-ranker", registry, tmp_path / "empty") == (
        registry / "rjdb-match-ranker" / "v1"
    )
    assert resolve_stage(str(shipped), tmp_path / "none", tmp_path / "empty") == shipped
    assert resolve_stage("nope", registry, root) is None
    assert shipped_stage_folder("rjdb-match-ranker") == WEIGHTS_DIR / "rjdb-match-ranker"


def test_a_shipped_stage_is_not_an_encoder() -> None:
    with pytest.raises(
        ModelUnavailableError, match=r"shipped match-ranker, not an encoder.*--ranker"
    ):
        load_encoder("rjdb-match-ranker")


def test_cvmatch_models_lists_the_stage_opt_in_with_its_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["models", "--format", "json"])
        console = Console(width=400, record=True)
        console.print(models_table(encoder_status()))
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    row = rows["rjdb-match-ranker"]
    assert (row["kind"], row["stage"], row["opt_in"], row["active"]) == (
        "reranker",
        "--ranker",
        True,
        [],
    )
    assert any("RJDB dev report half" in figure for figure in row["held_out"])
    assert any("looks" in figure for figure in row["held_out"])
    assert rows["minilm-int8"]["stage"] is None  # every row gains the fields
    assert rows["minilm-int8"]["opt_in"] is False
    assert "active: no, opt-in (--ranker rjdb-match-ranker)" in console.export_text()
