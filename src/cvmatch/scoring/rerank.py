"""The cross-encoder stage's scorer: one logit per ``(job, cv)`` pair, read together.

The model itself is loaded by the engine (:mod:`cvmatch.training.cross_encoder`); this module
only turns a ``logits(job_texts, cv_texts)`` function into a
:data:`~cvmatch.scoring.stages.PairScorer`, job text first as in training.

>>> scorer = cross_encoder_scorer(lambda jobs, cvs: np.array([len(c) for c in cvs], float))
>>> from cvmatch.types import Document, DocumentKind
>>> job = Document("j", DocumentKind.JOB, "dba", "en", 1.0)
>>> cv = Document("c", DocumentKind.CV, "cassandra", "en", 1.0)
>>> scorer([(job, cv)]).tolist()
[9.0]
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.scoring.stages import PairScorer
from cvmatch.types import Document

PairLogits = Callable[[Sequence[str], Sequence[str]], np.ndarray]
"""``logits(job_texts, cv_texts)``: one raw output per aligned pair."""


def cross_encoder_scorer(logits: PairLogits) -> PairScorer:
    """A pair scorer that sends each pair's texts to ``logits`` (job, then CV)."""

    def score(pairs: Sequence[tuple[Document, Document]]) -> np.ndarray:
        if not pairs:
            return np.zeros(0, dtype=np.float64)
        jobs = [job.text for job, _ in pairs]
        cvs = [cv.text for _, cv in pairs]
        return np.asarray(logits(jobs, cvs), dtype=np.float64).reshape(-1)

    return score
