"""The occupation index: label rows, one text, centroids, ads, and its cache on disk.

A table encoder gives each text a hand-picked vector, so every centroid below is computed by
hand: centroid = normalise((text vector + normalised mean of label vectors + Σ ads) / (2 + ads)).
"""

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.base import Role
from cvmatch.occupations.index import MANIFEST, build_index, label_rows, one_text, with_ads
from cvmatch.taxonomy.occupations import checksum
from cvmatch.types import LocalisedText, OccupationEntry

EN, FR = "en", "fr"
COOK = OccupationEntry(
    uri="o/cook",
    code="5120.1",
    isco_group="5120",
    preferred=(LocalisedText(EN, "cook"), LocalisedText(FR, "cuisinier")),
    alternatives=(LocalisedText(EN, "chef"), LocalisedText(EN, "cook")),
    descriptions=(LocalisedText(EN, "Cooks food"),),
    essential_skills=("knives",),
)
NURSE = OccupationEntry(
    uri="o/nurse",
    code="2221.1",
    isco_group="2221",
    preferred=(LocalisedText(EN, "nurse"),),
    alternatives=(LocalisedText(FR, " "),),  # a blank label: no label row
)
COOK_TEXT = "cook. chef, cook. Cooks food. Skills: knives"
VECTORS = {
    "cook": [1.0, 0.0, 0.0],
    "cuisinier": [0.0, 1.0, 0.0],
    "chef": [1.0, 0.0, 0.0],
    COOK_TEXT: [0.0, 0.0, 1.0],
    "nurse": [0.0, 1.0, 0.0],
    "night nurse": [0.0, 0.0, 1.0],
    "sous chef": [0.0, 0.0, 1.0],
    "nurse. Cares": [0.0, 1.0, 0.0],
    "nurse. chef": [0.0, 1.0, 0.0],
    "nurse. Skills: knives": [0.0, 1.0, 0.0],
}


class TableEncoder(KeywordEncoder):
    """The vector of each text is looked up in ``VECTORS`` (3 dimensions)."""

    dim = 3

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:  # noqa: ARG002
        self.calls.append(list(texts))
        return np.asarray([VECTORS[t] for t in texts], dtype=np.float32)


def test_label_rows_keep_each_language_label_once_grouped_by_occupation() -> None:
    rows = label_rows([COOK, NURSE])
    assert rows.texts == ("cook", "cuisinier", "chef", "nurse")  # repeated "cook", blank gone
    assert rows.languages == (EN, FR, EN, EN)
    assert rows.owner.tolist() == [0, 0, 0, 1]


def test_one_text_joins_label_alternatives_description_and_skills() -> None:
    assert one_text(COOK) == COOK_TEXT
    assert one_text(COOK, FR) == "cuisinier. Cooks food. Skills: knives"  # English description
    assert one_text(COOK, "de") == COOK_TEXT  # no German label: English
    assert one_text(NURSE) == "nurse"


def test_centroids_mix_the_text_and_the_mean_label(tmp_path: Path) -> None:
    index = build_index([COOK, NURSE], TableEncoder(), tmp_path)
    assert index.label_starts.tolist() == [0, 3]
    # cook: labels (1,0,0) (0,1,0) (1,0,0) → mean (2,1,0)/√5; text (0,0,1); sum has norm √2.
    cook = [2 / np.sqrt(10), 1 / np.sqrt(10), 1 / np.sqrt(2)]
    np.testing.assert_allclose(index.centroids, [cook, [0.0, 1.0, 0.0]], atol=1e-6)
    assert index.ads_count == 0
    assert index.taxonomy_checksum == checksum([COOK, NURSE])


def test_ads_of_unknown_occupations_are_dropped_and_known_ones_move_the_centroid(
    tmp_path: Path,
) -> None:
    ads = [("o/nurse", "night nurse"), ("o/unknown", "sous chef")]
    index = build_index([COOK, NURSE], TableEncoder(), tmp_path, ads=ads)
    assert index.ads_count == 1
    assert index.ad_texts == ("night nurse",)
    assert index.ad_owner.tolist() == [1]
    # nurse: text (0,1,0) + labels (0,1,0) + ad (0,0,1), over 3 → (0,2,1)/√5
    np.testing.assert_allclose(index.centroids[1], [0.0, 2 / np.sqrt(5), 1 / np.sqrt(5)], atol=1e-6)
    np.testing.assert_allclose(index.ad_means, [[0, 0, 0], [0, 0, 1]], atol=1e-6)


def test_with_ads_replaces_the_ads_and_an_empty_set_restores_the_plain_centroids(
    tmp_path: Path,
) -> None:
    plain = build_index([COOK, NURSE], TableEncoder(), tmp_path)
    eye = np.eye(3, dtype=np.float32)
    moved = with_ads(plain, np.asarray([0, 0]), eye[[2, 1]], ["b", "a"])
    # cook: (2/√5, 1/√5, 1) + (0,1,1), over 4 → direction (2/√5, 1+1/√5, 2)
    raw = np.asarray([2 / np.sqrt(5), 1 + 1 / np.sqrt(5), 2.0])
    np.testing.assert_allclose(moved.centroids[0], raw / np.linalg.norm(raw), atol=1e-6)
    np.testing.assert_allclose(moved.centroids[1], plain.centroids[1], atol=1e-6)
    again = with_ads(moved, np.zeros(0, np.int64), np.zeros((0, 3), np.float32), [])
    np.testing.assert_allclose(again.centroids, plain.centroids, atol=1e-6)
    assert again.ads_count == 0


def test_the_cache_round_trips_and_records_model_and_taxonomy(tmp_path: Path) -> None:
    first = TableEncoder()
    built = build_index([COOK, NURSE], first, tmp_path, ads=[("o/nurse", "night nurse")])
    # each distinct text once ("nurse" is a label and a one text; the encoder's memo holds it)
    assert sorted(first.embedded) == sorted(["chef", "cook", "cuisinier", "nurse", COOK_TEXT,
                                             "night nurse"])  # fmt: skip
    [folder] = (tmp_path / "occupation-index").iterdir()
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith("ads-")) == [
        "labels.npy", MANIFEST, "texts.npy"
    ]  # fmt: skip
    assert json.loads((folder / MANIFEST).read_text()) == {
        "model_id": "fake-keywords@1",
        "taxonomy_checksum": checksum([COOK, NURSE]),
        "occupations": 2,
        "labels": 4,
    }
    second = TableEncoder()
    loaded = build_index([COOK, NURSE], second, tmp_path, ads=[("o/nurse", "night nurse")])
    assert second.embedded == []  # labels, texts and ads all read back from .npy
    np.testing.assert_array_equal(loaded.centroids, built.centroids)
    np.testing.assert_array_equal(loaded.ad_vectors, built.ad_vectors)


def test_a_stale_manifest_or_a_wrong_shape_re_embeds(tmp_path: Path) -> None:
    build_index([COOK, NURSE], TableEncoder(), tmp_path)
    [folder] = (tmp_path / "occupation-index").iterdir()
    np.save(folder / "labels.npy", np.zeros((2, 3), np.float32))  # 2 rows for 4 labels
    shape = TableEncoder()
    build_index([COOK, NURSE], shape, tmp_path)
    assert sorted(shape.embedded) == ["chef", "cook", "cuisinier", "nurse"]  # texts.npy is good

    manifest = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps(manifest | {"labels": 5}))
    stale = TableEncoder()
    index = build_index([COOK, NURSE], stale, tmp_path)
    # every array dropped and embedded again
    assert sorted(stale.embedded) == sorted(["chef", "cook", "cuisinier", "nurse", COOK_TEXT])
    assert json.loads((folder / MANIFEST).read_text()) == manifest
    assert index.label_vectors.shape == (4, 3)


@pytest.mark.parametrize(
    "changed",
    [
        replace(NURSE, descriptions=(LocalisedText(EN, "Cares"),)),
        replace(NURSE, alternatives=(LocalisedText(EN, "chef"),)),
        replace(NURSE, essential_skills=("knives",)),  # in the one text, not a label
    ],
    ids=["description", "label", "skills"],
)
def test_a_changed_taxonomy_gets_its_own_cache_folder(
    tmp_path: Path, changed: OccupationEntry
) -> None:
    build_index([COOK, NURSE], TableEncoder(), tmp_path)
    again = TableEncoder()
    build_index([COOK, changed], again, tmp_path)
    assert again.embedded  # re-embedded, never the old vectors
    assert checksum([COOK, changed]) != checksum([COOK, NURSE])
    assert len(list((tmp_path / "occupation-index").iterdir())) == 2
