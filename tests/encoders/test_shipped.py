"""The trained models that ship in the package: each loads, matches its manifest and its probes."""

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.registry import load_encoder
from cvmatch.encoders.shipped import (
    WEIGHTS_DIR,
    ShippedEncoder,
    ShippedManifest,
    english_default,
    shipped_models,
)
from cvmatch.settings import Settings

pytestmark = [pytest.mark.models, pytest.mark.disable_socket]

SHIPPED = shipped_models()
BUDGET_BYTES = 50 * 2**20
"""Issue 18: at most 50 MB of shipped weights in all."""


def test_the_package_ships_the_chosen_models() -> None:
    assert [m.name for m in SHIPPED] == ["recommend-esco-int8"]


def test_all_shipped_weights_fit_the_budget() -> None:
    total = sum(p.stat().st_size for p in WEIGHTS_DIR.rglob("*") if p.is_file())
    assert total <= BUDGET_BYTES


@pytest.mark.parametrize("model", SHIPPED, ids=lambda m: m.name)
def test_manifest_names_its_file_recipe_data_and_licences(model: ShippedManifest) -> None:
    assert file_digest(WEIGHTS_DIR / model.name / "model.onnx") == model.sha256
    assert Path(model.recipe).is_file()  # the recipe it was trained with is in the repository
    assert set(model.training_pairs_sha256) == {"train", "validation", "test"}
    for source in model.data:
        assert source.licence
        assert len(source.sha256) == 64
    assert model.cosine_to_fp32 >= 0.98
    assert model.held_out  # what it gains, measured on data it never trained on


@pytest.mark.parametrize("model", SHIPPED, ids=lambda m: m.name)
def test_shipped_model_loads_by_name_and_gives_its_reference_cosines(
    model: ShippedManifest,
) -> None:
    encoder = load_encoder(model.name, threads=1)
    assert isinstance(encoder, ShippedEncoder)
    assert encoder.model_id == f"{model.name}@{model.sha256}"
    texts = sorted({t for p in model.probes for t in (p.query, p.document)})
    vectors = dict(zip(texts, encoder.encode(texts, role="query"), strict=True))
    assert all(v.shape == (model.dim,) for v in vectors.values())
    assert np.allclose([np.linalg.norm(v) for v in vectors.values()], 1.0, atol=1e-5)
    for probe in model.probes:
        # int8 kernels differ a little between CPU families; 0.02 is far below any decision
        assert float(vectors[probe.query] @ vectors[probe.document]) == pytest.approx(
            probe.cosine, abs=0.02
        )
    related = vectors["software engineer"] @ vectors["software developer"]
    assert related > vectors["software engineer"] @ vectors["registered nurse"] + 0.2


def test_models_command_shows_shipped_models_with_their_use_and_figures() -> None:
    result = CliRunner().invoke(app, ["models", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    for model in SHIPPED:
        row = rows[model.name]
        assert row["active"] == list(model.default_for)
        assert len(row["held_out"]) == len(model.held_out)
        assert model.trained_as in row["description"]
    assert rows["minilm-int8"]["active"] == []  # built-ins: fields added, values empty
    table = CliRunner().invoke(app, ["models"])
    assert "held-out:" in table.output


def test_titles_uses_the_shipped_title_default_unless_the_user_chose_an_encoder() -> None:
    assert english_default("titles", Settings()) == "recommend-esco-int8"
    assert english_default("titles", Settings(english_encoder="minilm-int8")) == "minilm-int8"
