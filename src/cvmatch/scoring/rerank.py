"""The cross-encoder stage's scorer: one logit per job–CV pair, both texts read together.

The model itself is loaded by the engine (:mod:`cvmatch.training.cross_encoder`, or the int8
ONNX file of :mod:`cvmatch.encoders.cross_encoder_onnx`); this module only turns a
``logits(job_texts, cv_texts)`` function into a :data:`~cvmatch.scoring.stages.PairScorer`,
job text first as in training.

Two inputs: the full texts (``cvmatch train cross-encoder`` on raw pairs), or the pair's
*evidence view* (:func:`rerank_texts`): the job's requirement texts against the CV lines that
cvmatch found as evidence for them — what the RJDB cross-encoder is trained on, and short
enough to read 50 pairs in about a second. Fusion with the first stage is
:mod:`cvmatch.scoring.rerank_fusion`.

>>> from cvmatch.types import Document, DocumentKind, Match, Signals
>>> job = Document("j", DocumentKind.JOB, "dba", "en", 1.0)
>>> cv = Document("c", DocumentKind.CV, "cassandra", "en", 1.0)
>>> pair = Candidate(Match("j", "c", 50.0, Signals(0.5, 0.5, 0.5, "m")), job, cv)
>>> scorer = cross_encoder_scorer(lambda jobs, cvs: np.array([len(c) for c in cvs], float))
>>> scorer([pair]).tolist()
[9.0]
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.scoring.stages import Candidate, PairScorer
from cvmatch.types import Match

PairLogits = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""``logits(job_texts, cv_texts)``: one raw output per aligned pair."""

EVIDENCE_INPUT = "evidence"
"""Manifest ``input`` value of a model that reads :func:`rerank_texts` (default: full texts)."""

MAX_LINE_WORDS = 40
"""Words kept of one evidence line (long lines are cut, the requirement words come first)."""


def rerank_texts(match: Match, job_text: str, cv_text: str) -> tuple[str, str]:
    """The evidence view of a pair: (requirement texts, their CV evidence lines).

    Requirements are ``; ``-joined in the job's order; each evidence line appears once, in the
    order of the first requirement it supports, cut to :data:`MAX_LINE_WORDS` words; a missing
    requirement adds no line. A match without evidence (no requirement extracted) falls back to
    the full texts, so the model always reads something.

    >>> from cvmatch.types import (Evidence, EvidenceStatus, Importance, Requirement,
    ...     RequirementKind, Signals)
    >>> req = lambda t: Requirement(t, RequirementKind.SKILL, Importance.REQUIRED)
    >>> found = [Evidence(req("SQL"), EvidenceStatus.MET, 1.0, "SQL and Python daily"),
    ...          Evidence(req("Python"), EvidenceStatus.MET, 1.0, "SQL and Python daily"),
    ...          Evidence(req("Go"), EvidenceStatus.MISSING, 0.0)]
    >>> m = Match("j", "c", 50.0, Signals(0.5, 0.5, 0.5, "m"), evidence=tuple(found))
    >>> rerank_texts(m, "job", "cv")
    ('SQL; Python; Go', 'SQL and Python daily')
    """
    if not match.evidence:
        return job_text, cv_text
    asked = "; ".join(e.requirement.text for e in match.evidence)
    lines: list[str] = []
    for e in match.evidence:
        line = " ".join(e.cv_span.split()[:MAX_LINE_WORDS])
        if line and line not in lines:
            lines.append(line)
    return asked, " | ".join(lines)


def cross_encoder_scorer(logits: PairLogits, *, evidence: bool = False) -> PairScorer:
    """A pair scorer that sends each pair's texts to ``logits`` (job, then CV).

    ``evidence``: send the evidence view (:func:`rerank_texts`) instead of the full texts.
    """

    def score(candidates: Sequence[Candidate]) -> np.ndarray:
        if not candidates:
            return np.zeros(0, dtype=np.float64)
        if evidence:
            views = [rerank_texts(c.match, c.job.text, c.cv.text) for c in candidates]
            jobs = [v[0] for v in views]
            cvs = [v[1] for v in views]
        else:
            jobs = [c.job.text for c in candidates]
            cvs = [c.cv.text for c in candidates]
        return np.asarray(logits(jobs, cvs), dtype=np.float64).reshape(-1)

    return score
