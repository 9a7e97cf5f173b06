"""The learned ranker stage's scorers: a ranker over texts, or over the pipeline's features.

Two kinds of trained ranker can run as ``--ranker``:

* a ``ranker`` (:class:`cvmatch.training.ranker.Ranker`, ``cvmatch train ranker``) scores a
  query against its candidate list from text features, some relative to the list (BM25
  divided by the list's best). :func:`list_ranker_scorer` groups the pairs by job (first
  appearance order), scores each group once with the job as the query, as in training, and
  puts the outputs back in the pairs' order;
* a ``feedback-ranker`` (``cvmatch train ranker --source feedback``) is a logistic regression
  over the pipeline's own match features (:mod:`cvmatch.scoring.match_features`: score, dense,
  lexical, requirement coverage, experience, must-have misses, years asked vs held, knockout).
  :func:`feature_ranker_scorer` gives its logit; its sigmoid is the model's own probability.

>>> from cvmatch.types import Document, DocumentKind, Match, Signals
>>> doc = lambda i, kind: Document(i, kind, i, "en", 1.0)
>>> pair = lambda j, c: Candidate(
...     Match(j, c, 1.0, Signals(0, 0, 0, "m")), doc(j, DocumentKind.JOB), doc(c, DocumentKind.CV)
... )
>>> scorer = list_ranker_scorer(lambda query, cvs: np.arange(len(cvs), dtype=float))
>>> scorer([pair("a", "x"), pair("b", "x"), pair("a", "y")]).tolist()
[0.0, 0.0, 1.0]
"""

from collections.abc import Callable, Sequence

import numpy as np

from cvmatch.errors import InvalidInputError
from cvmatch.scoring.feedback_ranker import LinearRanker
from cvmatch.scoring.match_features import MATCH_FEATURES, feature_table
from cvmatch.scoring.stages import Candidate, PairScorer

ListScore = Callable[[str, Sequence[str]], np.ndarray]
"""``score(job_text, cv_texts)``: one raw output per CV of the list."""


def list_ranker_scorer(score: ListScore) -> PairScorer:
    """A pair scorer that scores each job's CVs as one list with ``score``."""

    def scorer(candidates: Sequence[Candidate]) -> np.ndarray:
        rows: dict[str, list[int]] = {}
        for i, candidate in enumerate(candidates):
            rows.setdefault(candidate.job.id, []).append(i)
        out = np.zeros(len(candidates), dtype=np.float64)
        for members in rows.values():
            job = candidates[members[0]].job
            values = score(job.text, [candidates[i].cv.text for i in members])
            out[members] = np.asarray(values, dtype=np.float64).reshape(-1)
        return out

    return scorer


def feature_ranker_scorer(model: LinearRanker) -> PairScorer:
    """The logit ``w · (x - mean) / std + b`` of each pair's match features ``x``.

    Raises:
        InvalidInputError: The model uses features the pipeline does not compute.
    """
    unknown = [n for n in model.names if n not in MATCH_FEATURES]
    if unknown:
        raise InvalidInputError(
            f"the ranker uses features {unknown} that a ranking does not have; "
            f"known: {list(MATCH_FEATURES)}"
        )
    columns = [MATCH_FEATURES.index(n) for n in model.names]

    def scorer(candidates: Sequence[Candidate]) -> np.ndarray:
        x = feature_table([c.match for c in candidates])[:, columns]
        return np.asarray((x - model.mean) / model.std @ model.coef + model.intercept)

    return scorer
