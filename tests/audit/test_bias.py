"""The Local Law 144 table: rates, impact ratios, small categories, unknowns, intersections."""

import pytest

from cvmatch.audit.bias import Applicant, bias_audit


def _pool() -> list[Applicant]:
    """20 women (12 selected), 10 men (3 selected), 3 non-binary, 2 who reported nothing."""
    pool = [Applicant(80.0 - i, i < 12, {"sex": "female", "race_ethnicity": "Asian"}) for i in range(20)]  # fmt: skip
    pool += [Applicant(40.0 - i, i < 3, {"sex": "male", "race_ethnicity": "White"}) for i in range(10)]  # fmt: skip
    pool += [Applicant(50.0, True, {"sex": "non-binary"}) for _ in range(3)]
    pool += [Applicant(10.0, None, {}) for _ in range(2)]
    return pool


def test_selection_rates_and_impact_ratios_by_sex() -> None:
    """Women: 12/20 = 0.6 (the highest: ratio 1); men: 3/10 = 0.3, ratio 0.3 / 0.6 = 0.5."""
    rows = {r.category: r for r in bias_audit(_pool()).rows if r.dimension == "sex"}
    assert rows["female"].selection_rate == pytest.approx(0.6)
    assert rows["female"].selection_impact == pytest.approx(1.0)
    assert rows["male"].selection_rate == pytest.approx(0.3)
    assert rows["male"].selection_impact == pytest.approx(0.5)


def test_scoring_rates_use_the_pool_median() -> None:
    """35 scores: the 18th smallest is 63; women score 61–80, so 17 of 20 are above it."""
    audit = bias_audit(_pool())
    rows = {r.category: r for r in audit.rows if r.dimension == "sex"}
    assert audit.median_score == pytest.approx(63.0)
    assert rows["female"].scoring_rate == pytest.approx(17 / 20, abs=1e-4)
    assert rows["male"].scoring_rate == pytest.approx(0.0)
    assert rows["male"].scoring_impact == pytest.approx(0.0)


def test_too_few_applicants_gives_a_note_not_a_ratio() -> None:
    rows = {r.category: r for r in bias_audit(_pool()).rows if r.dimension == "sex"}
    small = rows["non-binary"]
    assert small.applicants == 3
    assert small.selection_rate is None
    assert small.selection_impact is None
    assert "too few applicants" in small.note


def test_unreported_categories_are_counted_never_inferred() -> None:
    audit = bias_audit(_pool())
    unknown = {(r.dimension, r.category): r for r in audit.rows}
    assert unknown["sex", "unknown"].applicants == 2
    assert unknown["sex", "unknown"].selection_impact is None
    assert unknown["race_ethnicity", "unknown"].applicants == 5
    assert audit.decided == 33


def test_intersectional_categories() -> None:
    rows = {
        r.category: r for r in bias_audit(_pool()).rows if r.dimension == "sex × race_ethnicity"
    }
    assert rows["female × Asian"].applicants == 20
    assert rows["male × White"].selection_impact == pytest.approx(0.5)
