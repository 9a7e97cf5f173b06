"""ESCO labels per language, the shared occupation split and the head-training pairs."""

from pathlib import Path

from cvmatch.training.language_data import (
    OccupationLabels,
    head_pairs,
    occupation_split,
    read_occupations,
)


def _uris(split: str, count: int) -> list[str]:
    """The first ``count`` synthetic URIs that fall in ``split``."""
    found = []
    for i in range(10_000):
        uri = f"http://data.europa.eu/esco/occupation/t{i}"
        if occupation_split(uri) == split:
            found.append(uri)
            if len(found) == count:
                return found
    raise AssertionError(split)


def test_the_split_is_a_stable_hash_of_the_uri_with_the_documented_shares() -> None:
    uris = [f"http://data.europa.eu/esco/occupation/u{i}" for i in range(4000)]
    splits = [occupation_split(u) for u in uris]
    assert splits == [occupation_split(u) for u in uris]  # no state, no seed
    assert abs(splits.count("test") / 4000 - 0.15) < 0.02
    assert abs(splits.count("validation") / 4000 - 0.10) < 0.02


def test_read_occupations_splits_alt_labels_and_drops_the_preferred_one(tmp_path: Path) -> None:
    path = tmp_path / "occupations_fr.csv"
    path.write_text(
        "conceptType,conceptUri,preferredLabel,altLabels\n"
        'Occupation,u1,boulanger/boulangère,"boulanger\nboulangère\nboulanger/boulangère\n"\n'
        "Occupation,u2,,sans libellé\n",
        encoding="utf-8",
    )
    found = read_occupations(path, "fr")
    assert list(found) == ["u1"]
    assert found["u1"].alt == ("boulanger", "boulangère")
    assert found["u1"].labels[0] == "boulanger/boulangère"


def test_head_pairs_use_train_occupations_only_and_add_cross_language_pairs() -> None:
    train, test = _uris("train", 1)[0], _uris("test", 1)[0]
    esco = {
        "de": {
            train: OccupationLabels(train, "de", "Bäcker/Bäckerin", ("Bäcker", "Bäckerin")),
            test: OccupationLabels(test, "de", "Koch/Köchin", ("Koch", "Köchin")),
        },
        "en": {
            train: OccupationLabels(train, "en", "baker", ("bread baker",)),
            test: OccupationLabels(test, "en", "cook", ("chef",)),
        },
    }
    mono = head_pairs(esco, ["de"])
    assert {p.group for p in mono} == {train}
    # alt -> preferred (2) and alt <-> alt (1)
    assert {(p.query, p.document) for p in mono} == {
        ("Bäcker", "Bäcker/Bäckerin"),
        ("Bäckerin", "Bäcker/Bäckerin"),
        ("Bäcker", "Bäckerin"),
    }
    cross = head_pairs(esco, ["de", "en"], cross_language="en", max_per_occupation=2)
    german = [p for p in cross if p.origin == "esco-de"]
    assert len(german) == 2 + 1  # at most 2 same-language pairs, then at most 2 // 2 cross
    assert sum(p.document == "baker" for p in german) == 1
    english = [p for p in cross if p.origin == "esco-en"]
    assert [(p.query, p.document) for p in english] == [("bread baker", "baker")]
