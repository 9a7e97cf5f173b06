"""ESCO / TalentCLEF pair building, test-set exclusion, deduplication and grouped splits."""

from pathlib import Path

import pytest

from cvmatch.evaluation.datasets.esco import Occupation
from cvmatch.training.config import EscoSource
from cvmatch.training.pairs import esco_pairs, normalise
from cvmatch.training.records import TrainingPair
from cvmatch.training.splits import deduplicate, split_pairs

OCCUPATIONS = [
    Occupation(
        "u1", "1", "data engineer", ("big data engineer", "Data Engineer", "etl dev"), "Builds."
    ),
    Occupation("u2", "2", "nurse", (), "Cares for patients."),
]


def test_esco_pairs_label_alt_and_description() -> None:
    pairs = esco_pairs(OCCUPATIONS, EscoSource(max_pairs_per_occupation=5), seed=1)
    got = {(p.query, p.document, p.group) for p in pairs}
    assert got == {
        ("big data engineer", "data engineer", "u1"),
        ("etl dev", "data engineer", "u1"),  # the case variant of the label is no pair
        ("data engineer", "Builds.", "u1"),
        ("nurse", "Cares for patients.", "u2"),
    }
    capped = esco_pairs(
        OCCUPATIONS, EscoSource(fields=("alt_labels",), max_pairs_per_occupation=1), 1
    )
    assert len(capped) == 1


def _pair(query: str, document: str, group: str = "") -> TrainingPair:
    return TrainingPair(query, document, 1.0, group)


def test_deduplicate_either_order_case_folded() -> None:
    pairs = [_pair("A b", "c"), _pair("a  B", "C"), _pair("c", "a b"), _pair("a b", "d")]
    kept, removed = deduplicate(pairs)
    assert [(p.query, p.document) for p in kept] == [("A b", "c"), ("a b", "d")]
    assert removed == 2


def test_split_is_grouped_and_no_text_crosses_splits() -> None:
    pairs = [_pair(f"title {i}", f"label {i % 40}", group=f"g{i % 40}") for i in range(400)]
    pairs += [_pair("shared text", "label 3"), _pair("shared text", "label 7")]  # links g3 and g7
    splits = split_pairs(pairs, validation=0.2, test=0.2, seed=3)
    sides = {}
    for name in ("train", "validation", "test"):
        part = getattr(splits, name)
        assert part, name
        sides[name] = {normalise(t) for p in part for t in (p.query, p.document)}
        groups = {p.group for p in part if p.group}
        for other in ("train", "validation", "test"):
            if other != name:
                assert not groups & {p.group for p in getattr(splits, other) if p.group}
    assert not sides["train"] & sides["validation"]
    assert not sides["train"] & sides["test"]
    assert not sides["validation"] & sides["test"]
    assert sum(len(getattr(splits, n)) for n in ("train", "validation", "test")) == 402


def test_split_does_not_depend_on_input_order() -> None:
    pairs = [_pair(f"q{i}", f"d{i // 3}", group=f"g{i // 3}") for i in range(90)]
    a = split_pairs(pairs, 0.2, 0.2, seed=5)
    b = split_pairs(list(reversed(pairs)), 0.2, 0.2, seed=5)
    assert {p.query for p in a.test} == {p.query for p in b.test}
    assert {p.query for p in a.validation} == {p.query for p in b.validation}


@pytest.mark.shared_data
def test_recipe_pairs_leave_out_test_set_queries() -> None:
    from cvmatch.evaluation.datasets.base import default_data_dir  # noqa: PLC0415
    from cvmatch.training.config import load_config  # noqa: PLC0415
    from cvmatch.training.pairs import build_pairs, test_set_texts  # noqa: PLC0415

    if not default_data_dir().is_dir():
        pytest.skip(f"shared data not found at {default_data_dir()}")
    recipe = Path(__file__).resolve().parents[2] / "recipes" / "esco-bi-encoder.yaml"
    config = load_config(recipe)
    data = build_pairs(config.data, config.seed)
    banned = test_set_texts(None)
    assert data.excluded
    assert not any(
        normalise(p.query) in banned or normalise(p.document) in banned for p in data.pairs
    )


def test_hard_negatives_do_not_merge_splits_and_never_cross_them() -> None:
    # Negatives mined over a whole file point at other groups: they must not join every group
    # into one component (which left no validation or test), nor carry a text across splits.
    pairs = [
        TrainingPair(f"title {i}", f"label {i}", 1.0, f"g{i}", negative=f"label {(i + 1) % 60}")
        for i in range(60)
    ]
    splits = split_pairs(pairs, validation=0.2, test=0.2, seed=3)
    assert splits.validation
    assert splits.test
    for name in ("train", "validation", "test"):
        part = getattr(splits, name)
        texts = {normalise(t) for p in part for t in (p.query, p.document)}
        assert all(normalise(p.negative) in texts for p in part if p.negative)
    kept = sum(
        p.negative is not None for n in ("train", "validation", "test") for p in getattr(splits, n)
    )
    assert kept + splits.negatives_dropped == 60
    assert splits.negatives_dropped > 0
