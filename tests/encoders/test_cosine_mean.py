"""The cosine-mean ensemble: joined vectors whose dot product is the mean of the parts' cosines."""

import json
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.cosine_mean import CosineMeanEncoder
from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.shipped_head import (
    HEAD_FILE,
    HEAD_MANIFEST,
    ShippedHeadEncoder,
    head_encoder,
)
from cvmatch.errors import InvalidInputError

TEXTS = ["database administrator", "Datenbankadministrator", "chef de cuisine", "cook"]


class ScaledKeywords(KeywordEncoder):
    """The keyword encoder with the first slot scaled: another geometry, same texts."""

    name = "scaled-keywords"

    @property
    def model_id(self) -> str:
        return "scaled-keywords@1"

    def _encode_batch(self, texts: list[str], role: str) -> np.ndarray:  # type: ignore[override]
        out = super()._encode_batch(texts, role)  # type: ignore[arg-type]
        out[:, :8] *= 3.0
        return out


def test_the_dot_product_is_the_mean_of_the_parts_cosines() -> None:
    first, second = KeywordEncoder(), ScaledKeywords()
    ensemble = CosineMeanEncoder("pair", [first, second])
    joined = ensemble.encode(TEXTS, role="query")
    assert joined.shape == (4, 64)
    assert np.allclose(np.linalg.norm(joined, axis=1), 1.0)
    expected = 0.5 * (
        first.encode(TEXTS, role="query") @ first.encode(TEXTS, role="query").T
        + second.encode(TEXTS, role="query") @ second.encode(TEXTS, role="query").T
    )
    assert np.allclose(joined @ joined.T, expected, atol=1e-6)
    assert ensemble.model_id.startswith("pair@")
    assert ensemble.config()["parts"] == ["fake-keywords@1", "scaled-keywords@1"]


def test_weights_make_the_dot_product_their_weighted_mean() -> None:
    first, second = KeywordEncoder(), ScaledKeywords()
    ensemble = CosineMeanEncoder("pair", [first, second], weights=[0.7, 0.3])
    joined = ensemble.encode(TEXTS, role="query")
    assert np.allclose(np.linalg.norm(joined, axis=1), 1.0)
    a, b = first.encode(TEXTS, role="query"), second.encode(TEXTS, role="query")
    expected = 0.7 * (a @ a.T) + 0.3 * (b @ b.T)
    assert np.allclose(joined @ joined.T, expected, atol=1e-6)
    assert not np.allclose(joined @ joined.T, 0.5 * (a @ a.T + b @ b.T), atol=1e-3)
    equal = CosineMeanEncoder("pair", [first, second])
    assert ensemble.model_id != equal.model_id  # other weights, other cached vectors
    assert ensemble.config()["weights"] == [0.7, 0.3]
    assert "weights" not in equal.config()


@pytest.mark.parametrize("weights", [[0.5], [0.8, 0.3], [1.0, 0.0], [1.2, -0.2]])
def test_weights_must_be_one_positive_share_per_part(weights: list[float]) -> None:
    with pytest.raises(InvalidInputError, match="summing to 1"):
        CosineMeanEncoder("pair", [KeywordEncoder(), ScaledKeywords()], weights=weights)


def test_an_ensemble_needs_two_parts() -> None:
    with pytest.raises(InvalidInputError, match="two encoders or more"):
        CosineMeanEncoder("alone", [KeywordEncoder()])


def _head(
    root: Path, name: str, mean_with: list[str], mean_weights: list[float] | None = None
) -> Path:
    folder = root / name
    folder.mkdir()
    np.savez(folder / HEAD_FILE, w0=np.eye(32, dtype=np.float32), b0=np.zeros(32, np.float32))
    manifest = {
        "name": name,
        "description": "test head",
        "base_model": "fake-keywords",
        "languages": ["fr"],
        "dim": 32,
        "sha256": file_digest(folder / HEAD_FILE),
        "training": {"epochs": 1},
        "data": [{"source": "ESCO", "sha256": "0" * 64, "licence": "ESCO terms"}],
        "mean_with": mean_with,
        **({"mean_weights": mean_weights} if mean_weights else {}),
    }
    (folder / HEAD_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_head_with_mean_with_is_the_ensemble_of_its_parts(tmp_path: Path) -> None:
    plain = _head(tmp_path, "plain", [])
    mixed = _head(tmp_path, "mixed", ["other"])
    loaded: list[str] = []

    def load(name: str) -> DenseEncoder:
        loaded.append(name)
        return ScaledKeywords() if name == "other" else KeywordEncoder()

    assert isinstance(head_encoder(plain, load), ShippedHeadEncoder)
    ensemble = head_encoder(mixed, load)
    assert isinstance(ensemble, CosineMeanEncoder)
    assert ensemble.name == "mixed"
    assert loaded == ["fake-keywords", "fake-keywords", "other"]
    assert [type(part).__name__ for part in ensemble.parts] == [
        "ShippedHeadEncoder",
        "ScaledKeywords",
    ]


def test_mean_weights_in_the_manifest_reach_the_ensemble(tmp_path: Path) -> None:
    folder = _head(tmp_path, "weighted", ["other"], mean_weights=[0.7, 0.3])

    def load(name: str) -> DenseEncoder:
        return ScaledKeywords() if name == "other" else KeywordEncoder()

    ensemble = head_encoder(folder, load)
    assert isinstance(ensemble, CosineMeanEncoder)
    assert ensemble.weights == (0.7, 0.3)
    head, other = ensemble.parts
    joined = ensemble.encode(TEXTS, role="query")
    a, b = head.encode(TEXTS, role="query"), other.encode(TEXTS, role="query")
    assert np.allclose(joined @ joined.T, 0.7 * (a @ a.T) + 0.3 * (b @ b.T), atol=1e-6)
