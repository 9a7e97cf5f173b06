"""The cross-encoder stage's scorer: one logit per job–CV pair, both texts read together.

The model itself is loaded by the engine (:mod:`cvmatch.training.cross_encoder`); this module
only turns a ``logits(job_texts, cv_texts)`` function into a
:data:`~cvmatch.scoring.stages.PairScorer`, job text first as in training.

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

PairLogits = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""``logits(job_texts, cv_texts)``: one raw output per aligned pair."""


def cross_encoder_scorer(logits: PairLogits) -> PairScorer:
    """A pair scorer that sends each pair's texts to ``logits`` (job, then CV)."""

    def score(candidates: Sequence[Candidate]) -> np.ndarray:
        if not candidates:
            return np.zeros(0, dtype=np.float64)
        jobs = [c.job.text for c in candidates]
        cvs = [c.cv.text for c in candidates]
        return np.asarray(logits(jobs, cvs), dtype=np.float64).reshape(-1)

    return score
