"""Title ingredients: the input's titles scored alone against the labels, best recent title wins."""

import numpy as np
import pytest

from cvmatch.occupations.index import LabelRows, OccupationIndex
from cvmatch.occupations.signals import LabelCharIndex, RecommendWeights, combine
from cvmatch.occupations.title_signals import ROLE_DECAY, title_queries, title_scores
from cvmatch.types import LocalisedText, OccupationEntry

VOCAB = ("nurse", "baker", "developer")


def _encode(texts: list[str]) -> np.ndarray:
    """One dimension per vocabulary word (a deterministic bag-of-words stand-in)."""
    rows = np.asarray([[float(w in t.lower()) for w in VOCAB] for t in texts], np.float32)
    return rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-9)


def _index() -> OccupationIndex:
    labels = [["nurse", "registered nurse"], ["baker"], ["software developer"]]
    entries = [OccupationEntry(uri=f"o{i}", code=str(i), isco_group="",
                               preferred=(LocalisedText("en", ls[0]),),
                               alternatives=tuple(LocalisedText("en", t) for t in ls[1:]))
               for i, ls in enumerate(labels)]  # fmt: skip
    texts = tuple(t for ls in labels for t in ls)
    owner = np.asarray([i for i, ls in enumerate(labels) for _ in ls], dtype=np.int64)
    zeros = np.zeros((len(labels), 3), np.float32)
    return OccupationIndex(entries, LabelRows(texts, ("en",) * len(texts), owner),
                           _encode(list(texts)), zeros, zeros, "test", "sum")  # fmt: skip


def test_title_queries_normalise_and_fall_back_to_the_text() -> None:
    flat, owner, weight = title_queries(["long ad text", "cv"], [["Senior Baker (m/f)"], []])
    assert flat == ["Baker", "cv"]
    assert owner.tolist() == [0, 1]
    assert weight.tolist() == pytest.approx([1.0, 1.0])
    raw, _, _ = title_queries(["x"], [["Senior Baker (m/f)", "Nurse"]], normalise=False)
    assert raw == ["Senior Baker (m/f)", "Nurse"]


def test_the_title_decides_where_the_full_text_is_ambiguous() -> None:
    index = _index()
    texts = ["Baker wanted to bake bread for the nurse team and a developer canteen"]
    scores = title_scores(index, _encode, texts, [["Baker - Full Time"]], LabelCharIndex(index))
    assert set(scores) == {"title_label", "title_char"}
    assert int(np.argmax(scores["title_label"][0])) == 1
    assert int(np.argmax(scores["title_char"][0])) == 1


def test_older_roles_count_less_than_the_most_recent_one() -> None:
    index = _index()
    scores = title_scores(index, _encode, ["cv"], [["Nurse", "Software Developer"]])
    row = scores["title_label"][0]
    assert row[0] == pytest.approx(1.0)
    assert row[2] == pytest.approx(ROLE_DECAY)
    assert "title_char" not in scores


def test_title_weights_enter_the_mix_like_any_ingredient() -> None:
    parts = {"max_label": np.asarray([[0.9, 0.1]]), "title_label": np.asarray([[0.0, 1.0]])}
    plain = combine(parts, RecommendWeights(1.0, 0.0, 0.0, 0.0))
    titled = combine(parts, RecommendWeights(1.0, 0.0, 0.0, 0.0, title_label=1.0))
    assert int(np.argmax(plain[0])) == 0
    assert int(np.argmax(titled[0])) == 1
    assert title_scores(_index(), _encode, [], []) == {}
