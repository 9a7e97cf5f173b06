"""Shipped projection heads: manifest, loading over the base encoder, default of ``titles``."""

import json
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.shipped_head import (
    HEAD_FILE,
    HEAD_MANIFEST,
    ShippedHeadEncoder,
    multilingual_default,
    read_head_manifest,
    shipped_head_folder,
    shipped_heads,
)
from cvmatch.errors import InvalidInputError


def _write_head(root: Path, name: str, default_for: list[str]) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    weight = np.eye(32, dtype=np.float32) * 2.0
    weight[0, 0] = 0.0  # the head drops the first dimension
    np.savez(folder / HEAD_FILE, w0=weight, b0=np.zeros(32, np.float32))
    manifest = {
        "name": name,
        "description": "test head",
        "base_model": "fake-keywords",
        "languages": ["de", "fr"],
        "dim": 32,
        "sha256": file_digest(folder / HEAD_FILE),
        "training": {"epochs": 1},
        "data": [{"source": "ESCO", "sha256": "0" * 64, "licence": "ESCO terms"}],
        "default_for": default_for,
    }
    (folder / HEAD_MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def test_a_head_folder_is_found_read_and_applied_over_its_base(tmp_path: Path) -> None:
    folder = _write_head(tmp_path, "test-head", ["titles"])
    assert [m.name for m in shipped_heads(tmp_path)] == ["test-head"]
    assert shipped_head_folder("test-head", tmp_path) == folder
    assert shipped_head_folder("other", tmp_path) is None
    base = KeywordEncoder()
    encoder = ShippedHeadEncoder(folder, base)
    texts = ["database administrator", "Datenbankadministrator"]
    got = encoder.encode(texts, role="query")
    raw = base.encode(texts, role="query") * 2.0
    raw[:, 0] = 0.0
    expected = raw / np.linalg.norm(raw, axis=1, keepdims=True)
    assert np.allclose(got, expected, atol=1e-6)
    assert encoder.model_id == f"test-head@{read_head_manifest(folder).sha256}"


def test_the_default_of_a_method_is_the_head_that_names_it(tmp_path: Path) -> None:
    _write_head(tmp_path, "a-head", [])
    _write_head(tmp_path, "b-head", ["titles"])
    assert multilingual_default("titles", tmp_path) == "b-head"
    assert multilingual_default("hybrid", tmp_path) is None
    assert multilingual_default("titles", tmp_path / "none") is None


def test_a_broken_manifest_is_a_clear_error(tmp_path: Path) -> None:
    folder = _write_head(tmp_path, "bad", [])
    (folder / HEAD_MANIFEST).write_text('{"name": "bad"}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="invalid shipped-head manifest"):
        read_head_manifest(folder)
