"""ISCO smoothing, the char TF-IDF label ingredient and the weighted mix of occupation scores."""

import numpy as np
import pytest

from cvmatch.occupations.index import LabelRows, OccupationIndex
from cvmatch.occupations.signals import (
    LabelCharIndex,
    RecommendWeights,
    combine,
    ingredient_scores,
    isco_smooth,
)
from cvmatch.types import LocalisedText, OccupationEntry


def _index(labels: list[list[str]], groups: list[str]) -> OccupationIndex:
    entries = [
        OccupationEntry(
            uri=f"o{i}",
            code=f"{g}.{i}",
            isco_group=g,
            preferred=(LocalisedText("en", ls[0]),),
            alternatives=tuple(LocalisedText("en", t) for t in ls[1:]),
        )
        for i, (ls, g) in enumerate(zip(labels, groups, strict=True))
    ]
    texts = tuple(t for ls in labels for t in ls)
    owner = np.asarray([i for i, ls in enumerate(labels) for _ in ls], dtype=np.int64)
    rows = LabelRows(texts, tuple("en" for _ in texts), owner)
    zeros = np.zeros((len(labels), 2), np.float32)
    return OccupationIndex(entries, rows, np.zeros((len(texts), 2), np.float32), zeros, zeros,
                           "test", "sum")  # fmt: skip


def test_isco_smooth_pulls_each_score_towards_its_groups_best() -> None:
    scores = np.asarray([[0.9, 0.1, 0.5, 0.3]], dtype=np.float32)
    smoothed = isco_smooth(scores, ["2512", "2512", "7512", ""], 0.5)
    # group 2512: best 0.9; 7512 alone; the ungrouped one is its own group
    assert smoothed[0].tolist() == pytest.approx([0.9, 0.5, 0.5, 0.3])
    assert isco_smooth(scores, ["a", "a", "b", "b"], 0.0) is scores


def test_isco_smooth_can_reorder_a_weak_member_of_a_strong_group() -> None:
    scores = np.asarray([[0.8, 0.45, 0.5]], dtype=np.float32)
    groups = ["2512", "2512", "7512"]
    assert int(np.argmax(scores[0, 1:])) == 1  # unsmoothed: the baker-group one is ahead
    smoothed = isco_smooth(scores, groups, 0.3)
    assert smoothed[0, 1] > smoothed[0, 2]


def test_label_char_scores_an_occupation_by_its_closest_label_despite_typos() -> None:
    index = _index([["software developer", "programmer"], ["baker", "bread maker"]], ["25", "75"])
    sims = LabelCharIndex(index).similarity(["programer", "bred maker", "zzz"])
    assert sims.shape == (3, 2)
    assert sims[0, 0] > sims[0, 1]
    assert sims[1, 1] > sims[1, 0]
    assert sims[2].max() == 0.0
    assert LabelCharIndex(index).similarity([]).shape == (0, 2)


def test_combine_weights_ingredients_and_smooths_only_with_groups() -> None:
    index = _index([["nurse"], ["midwife"], ["baker"]], ["2221", "2221", "7512"])
    vectors = np.zeros((1, 2), np.float32)
    parts = ingredient_scores(index, vectors, ["nurse"], None, label_char=LabelCharIndex(index))
    assert set(parts) == {"max_label", "centroid", "text", "label_char"}
    weights = RecommendWeights(0.0, 0.0, 0.0, 0.0, label_char=1.0, isco=0.5)
    plain = combine(parts, weights)
    smoothed = combine(parts, weights, [e.isco_group for e in index.entries])
    assert plain[0, 1] == pytest.approx(0.0)
    assert smoothed[0, 1] == pytest.approx(0.5 * plain[0, 0])
    assert smoothed[0, 2] == pytest.approx(plain[0, 2])
    with pytest.raises(ValueError, match="no ingredient"):
        combine(parts, RecommendWeights(0.0, 0.0, 0.0, 0.0))
