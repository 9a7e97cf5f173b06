"""Skills named across languages in ``recommend``: a French CV's own words, and no false gap.

The tiny ESCO fixture gets French skill labels ("utiliser des fours" is "use ovens", the
essential skill of a baker). Before, a French CV that said "utiliser des fours" was told it
lacked "use ovens" (the gap compared the English label with the French text) and its evidence
named the skill only in English.
"""

from pathlib import Path

import pytest
from tests.support.esco import OCC, SKILL, write_csv

from cvmatch.engine import Engine
from cvmatch.occupations.records import OccupationHit
from cvmatch.occupations.skills_gap import skills_gap
from cvmatch.types import DocumentKind

FRENCH_CV = (
    "Marie Leroy\nExpérience\nBoulangère, Fournil du Parc, Lyon, 2015 - 2024\n"
    "Pain au levain et viennoiseries ; utiliser des fours à sole chaque nuit."
)


def _baker(esco_dir: Path, language: str | None) -> OccupationHit:
    write_csv(
        esco_dir / "skills_fr.csv",
        ["conceptType", "conceptUri", "skillType", "preferredLabel", "altLabels", "description"],
        [["KnowledgeSkillCompetence", SKILL + "ovens", "skill", "utiliser des fours", "", ""]],
    )
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    engine.taxonomy.import_skill_relations(esco_dir)
    cv = engine.parse_text(FRENCH_CV, DocumentKind.CV, "marie")
    [result] = engine.occupations.recommend([cv], top=5, language=language)
    return next(h for h in result.hits if h.uri == OCC + "baker")


@pytest.mark.usefixtures("fake_env")
def test_french_cv_with_the_skill_in_french_has_no_gap_and_reads_its_words(
    esco_dir: Path,
) -> None:
    baker = _baker(esco_dir, None)
    assert baker.language == "fr"
    assert baker.missing_skills == ()  # was ("use ovens",)
    assert "skill: utiliser des fours (use ovens)" in baker.evidence


@pytest.mark.usefixtures("fake_env")
def test_english_labels_keep_the_english_skill_name(esco_dir: Path) -> None:
    baker = _baker(esco_dir, "en")
    assert baker.label == "baker"
    assert "skill: use ovens" in baker.evidence
    assert baker.missing_skills == ()


def test_gap_still_lists_what_the_cv_does_not_mention() -> None:
    assert skills_gap("Pain au levain", ["use ovens", "python"], ["python"]) == ("use ovens",)
