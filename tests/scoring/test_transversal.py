"""Transversal (soft) skills are ``not_assessed`` when a CV does not name them; experience depth."""

import pytest

from cvmatch.documents.loader import document_from_text
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.requirements import job_requirements
from cvmatch.scoring.coverage import (
    ScoreWeights,
    coverage,
    experience_signal,
    knocked_out,
    raw_score,
)
from cvmatch.scoring.evidence import Overrides, apply_overrides, pair_evidence
from cvmatch.scoring.transversal import is_soft_text
from cvmatch.taxonomy.esco import import_esco
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import (
    DocumentKind,
    Evidence,
    EvidenceStatus,
    Importance,
    Requirement,
    RequirementKind,
    Signals,
)

JOB = """Backend developer

Requirements
- Strong knowledge of PostgreSQL.
- Excellent communication skills.
- Attention to detail.
- Team player.
"""
CV = """Ana Lopez

Experience
Backend Developer, Initech (2019 – 2023)
- Tuned PostgreSQL queries.
- Known for her attention to detail in code reviews.
"""


@pytest.fixture
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _statuses(gazetteer: Gazetteer, *, soft: bool = True, overrides=None) -> dict[str, Evidence]:
    job = document_from_text(JOB, DocumentKind.JOB)
    cv = document_from_text(CV, DocumentKind.CV)
    reqs = job_requirements(job, gazetteer)
    if overrides is not None:
        reqs = apply_overrides(reqs, overrides, gazetteer)
    facts = cv_facts(cv, 2024.0, gazetteer)
    found = pair_evidence(reqs, "en", cv, facts, soft_not_assessed=soft)
    return {e.requirement.text.lower(): e for e in found}


@pytest.mark.parametrize(
    ("text", "soft"),
    [
        ("Excellent written and verbal communication skills", True),
        ("Team player", True),
        ("Problem-solving abilities", True),
        ("Ability to work under pressure", True),
        ("Time management", True),
        ("communication protocols", False),
        ("project management", False),
        ("customer service", False),
        ("technical writing", False),
        ("real-time systems", False),
        ("PostgreSQL", False),
    ],
)
def test_soft_words_only_when_nothing_domain_specific_comes_with_them(text: str, soft: bool):
    assert is_soft_text(text) is soft


def test_with_the_setting_an_unnamed_soft_skill_is_not_assessed_named_one_met(
    gazetteer: Gazetteer,
) -> None:
    by_text = _statuses(gazetteer)
    communication = next(e for t, e in by_text.items() if "communication" in t)
    assert communication.status is EvidenceStatus.NOT_ASSESSED
    assert communication.value == 0.0
    assert "unverifiable" in communication.note
    detail = next(e for t, e in by_text.items() if "detail" in t)
    assert detail.status is EvidenceStatus.MET  # the CV does claim it
    assert by_text["postgresql"].status is EvidenceStatus.MET


def test_by_default_they_stay_missing_with_a_note(gazetteer: Gazetteer) -> None:
    by_text = _statuses(gazetteer, soft=False)
    communication = next(e for t, e in by_text.items() if "communication" in t)
    assert communication.status is EvidenceStatus.MISSING
    assert "soft" in communication.note
    assert by_text["postgresql"].status is EvidenceStatus.MET
    assert not by_text["postgresql"].note.startswith("transversal")


@pytest.mark.parametrize("soft", [True, False])
def test_a_soft_skill_never_knocks_out_but_a_missing_skill_does(
    gazetteer: Gazetteer, soft: bool
) -> None:
    soft_must = _statuses(gazetteer, soft=soft, overrides=Overrides(must=("team player",)))
    assert soft_must["team player"].requirement.hard
    expected = EvidenceStatus.NOT_ASSESSED if soft else EvidenceStatus.MISSING
    assert soft_must["team player"].status is expected
    assert not knocked_out(tuple(soft_must.values()))
    hard_must = _statuses(gazetteer, soft=soft, overrides=Overrides(must=("Terraform",)))
    assert knocked_out(tuple(hard_must.values()))


def _item(text: str, status: EvidenceStatus, value: float) -> Evidence:
    return Evidence(Requirement(text, RequirementKind.SKILL, Importance.REQUIRED), status, value)


def test_soft_requirements_weigh_less_in_coverage() -> None:
    evidence = [
        _item("Kafka", EvidenceStatus.MET, 1.0),
        _item("teamwork", EvidenceStatus.NOT_ASSESSED, 0.0),
    ]
    low = coverage(evidence, ScoreWeights(transversal=0.25))
    full = coverage(evidence, ScoreWeights(transversal=1.0))
    assert low == pytest.approx(1 / 1.25, abs=1e-4)
    assert full == pytest.approx(0.5)


def test_experience_signal_grows_with_years_up_to_twice_the_ask() -> None:
    asked = [
        Evidence(
            Requirement("5+ years", RequirementKind.EXPERIENCE, Importance.REQUIRED, years=5),
            EvidenceStatus.MET,
            1.0,
            found_years=5,
            required_years=5,
        )
    ]
    values = [experience_signal(asked, years) for years in (0, 3, 5, 9, 10, 30)]
    assert values == sorted(values)
    assert values[0] == 0.0
    assert values[-1] == values[-2] == 1.0
    assert experience_signal([], 5.0) == 0.5  # 10-year reference when no years are asked
    signals = [Signals(0.5, 0.4, 0.5, "m", 0.8, experience=x) for x in (values[2], values[3])]
    weights = ScoreWeights()
    assert raw_score(signals[1], weights, True) > raw_score(signals[0], weights, True)
    assert raw_score(signals[1], weights, False) == raw_score(signals[0], weights, False)


ESCO_CSV = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/t1,skill/competence,transversal,"
    'show entrepreneurial spirit,released,"entrepreneurial spirit | entrepreneurial mindset",'
    "Act proactively.\n"
    "KnowledgeSkillCompetence,http://data.europa.eu/esco/skill/s1,knowledge,"
    "sector-specific,Apache Kafka,released,Kafka,A streaming platform.\n"
)


def test_esco_reuse_level_makes_a_requirement_transversal(tmp_path) -> None:
    folder = tmp_path / "esco"
    folder.mkdir()
    (folder / "skills_en.csv").write_text(ESCO_CSV, encoding="utf-8")
    store = TaxonomyStore(tmp_path / "taxonomy.sqlite")
    import_esco(store, folder)
    concept = store.get("http://data.europa.eu/esco/skill/t1")
    assert concept is not None
    assert concept.reuse_level == "transversal"
    assert store.reuse_level("http://data.europa.eu/esco/skill/s1") == "sector-specific"
    gazetteer = Gazetteer(store)
    job = document_from_text(
        "Engineer\n\nRequirements\n- Entrepreneurial spirit\n- Kafka\n", DocumentKind.JOB
    )
    cv = document_from_text("Ana\n\nExperience\nEngineer (2019 – 2023): Kafka\n", DocumentKind.CV)
    reqs = job_requirements(job, gazetteer)
    assert not is_soft_text("Entrepreneurial spirit")  # the word list alone would miss it
    by_text = {r.text.lower(): r for r in reqs}
    assert by_text["entrepreneurial spirit"].transversal
    assert not by_text["kafka"].transversal
    found = {
        e.requirement.text.lower(): e
        for e in pair_evidence(
            reqs, "en", cv, cv_facts(cv, 2024.0, gazetteer), soft_not_assessed=True
        )
    }
    assert found["entrepreneurial spirit"].status is EvidenceStatus.NOT_ASSESSED
    assert found["kafka"].status is EvidenceStatus.MET
    store.close()
