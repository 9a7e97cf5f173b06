"""Requirement evidence, coverage, knock-out and recruiter overrides, without models."""

import numpy as np
import pytest

from cvmatch.documents.loader import document_from_text
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.requirements import job_requirements
from cvmatch.scoring.calibration import Calibration
from cvmatch.scoring.coverage import ScoreWeights, coverage, final_score
from cvmatch.scoring.evidence import Overrides, apply_overrides, pair_evidence
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import DocumentKind, EvidenceStatus, Importance, Signals

JOB = """Data engineer

Requirements
- At least 4 years of experience as a data engineer.
- Strong knowledge of Cassandra and Kafka.
- Fluent English.

Nice to have
- Go.
"""
CV = """Sam Doe

Experience
Data Engineer, Acme (2020 – 2022)
- Built Kafka pipelines into Apache Cassandra.

Languages
English
"""


@pytest.fixture
def gazetteer() -> Gazetteer:
    return Gazetteer()


def _evidence(gazetteer: Gazetteer, job_text: str = JOB, cv_text: str = CV, overrides=None):
    job = document_from_text(job_text, DocumentKind.JOB)
    cv = document_from_text(cv_text, DocumentKind.CV)
    reqs = job_requirements(job, gazetteer)
    if overrides is not None:
        reqs = apply_overrides(reqs, overrides, gazetteer)
    return pair_evidence(reqs, "en", cv, cv_facts(cv, 2024.0, gazetteer))


def test_statuses_spans_and_years(gazetteer: Gazetteer) -> None:
    by_text = {e.requirement.text: e for e in _evidence(gazetteer)}
    years = by_text["4+ years: data engineer"]
    assert years.status is EvidenceStatus.PARTIAL
    assert (years.found_years, years.required_years) == (2.0, 4.0)
    assert years.value == pytest.approx(0.5)
    assert "Data Engineer, Acme" in years.cv_span
    cassandra = by_text["Cassandra"]
    assert cassandra.status is EvidenceStatus.MET
    assert cassandra.cv_span == "- Built Kafka pipelines into Apache Cassandra."
    assert CV[cassandra.start : cassandra.end] == cassandra.cv_span
    assert by_text["English"].status is EvidenceStatus.MET
    go = by_text["Go"]
    assert (go.status, go.requirement.importance) == (EvidenceStatus.MISSING, Importance.PREFERRED)


def test_required_weighs_more_than_preferred(gazetteer: Gazetteer) -> None:
    evidence = _evidence(gazetteer)
    base = coverage(evidence, ScoreWeights())
    ignored_go = _evidence(gazetteer, overrides=Overrides(ignore=("Go",)))
    assert coverage(ignored_go, ScoreWeights()) > base
    missing_kafka_cv = CV.replace("Kafka pipelines into ", "")
    without_kafka = coverage(_evidence(gazetteer, cv_text=missing_kafka_cv), ScoreWeights())
    without_go_in_job = coverage(
        _evidence(gazetteer, job_text=JOB.replace("- Go.\n", "")), ScoreWeights()
    )
    # Losing a required skill costs more than the preferred one the CV already misses.
    assert base - without_kafka > without_go_in_job - base


def test_must_have_knocks_out_and_caps_the_score(gazetteer: Gazetteer) -> None:
    weights = ScoreWeights(knockout_cap=25.0)
    plain = _evidence(gazetteer)
    must_go = _evidence(gazetteer, overrides=Overrides(must=("Go",)))
    go = next(e for e in must_go if e.requirement.text == "Go")
    assert go.requirement.hard
    assert go.requirement.importance is Importance.REQUIRED
    calibration = Calibration(10.0, -5.0)
    free_score, free_knockout = final_score(
        Signals(0.9, 0.8, 0.9, "m", coverage(plain, weights)), plain, weights, calibration
    )
    capped, knockout = final_score(
        Signals(0.9, 0.8, 0.9, "m", coverage(must_go, weights)), must_go, weights, calibration
    )
    assert not free_knockout
    assert knockout
    assert capped <= 25.0 < free_score


def test_must_have_not_in_the_ad_is_added(gazetteer: Gazetteer) -> None:
    evidence = _evidence(gazetteer, overrides=Overrides(must=("Terraform",)))
    added = evidence[-1]
    assert added.requirement.text == "Terraform"
    assert added.requirement.hard
    assert added.status is EvidenceStatus.MISSING


def test_dense_pass_upgrades_paraphrases_only_when_close(gazetteer: Gazetteer) -> None:
    job = document_from_text("Requirements\n- Full-stack development\n", DocumentKind.JOB)
    cv = document_from_text("Skills\n- Front-end and back-end programming\n", DocumentKind.CV)
    reqs = job_requirements(job, gazetteer)
    facts = cv_facts(cv, 2024.0, gazetteer)

    def close(texts: list[str]) -> np.ndarray:  # every text on one direction: cosine 1
        return np.tile(np.array([[1.0, 0.0]]), (len(texts), 1))

    def far(texts: list[str]) -> np.ndarray:  # requirement and lines orthogonal
        return np.array([[1.0, 0.0] if "Full" in t else [0.0, 1.0] for t in texts])

    (lexical_only,) = pair_evidence(reqs, "en", cv, facts)
    (with_close,) = pair_evidence(reqs, "en", cv, facts, close)
    (with_far,) = pair_evidence(reqs, "en", cv, facts, far)
    # One step up per dense pass: missing → partial (partial → met for a partial match).
    assert lexical_only.status is EvidenceStatus.MISSING
    assert with_close.status is EvidenceStatus.PARTIAL
    assert with_close.dense == 1.0
    assert with_close.cv_span
    assert with_far.status is lexical_only.status
    assert with_far.dense == 0.0


def test_calibration_is_monotone() -> None:
    calibration = Calibration(8.0, -4.0)
    values = [calibration.probability(x / 10) for x in range(11)]
    assert values == sorted(values)
    assert values[0] < 0.05
    assert values[-1] > 0.95
