"""Deterministic extraction: years phrases, date ranges, requirement importance, CV facts."""

import pytest

from cvmatch.documents.loader import document_from_text
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.dates import find_ranges
from cvmatch.extract.requirements import job_requirements
from cvmatch.extract.years import years_phrases
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import DocumentKind, Importance, RequirementKind


@pytest.mark.parametrize(
    ("line", "years", "subject"),
    [
        ("At least 4 years as a systems administrator", 4.0, "systems administrator"),
        ("5+ years of Java", 5.0, "Java"),
        ("Minimum of three years as an Investments Specialist.", 3.0, "Investments Specialist"),
        (
            "3 ans d'expérience en administration de bases de données",
            3.0,
            "administration de bases de données",
        ),
        ("Mindestens 5 Jahre Erfahrung als Datenbankadministrator", 5.0, "Datenbankadministrator"),
        ("4 años de experiencia como DBA", 4.0, "DBA"),
        ("At least 6 years of experience in a similar role", 6.0, ""),
    ],
)
def test_years_phrases_in_four_languages(line: str, years: float, subject: str) -> None:
    (phrase,) = years_phrases(line)
    assert (phrase.years, phrase.subject) == (years, subject)


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("Senior DBA (2019 – present)", 2019.0, 2024.5),
        ("03/2017–06/2020", 2017 + 2 / 12, 2020.5),
        ("Datenbankadministrator, seit 2020", 2020.0, 2024.5),
        ("Administradora desde 2018", 2018.0, 2024.5),
        ("Ingénieure, janvier 2016 – aujourd'hui", 2016.0, 2024.5),
        ("Engineer from (2017 to 2019)", 2017.0, 2019.0),
    ],
)
def test_date_ranges(line: str, start: float, end: float) -> None:
    (found,) = find_ranges(line, reference=2024.5)
    assert found.start == pytest.approx(start)
    assert found.end == pytest.approx(end)


JOB = """Platform DBA

## Requirements
- At least 4 years of experience as a database administrator.
- Strong knowledge of PostgreSQL and Kafka.
- Kubernetes is a must.
- A master's degree in computer science.
- Fluent English.

## Nice to have
- Terraform.
- German is a plus.

## Responsibilities
- Run the Redis fleet.
"""


def test_job_requirements_with_importance_and_kinds() -> None:
    job = document_from_text(JOB, DocumentKind.JOB)
    reqs = {r.text: r for r in job_requirements(job, Gazetteer())}
    years = reqs["4+ years: database administrator"]
    assert (years.kind, years.years, years.importance) == (
        RequirementKind.EXPERIENCE,
        4.0,
        Importance.REQUIRED,
    )
    assert reqs["PostgreSQL"].importance is Importance.REQUIRED
    assert reqs["Kafka"].kind is RequirementKind.SKILL
    assert reqs["Kubernetes"].hard
    assert not reqs["PostgreSQL"].hard
    assert reqs["A master's degree in computer science"].level == 2
    assert reqs["English"].kind is RequirementKind.LANGUAGE
    assert reqs["Terraform"].importance is Importance.PREFERRED
    assert reqs["German"].importance is Importance.PREFERRED
    assert not any("Redis" in text for text in reqs)  # responsibilities are not requirements


@pytest.mark.parametrize(
    ("line", "importance"),
    [
        ("- Python, idéalement souhaité", Importance.PREFERRED),
        ("- Kenntnisse in Docker wünschenswert", Importance.PREFERRED),
        ("- Experiencia con Docker deseable", Importance.PREFERRED),
        ("- Docker is nice to have", Importance.PREFERRED),
        ("- Docker", Importance.REQUIRED),
    ],
)
def test_wording_marks_preferred_in_four_languages(line: str, importance: Importance) -> None:
    job = document_from_text(f"Requirements\n{line}\n", DocumentKind.JOB)
    reqs = job_requirements(job, Gazetteer())
    assert reqs
    assert {r.importance for r in reqs} == {importance}


CV = """Ann Lee

Experience
Senior Database Administrator, Acme (2020 – present)
- Cassandra and PostgreSQL in production.
Database Administrator, Beta, 03/2016–12/2019
Intern, Gamma (2015 - 2016)

Education
BSc Computer Science, 2011 - 2015

Languages
English (native), French (B2)
"""


def test_cv_facts_years_education_languages() -> None:
    cv = document_from_text(CV, DocumentKind.CV)
    facts = cv_facts(cv, reference=2024.0, gazetteer=Gazetteer())
    assert [p.title for p in facts.periods] == [
        "Senior Database Administrator, Acme",
        "Database Administrator, Beta",
        "Intern, Gamma",
    ]
    assert facts.periods[1].years == pytest.approx(2020.0 - (2016 + 2 / 12), abs=1e-2)
    # 2015–2024 less the Jan–Feb 2016 gap; education dates are not experience.
    assert facts.total_years == pytest.approx(9.0 - 2 / 12, abs=1e-2)
    assert facts.education_level == 1
    assert facts.languages == ("English", "French")
