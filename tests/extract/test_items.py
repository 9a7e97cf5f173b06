"""Requirement items: "Label: explanation" lines, quality words, asides, years wording."""

import pytest

from cvmatch.documents.loader import document_from_text
from cvmatch.extract.items import label_head, strip_quality
from cvmatch.extract.requirements import job_requirements
from cvmatch.extract.years import years_phrases
from cvmatch.scoring.coverage import years_signal
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import DocumentKind, Evidence, EvidenceStatus, Importance, Requirement
from cvmatch.types import RequirementKind as Kind

JOB = """Requirements
- Leadership Skills: Capable of inspiring and guiding a team to achieve clinic goals.
- Circuit Simulation – Expertise in PSPICE for circuit design and analysis
- Databases: MySQL, PostgreSQL, Oracle
- Knowledge of SAS, a statistical analysis system
- Familiarity with concepts such as FFT, THD
- Defining test strategies and ensuring the optimal operation of systems
- Strong understanding and working experience in Hadoop
- Exceptional active listening
- Experience with commercial and industrial painting
"""


@pytest.fixture(scope="module")
def texts() -> list[str]:
    job = document_from_text(JOB, DocumentKind.JOB)
    return [r.text for r in job_requirements(job, Gazetteer())]


def test_a_label_line_gives_the_label_and_the_tech_names(texts: list[str]) -> None:
    assert "Leadership Skills" in texts
    assert not any("inspiring" in t or "clinic" in t for t in texts)
    assert {"Circuit Simulation", "PSPICE"} <= set(texts)
    assert {"MySQL", "PostgreSQL", "Oracle"} <= set(texts)  # a list after a label stays a list


def test_asides_and_quality_words_are_no_requirements(texts: list[str]) -> None:
    assert "SAS" in texts
    assert not any("statistical" in t for t in texts)
    assert "FFT" in texts
    assert "concepts" not in texts
    assert not any(t.startswith("ensuring") for t in texts)
    assert "Strong understanding" not in texts
    assert "Hadoop" in texts
    assert "active listening" in texts
    assert any("commercial" in t for t in texts)  # "comme" (French "like") is a whole word


def test_label_head_and_strip_quality() -> None:
    assert label_head("Tools: Jira, Confluence and Git") == "Tools: Jira, Confluence and Git"
    assert label_head("Applicants should possess the following skills: Python and SQL") == (
        "Applicants should possess the following skills: Python and SQL"
    )
    assert strip_quality("Hands-on experience") == ""
    assert strip_quality("Excellent writing skills") == "writing skills"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Two (2) years of experience as a Cable Technician.", [(2.0, "Cable Technician")]),
        ("A minimum of 1 year in a Jr. IT Helpdesk or similar role.", [(1.0, "Jr. IT Helpdesk")]),
    ],
)
def test_years_wording(line: str, expected: list[tuple[float, str]]) -> None:
    assert [(p.years, p.subject) for p in years_phrases(line)] == expected


def _years(found: float, asked: float) -> Evidence:
    req = Requirement(f"{asked:g}+ years", Kind.EXPERIENCE, Importance.REQUIRED, years=asked)
    status = EvidenceStatus.MET if found >= asked else EvidenceStatus.PARTIAL
    return Evidence(req, status, min(found / asked, 1.0), found_years=found, required_years=asked)


def test_years_signal_tells_more_years_apart_up_to_a_cap() -> None:
    assert years_signal([]) is None
    four, six, ten = (years_signal([_years(x, 4.0)]) for x in (4.0, 6.0, 10.0))
    assert four is not None
    assert six is not None
    assert four < six == ten == 1.0
    assert years_signal([_years(2.0, 4.0)]) == pytest.approx(2 / 4 / 1.5, abs=1e-4)
