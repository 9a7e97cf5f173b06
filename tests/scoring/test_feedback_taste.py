"""Taste features on hand-checkable 2-D vectors, and the per-requirement status columns."""

import numpy as np
import pytest

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback_taste import TASTE_FEATURES, requirement_status, taste_features
from cvmatch.types import (
    Evidence,
    EvidenceStatus,
    Importance,
    Match,
    Requirement,
    RequirementKind,
    Signals,
)

# Unit vectors at 0°, 90°, 0°, 90° and 45°: rows 0 and 2 point along x, rows 1 and 3 along y.
H = np.sqrt(0.5)
VECTORS = np.asarray([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [H, H]])


def test_centroids_and_nearest_leave_the_decided_row_out() -> None:
    # Shortlisted: rows 0 and 2 (both x); rejected: rows 1 and 3 (both y).
    table = taste_features(VECTORS, {0: 1, 2: 1, 1: 0, 3: 0})
    col = dict(zip(TASTE_FEATURES, table.T, strict=True))
    # Undecided row 4 (45°): cos with the x centroid = cos 45° = 0.70711, same with y.
    assert col["pos_centroid"][4] == pytest.approx(0.70711)
    assert col["neg_centroid"][4] == pytest.approx(0.70711)
    # Row 0 against the other shortlisted row only (row 2, same direction): 1, not "itself".
    assert col["pos_centroid"][0] == pytest.approx(1.0)
    assert col["pos_nearest"][0] == pytest.approx(1.0)
    # Row 0 against the rejected rows (y): orthogonal, 0.
    assert col["neg_centroid"][0] == pytest.approx(0.0)
    assert col["neg_nearest"][0] == pytest.approx(0.0)


def test_a_lone_class_gets_the_other_class_mean() -> None:
    # One rejected row (1): leaving it out leaves no reject, so its neg columns take the mean
    # of the shortlisted rows' neg columns: rows 0 and 2 are orthogonal to row 1 -> 0 and 0.
    # Shortlisted rows 0, 2, 4: row 4 vs row 1 -> cos 45°. Mean over 0, 2, 4 = 0.70711 / 3.
    table = taste_features(VECTORS, {0: 1, 2: 1, 4: 1, 1: 0})
    assert table[1, 1] == pytest.approx(0.70711 / 3, abs=1e-5)
    assert table[1, 3] == pytest.approx(0.70711 / 3, abs=1e-5)


def test_no_decisions_give_zero_columns_and_bad_rows_raise() -> None:
    np.testing.assert_array_equal(taste_features(VECTORS, {}), np.zeros((5, 4)))
    with pytest.raises(InvalidInputError, match="within 0-4"):
        taste_features(VECTORS, {7: 1})


def _match(*statuses: EvidenceStatus) -> Match:
    evidence = tuple(
        Evidence(Requirement(f"r{i}", RequirementKind.SKILL, Importance.REQUIRED), s, 0.0)
        for i, s in enumerate(statuses)
    )
    return Match("j", "c", 50.0, Signals(0.1, 0.2, 0.3, "m"), evidence=evidence)


def test_requirement_status_columns() -> None:
    met, partial, missing = EvidenceStatus.MET, EvidenceStatus.PARTIAL, EvidenceStatus.MISSING
    table = requirement_status([_match(met, missing), _match(partial, met)])
    np.testing.assert_array_equal(table, [[1.0, 0.0], [0.5, 1.0]])
    assert requirement_status([]).shape == (0, 0)
    with pytest.raises(InvalidInputError, match="matches of one job"):
        requirement_status([_match(met), _match(met, met)])
