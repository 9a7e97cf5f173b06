"""Ranker features from requirement-level evidence (:mod:`cvmatch.scoring`).

The query is read as a job ad, each candidate as a CV; the job's requirements are extracted
once (memoised by :class:`cvmatch.scoring.matcher.RequirementMatcher`) and checked against each
CV line by line, without a dense encoder (lexical and taxonomy evidence only, deterministic):

* ``requirements`` — the engine's weighted requirement coverage (0–1; 0 when the job states
  no requirement);
* ``years`` — for the job's years-of-experience requirements, the mean of
  ``min(found / required, 1)`` (1 when the job asks for no years, so it does not reorder);
* ``must_have`` — share of the job's required requirements the CV misses (0 when none).

The reference date for "until now" periods is fixed (:data:`REFERENCE`), so a feature value does
not change with the day the model is trained or used.
"""

from collections.abc import Sequence
from functools import cache, lru_cache

import numpy as np

from cvmatch.documents.loader import document_from_text
from cvmatch.errors import CvmatchError
from cvmatch.scoring.coverage import ScoreWeights, coverage
from cvmatch.scoring.evidence import pair_evidence
from cvmatch.scoring.match_features import must_have_missing_share, years_held_share
from cvmatch.scoring.matcher import RequirementMatcher, reference_year
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import Document, DocumentKind, Evidence

REFERENCE = "2024-01"
"""Reference month of open-ended periods ("2019 – present")."""


@cache
def _matcher() -> RequirementMatcher:
    return RequirementMatcher(Gazetteer(), ScoreWeights(), reference_year(REFERENCE))


def _document(text: str, kind: DocumentKind) -> Document | None:
    try:
        return document_from_text(text, kind)
    except CvmatchError:  # empty or oversized text: no evidence, the feature is 0
        return None


@lru_cache(maxsize=8192)
def _pair(query: str, text: str) -> tuple[Evidence, ...]:
    """Evidence of one (job text, CV text) pair (memoised: both features read it)."""
    matcher = _matcher()
    job = _document(query, DocumentKind.JOB)
    cv = _document(text, DocumentKind.CV)
    if job is None or cv is None:
        return ()
    requirements = matcher.requirements(job)
    if not requirements:
        return ()
    return pair_evidence(requirements, job.language, cv, matcher.facts(cv), None)


def _evidence(query: str, candidates: Sequence[str]) -> list[tuple[Evidence, ...]]:
    return [_pair(query, text) for text in candidates]


def requirement_coverage(query: str, candidates: Sequence[str], context: object) -> np.ndarray:
    """Weighted requirement coverage of each candidate CV for the query job."""
    del context
    weights = _matcher().weights
    values = [coverage(items, weights) for items in _evidence(query, candidates)]
    return np.asarray(values, dtype=np.float64)


def years_share(query: str, candidates: Sequence[str], context: object) -> np.ndarray:
    """Share of the job's asked years of experience that each candidate CV shows."""
    del context
    values = [years_held_share(items) for items in _evidence(query, candidates)]
    return np.asarray(values, dtype=np.float64)


def must_have_missing(query: str, candidates: Sequence[str], context: object) -> np.ndarray:
    """Share of the job's required requirements that each candidate CV misses."""
    del context
    values = [must_have_missing_share(items) for items in _evidence(query, candidates)]
    return np.asarray(values, dtype=np.float64)
