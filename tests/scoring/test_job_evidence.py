"""One job's evidence over many CVs at once equals the evidence of each pair alone.

:func:`job_evidence` asks the encoder once for the job's texts and once for every CV's lines
and role titles, then hands each pair the rows :func:`pair_evidence` would have asked for: the
evidence (statuses, spans, cosines, years) must be equal, pair by pair, on the example CVs and
jobs (English, French, German and Spanish CVs) with encoders that upgrade often and rarely.
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.documents.loader import load_document
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.requirements import job_requirements
from cvmatch.scoring.evidence import pair_evidence
from cvmatch.scoring.job_evidence import job_evidence, rows_of
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import DocumentKind, EvidenceStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _close(texts: list[str]) -> np.ndarray:
    """Every text close to every other (cosine 0.8–1): the dense passes upgrade a lot."""
    out = np.ones((len(texts), 3))
    out[:, 1] = [0.5 * (len(t) % 2) for t in texts]
    return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.mark.parametrize("job_file", ["cassandra-dba.md", "icu-nurse.txt", "frontend-engineer.md"])
@pytest.mark.parametrize("soft", [False, True])
@pytest.mark.parametrize("encoder", ["keywords", "close"])
def test_equals_pair_by_pair(job_file: str, soft: bool, encoder: str) -> None:
    gazetteer = Gazetteer()
    job = load_document(EXAMPLES / "jobs" / job_file, DocumentKind.JOB)
    requirements = job_requirements(job, gazetteer)
    cvs = [load_document(p, DocumentKind.CV) for p in sorted((EXAMPLES / "cvs").iterdir())]
    facts = [cv_facts(cv, 2025.0, gazetteer) for cv in cvs]
    keywords = KeywordEncoder()
    encode: Callable[[list[str]], np.ndarray] = (
        _close if encoder == "close" else lambda texts: np.asarray(keywords.encode(texts), float)
    )

    together = job_evidence(requirements, job.language, cvs, facts, encode, soft_not_assessed=soft)

    alone = [
        pair_evidence(requirements, job.language, cv, f, encode, soft_not_assessed=soft)
        for cv, f in zip(cvs, facts, strict=True)
    ]
    assert together == alone
    if encoder == "close":  # the dense passes did change something
        assert any(e.dense is not None and e.dense >= 0.7 for pair in together for e in pair)
        assert any(e.status is not EvidenceStatus.MISSING for pair in together for e in pair)


def test_no_cv_and_no_dense_work() -> None:
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.ones((len(texts), 2))

    assert job_evidence((), "en", [], [], encode) == []
    assert calls == []


def test_rows_of_answers_from_the_vectors_given_else_asks() -> None:
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.asarray([[float(len(t)), 1.0] for t in texts])

    vectors = encode(["a", "bb", "ccc"])
    known = rows_of(["a", "bb", "ccc"], vectors, encode)
    assert known(["ccc", "a", "ccc"]).tolist() == [[3.0, 1.0], [1.0, 1.0], [3.0, 1.0]]
    assert len(calls) == 1  # answered from the rows
    assert known(["dddd", "a"]).tolist() == [[4.0, 1.0], [1.0, 1.0]]
    assert calls[-1] == ["dddd", "a"]
