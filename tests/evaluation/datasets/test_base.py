import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import (
    default_data_dir,
    max_over_groups,
    max_over_groups_matrix,
)


def test_max_over_groups_keeps_each_groups_best_document():
    scores = {"a#0": 0.2, "b#0": 0.5, "a#1": 0.7, "b#1": -1.0}
    groups = {"a#0": "a", "a#1": "a", "b#0": "b", "b#1": "b"}
    assert max_over_groups(scores, groups) == {"a": 0.7, "b": 0.5}


def test_max_over_groups_rejects_ungrouped_documents():
    with pytest.raises(InvalidInputError, match="no group"):
        max_over_groups({"x": 1.0}, {})


def test_matrix_version_handles_interleaved_groups():
    """Columns belong to groups b, a, b, c: row 0 → b max(1, 3) = 3, a 2, c 4."""
    scores = np.array([[1.0, 2.0, 3.0, 4.0], [9.0, 0.0, 1.0, -2.0]])
    best, group_ids = max_over_groups_matrix(scores, ["b", "a", "b", "c"])
    assert group_ids == ["b", "a", "c"]
    np.testing.assert_array_equal(best, [[3.0, 2.0, 4.0], [9.0, 0.0, -2.0]])


def test_matrix_version_agrees_with_dict_version():
    rng = np.random.default_rng(0)
    doc_groups = [f"g{i}" for i in rng.integers(0, 5, size=12)]
    row = rng.normal(size=12)
    best, group_ids = max_over_groups_matrix(row[None, :], doc_groups)
    expected = max_over_groups(
        {f"d{i}": float(s) for i, s in enumerate(row)},
        {f"d{i}": g for i, g in enumerate(doc_groups)},
    )
    assert dict(zip(group_ids, best[0].tolist(), strict=True)) == expected


def test_matrix_version_checks_shape():
    with pytest.raises(InvalidInputError, match="shape"):
        max_over_groups_matrix(np.zeros((2, 3)), ["a", "b"])
    with pytest.raises(InvalidInputError, match="shape"):
        max_over_groups_matrix(np.zeros((2, 0)), [])


def test_default_data_dir_is_next_to_the_repository():
    assert default_data_dir().parts[-2:] == ("shared", "data")
