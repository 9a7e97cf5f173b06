"""Shipped projection heads: manifest, loading over the base encoder, default of ``titles``."""

import json
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.cosine_mean import CosineMeanEncoder
from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.registry import load_encoder
from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.encoders.shipped_head import (
    HEAD_FILE,
    HEAD_MANIFEST,
    ShippedHeadEncoder,
    ShippedHeadManifest,
    language_heads,
    read_head_manifest,
    shipped_head_folder,
    shipped_heads,
)
from cvmatch.errors import InvalidInputError


def _write_head(
    root: Path, name: str, default_for: list[str], languages: tuple[str, ...] = ("de",)
) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    weight = np.eye(32, dtype=np.float32) * 2.0
    weight[0, 0] = 0.0  # the head drops the first dimension
    np.savez(folder / HEAD_FILE, w0=weight, b0=np.zeros(32, np.float32))
    manifest = {
        "name": name,
        "description": "test head",
        "base_model": "fake-keywords",
        "languages": list(languages),
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


def test_a_method_uses_the_heads_that_name_it_by_their_languages(tmp_path: Path) -> None:
    _write_head(tmp_path, "a-head", [], ("es",))
    _write_head(tmp_path, "b-head", ["titles"], ("de",))
    _write_head(tmp_path, "c-head", ["titles", "hybrid"], ("fr",))
    assert language_heads("titles", tmp_path) == {"de": "b-head", "fr": "c-head"}
    assert language_heads("hybrid", tmp_path) == {"fr": "c-head"}
    assert language_heads("titles", tmp_path / "none") == {}


def test_a_broken_manifest_is_a_clear_error(tmp_path: Path) -> None:
    folder = _write_head(tmp_path, "bad", [])
    (folder / HEAD_MANIFEST).write_text('{"name": "bad"}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match="invalid shipped-head manifest"):
        read_head_manifest(folder)


SHIPPED_HEADS = shipped_heads()


@pytest.mark.models
@pytest.mark.disable_socket
def test_the_package_ships_the_per_language_heads_chosen_by_the_rule() -> None:
    assert {h.name: h.languages for h in SHIPPED_HEADS} == {
        "e5-use-m3-esco-de": ("de",),
        "e5-use-m3-esco-es": ("es",),
        "e5-use-m3-esco-fr": ("fr",),
        "use-m3-esco-de": ("de",),
        "use-m3-esco-es": ("es",),
        "use-m3-esco-fr": ("fr",),
    }
    # Round 3: the ensembles (e5 head + the USE-m3 head of L) are the default of titles.
    assert language_heads("titles") == {
        "de": "e5-use-m3-esco-de",
        "es": "e5-use-m3-esco-es",
        "fr": "e5-use-m3-esco-fr",
    }
    assert {h.name: h.mean_with for h in SHIPPED_HEADS if h.mean_with} == {
        f"e5-use-m3-esco-{lang}": (f"use-m3-esco-{lang}",) for lang in ("de", "es", "fr")
    }
    assert language_heads("hybrid") == {}  # measured on titles only
    total = sum(p.stat().st_size for h in SHIPPED_HEADS for p in (WEIGHTS_DIR / h.name).iterdir())
    assert total <= 12 * 2**20  # the share of issue 20 in the 50 MB budget


@pytest.mark.models
@pytest.mark.disable_socket
@pytest.mark.parametrize("head", SHIPPED_HEADS, ids=lambda h: h.name)
def test_a_shipped_head_matches_its_manifest_and_its_probes(head: ShippedHeadManifest) -> None:
    folder = WEIGHTS_DIR / head.name
    assert file_digest(folder / HEAD_FILE) == head.sha256
    assert all("ESCO" in source.licence and source.attribution for source in head.data)
    assert head.held_out
    encoder = load_encoder(head.name, threads=1)
    if head.mean_with:  # an ensemble: this head is its first part
        assert isinstance(encoder, CosineMeanEncoder)
        assert [part.name for part in encoder.parts] == [head.name, *head.mean_with]
        assert encoder.parts[0].model_id == f"{head.name}@{head.sha256}"
        assert encoder.dim == head.dim
    else:
        assert isinstance(encoder, ShippedHeadEncoder)
        assert encoder.model_id == f"{head.name}@{head.sha256}"
    for probe in head.probes:
        q, d = encoder.encode([probe.query, probe.document], role="query")
        assert float(q @ d) == pytest.approx(probe.cosine, abs=1e-4)
