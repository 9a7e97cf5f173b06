"""The titles a CV is scored by: latest dated roles, else summary role phrases, else a lead line."""

from pathlib import Path

import pytest
from tests.support.esco import OCC

from cvmatch.engine import Engine
from cvmatch.occupations.setup import MAX_TITLES, cv_titles
from cvmatch.types import DocumentKind, ExperiencePeriod


def test_latest_roles_come_first_and_are_capped() -> None:
    periods = [ExperiencePeriod(f"role {i}", "", 2000.0 + i, 2001.0 + i) for i in range(5)]
    assert cv_titles("text", periods) == tuple(f"role {i}" for i in (4, 3, 2))[:MAX_TITLES]


def test_without_dated_roles_the_summary_or_the_leading_title_is_used() -> None:
    assert cv_titles("As a baker, I baked bread.", ()) == ("baker",)
    assert cv_titles("Chemistry Teacher. I teach chemistry to pupils at a school.", ()) == (
        "Chemistry Teacher",
    )
    # A multi-line CV without roles: its first line is usually a name, not a title.
    assert cv_titles("Jane Doe\nI like bread and cakes.", ()) == ()


@pytest.mark.usefixtures("fake_env")
def test_the_title_decides_between_occupations_the_text_mentions_alike(esco_dir: Path) -> None:
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    recommender = engine.occupations.recommender("en")
    assert recommender.weights.title_label or recommender.weights.title_char
    # Without the title ingredients the pastry maker ranks first (more of the words match).
    text = "Nurse. Cared for patients in a clinic bakery, baked bread and pastry for the bakers."
    doc = engine.parse_text(text, DocumentKind.CV, "x")
    [result] = engine.occupations.recommend([doc], top=2)
    assert result.hits[0].uri == OCC + "nurse"
    signals = dict(result.hits[0].signals)
    assert signals["title_label"] >= signals["max_label"]
