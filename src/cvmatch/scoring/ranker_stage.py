"""The learned ranker stage's scorer: each job's CVs scored as one list.

A trained ranker (:class:`cvmatch.training.ranker.Ranker`) scores a query against its candidate
list, because some features are relative to the list (BM25 divided by the list's best). Pairs
are grouped by job (first appearance order), each group scored once with the job as the query
and its CVs as the candidates, as in training; the outputs go back in the pairs' order.

>>> from cvmatch.types import Document, DocumentKind
>>> doc = lambda i, kind: Document(i, kind, i, "en", 1.0)
>>> scorer = list_ranker_scorer(lambda query, cvs: np.arange(len(cvs), dtype=float))
>>> a, b = doc("a", DocumentKind.JOB), doc("b", DocumentKind.JOB)
>>> x, y = doc("x", DocumentKind.CV), doc("y", DocumentKind.CV)
>>> scorer([(a, x), (b, x), (a, y)]).tolist()
[0.0, 0.0, 1.0]
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.scoring.stages import PairScorer
from cvmatch.types import Document

ListScore = Callable[[str, Sequence[str]], np.ndarray]
"""``score(job_text, cv_texts)``: one raw output per CV of the list."""


def list_ranker_scorer(score: ListScore) -> PairScorer:
    """A pair scorer that scores each job's CVs as one list with ``score``."""

    def scorer(pairs: Sequence[tuple[Document, Document]]) -> np.ndarray:
        rows: dict[str, list[int]] = {}
        for i, (job, _) in enumerate(pairs):
            rows.setdefault(job.id, []).append(i)
        out = np.zeros(len(pairs), dtype=np.float64)
        for members in rows.values():
            job = pairs[members[0]][0]
            values = score(job.text, [pairs[i][1].text for i in members])
            out[members] = np.asarray(values, dtype=np.float64).reshape(-1)
        return out

    return scorer
