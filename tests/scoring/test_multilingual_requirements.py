"""An English job against French and German CVs that have its skills (no models needed)."""

import pytest

from cvmatch.documents.loader import document_from_text
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.requirements import job_requirements
from cvmatch.scoring.coverage import ScoreWeights, coverage, pair_weights
from cvmatch.scoring.evidence import pair_evidence
from cvmatch.scoring.lexical import cv_terms, job_profile, lexical_evidence
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import DocumentKind, Evidence, EvidenceStatus

REFERENCE = 2024.0
JOB = """Database administrator

Requirements
- At least 5 years of experience with Apache Cassandra.
- At least 3 years of experience with Kafka.
- Proven backup and restore practice.
- Monitoring with Prometheus.
- Replication tuning.
- Fluent English.
"""
CV_EN = """Claire Martin
Database administrator

Experience
Database administrator, Velorise, Lyon | since 01/2018
Runs Apache Cassandra clusters fed by Kafka.
Automated backups and restores, monitoring with Prometheus.
Replication tuning.
"""
CV_FR = """Claire Martin
Administratrice de bases de données

Expérience professionnelle
Administratrice de bases de données, Velorise, Lyon | depuis 01/2018
Exploitation de clusters Apache Cassandra alimentés par Kafka.
Sauvegardes et restaurations automatisées, supervision avec Prometheus.
Réglage de la réplication.

Langues
Anglais (courant)
"""
CV_DE = """Jonas Weber
Datenbankadministrator

Kenntnisse
Apache Kafka: 3 Jahre Erfahrung

Berufserfahrung
Senior Datenbankadministrator, Frachtwerk GmbH, Berlin | seit 2019
Betrieb von Apache Cassandra in der Produktion.
Backup und Wiederherstellung, Überwachung mit Prometheus.
Einstellung der Replikation.

Sprachen
Englisch (verhandlungssicher)
"""


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _evidence(gazetteer: Gazetteer, cv_text: str) -> dict[str, Evidence]:
    job = document_from_text(JOB, DocumentKind.JOB)
    cv = document_from_text(cv_text, DocumentKind.CV)
    found = pair_evidence(
        job_requirements(job, gazetteer), job.language, cv, cv_facts(cv, REFERENCE, gazetteer)
    )
    return {e.requirement.text: e for e in found}


@pytest.mark.parametrize("cv_text", [CV_FR, CV_DE], ids=["fr", "de"])
def test_french_and_german_cvs_meet_the_english_requirements(
    gazetteer: Gazetteer, cv_text: str
) -> None:
    assert document_from_text(cv_text, DocumentKind.CV).language in {"fr", "de"}
    evidence = _evidence(gazetteer, cv_text)
    not_met = {t: e.status.value for t, e in evidence.items() if e.status is not EvidenceStatus.MET}
    assert not not_met, not_met
    assert evidence["English"].cv_span.startswith(("Anglais", "Englisch"))  # named, in French


def test_skill_years_are_read_across_languages(gazetteer: Gazetteer) -> None:
    french = _evidence(gazetteer, CV_FR)["5+ years: Apache Cassandra"]
    assert french.found_years == pytest.approx(6.0)  # "depuis 01/2018" to 2024-01
    assert "Velorise" in french.cv_span
    german = _evidence(gazetteer, CV_DE)
    assert german["5+ years: Apache Cassandra"].found_years == pytest.approx(5.0)  # seit 2019
    kafka = german["3+ years: Kafka"]
    assert (kafka.found_years, kafka.status) == (3.0, EvidenceStatus.MET)  # "3 Jahre Erfahrung"


def test_a_cv_without_the_skill_still_misses_it_across_languages(gazetteer: Gazetteer) -> None:
    without = CV_FR.replace("Apache Cassandra", "PostgreSQL").replace("Kafka", "Debezium")
    evidence = _evidence(gazetteer, without)
    assert evidence["5+ years: Apache Cassandra"].status is EvidenceStatus.MISSING
    assert evidence["3+ years: Kafka"].status is EvidenceStatus.MISSING


def test_coverage_is_close_to_the_english_twin(gazetteer: Gazetteer) -> None:
    weights = ScoreWeights()
    english = coverage(list(_evidence(gazetteer, CV_EN).values()), weights)
    for cv_text in (CV_FR, CV_DE):
        other = coverage(list(_evidence(gazetteer, cv_text).values()), weights)
        assert abs(other - english) <= 0.05, (other, english)


def test_lexical_terms_of_a_french_cv_include_english_stems() -> None:
    job = document_from_text(JOB, DocumentKind.JOB)
    cv = document_from_text(CV_FR, DocumentKind.CV)
    evidence = lexical_evidence(job_profile(job), cv_terms(cv))
    assert "cassandra" in evidence.matched
    assert "cassandra" not in evidence.missing


def test_lexical_weight_is_left_out_across_languages_only() -> None:
    weights = ScoreWeights()
    assert pair_weights(weights, "en", "en") == weights
    crossed = pair_weights(weights, "en", "fr")
    assert crossed.lexical == 0.0
    assert (crossed.coverage, crossed.dense) == (weights.coverage, weights.dense)
