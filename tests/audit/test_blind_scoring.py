"""Blind screening: ``Engine(redact=True)`` scores the redacted CV, and scores barely move."""

from pathlib import Path

import pytest

from cvmatch.engine import Engine
from cvmatch.types import DocumentKind

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CV = "Ada Lovelace\nada@example.org · +44 20 7946 0958\nShe ran Cassandra clusters, 2015 - 2023."


@pytest.mark.usefixtures("fake_env")
def test_a_blind_engine_scores_the_redacted_cv_and_keeps_the_job() -> None:
    blind = Engine(redact=True)
    cv = blind.parse_text(CV, DocumentKind.CV, "ada")
    job = blind.parse_text("Cassandra DBA. Contact Ada Smith, ada@corp.example", DocumentKind.JOB)
    assert cv.id == "ada"
    assert "Ada" not in cv.text
    assert "example.org" not in cv.text
    assert "She" not in cv.text
    assert "Cassandra clusters" in cv.text
    assert "ada@corp.example" in job.text  # only CVs are redacted
    assert Engine().parse_text(CV, DocumentKind.CV).text == CV


@pytest.mark.models
def test_redaction_moves_example_scores_by_at_most_one_point() -> None:
    """Issue 22: a CV's score with and without redaction differ by ≤ 1 point (0–100)."""
    cvs = sorted((EXAMPLES / "cvs").iterdir())
    job_path = EXAMPLES / "jobs" / "cassandra-dba.md"
    scores = []
    for engine in (Engine(), Engine(redact=True)):
        job = engine.parse(job_path, DocumentKind.JOB)
        ranking = engine.rank(job, engine.parse_many(cvs).documents)
        scores.append({m.cv_id: m.score for m in ranking.matches})
    assert scores[0].keys() == scores[1].keys()
    assert max(abs(scores[0][k] - scores[1][k]) for k in scores[0]) <= 1.0
