"""Hard negatives: the nearest preferred label of another *train* occupation, in the document's language."""

import numpy as np

from cvmatch.training.language_data import OccupationLabels, occupation_split
from cvmatch.training.language_negatives import document_language, with_hard_negatives
from cvmatch.training.records import TrainingPair


def _uris(split: str, count: int) -> list[str]:
    found = [
        u
        for i in range(2000)
        if occupation_split(u := f"http://data.europa.eu/esco/occupation/n{i}") == split
    ]
    return found[:count]


def test_the_negative_is_the_nearest_other_train_occupation_in_the_documents_language() -> None:
    a, b, c = _uris("train", 3)
    (held_out,) = _uris("test", 1)
    esco = {
        "fr": {
            a: OccupationLabels(a, "fr", "boulanger", ("mitron",)),
            b: OccupationLabels(b, "fr", "pâtissier", ()),
            c: OccupationLabels(c, "fr", "maçon", ()),
            held_out: OccupationLabels(held_out, "fr", "fournier", ()),
        },
        "en": {
            a: OccupationLabels(a, "en", "baker", ()),
            b: OccupationLabels(b, "en", "pastry chef", ()),
            c: OccupationLabels(c, "en", "bricklayer", ()),
            held_out: OccupationLabels(held_out, "en", "oven keeper", ()),
        },
    }
    vectors = {
        "mitron": np.array([1.0, 0.0, 0.0]),
        "boulanger": np.array([1.0, 0.1, 0.0]),
        "fournier": np.array([1.0, 0.0, 0.01]),  # nearest of all, but held out: never used
        "pâtissier": np.array([0.9, 0.4, 0.0]),
        "maçon": np.array([0.0, 0.0, 1.0]),
        "baker": np.array([0.0, 1.0, 0.0]),
        "pastry chef": np.array([0.0, 0.0, 1.0]),
        "bricklayer": np.array([0.8, 0.0, 0.2]),
        "oven keeper": np.array([1.0, 0.0, 0.0]),
    }
    same = TrainingPair(query="mitron", document="boulanger", group=a, origin="esco-fr")
    cross = TrainingPair(query="mitron", document="baker", group=a, origin="esco-fr")
    assert document_language(same, esco) == "fr"
    assert document_language(cross, esco) == "en"
    out = with_hard_negatives([same, cross], esco, vectors)
    assert [p.negative for p in out] == ["pâtissier", "bricklayer"]
    assert [(p.query, p.document, p.group) for p in out] == [
        (p.query, p.document, p.group) for p in (same, cross)
    ]
