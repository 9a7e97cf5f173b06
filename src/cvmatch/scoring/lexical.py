"""Lexical signal: the weighted share of the job's key terms that the CV contains.

Unlike BM25 or TF-IDF fitted on a batch, this signal depends on the job and the CV only, so a
pair scores the same whether it is ranked among 3 CVs or 3,000. :func:`coverage_matrix` computes
it for many pairs at once as one sparse product (job weights × CV term presence).
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from cvmatch.scoring.known_cvs import KNOWN
from cvmatch.scoring.terms import (
    TermProfile,
    term_profile,
    terms_in_every_language,
)
from cvmatch.types import Document

MAX_LISTED_TERMS = 12
"""How many matched / missing terms a result lists (heaviest first)."""


@dataclass(frozen=True)
class LexicalEvidence:
    """Coverage in 0–1 and the terms behind it, heaviest first, in the job's surface form."""

    coverage: float
    matched: tuple[str, ...]
    missing: tuple[str, ...]


def job_profile(job: Document) -> TermProfile:
    """Key-term weights of a job description."""
    return term_profile(job.text, job.language)


def cv_terms(cv: Document) -> frozenset[str]:
    """The key terms present in a CV, stemmed in its own language and in every other one.

    A job is stemmed in its language, so a French CV's "Cassandra" (French stem ``cassandr``)
    must also be there as the English stem ``cassandra`` for an English job to find it.
    """
    known = KNOWN.terms.get(cv.text)  # computed at ingest for the same text
    if known is not None:
        return known
    return terms_in_every_language(cv.text)  # includes its own (or English for others)


def lexical_evidence(profile: TermProfile, terms: Collection[str]) -> LexicalEvidence:
    """Coverage of one job profile by one CV's terms, with matched and missing terms listed."""
    total = sum(profile.weights.values())
    if total == 0:
        return LexicalEvidence(0.0, (), ())
    # Heaviest first, then alphabetical, so the listing is deterministic.
    ordered = sorted(profile.weights.items(), key=lambda kv: (-kv[1], kv[0]))
    matched = [stem for stem, _ in ordered if stem in terms]
    missing = [stem for stem, _ in ordered if stem not in terms]
    return LexicalEvidence(
        coverage=sum(profile.weights[stem] for stem in matched) / total,
        matched=tuple(profile.surface[s] for s in matched[:MAX_LISTED_TERMS]),
        missing=tuple(profile.surface[s] for s in missing[:MAX_LISTED_TERMS]),
    )


def coverage_matrix(
    profiles: Sequence[TermProfile], term_sets: Sequence[Collection[str]]
) -> np.ndarray:
    """``result[j, c]`` = coverage of job profile ``j`` by CV term set ``c`` (0–1, float64)."""
    vocabulary: dict[str, int] = {}
    for profile in profiles:
        for stem in profile.weights:
            vocabulary.setdefault(stem, len(vocabulary))
    weights = _sparse_rows(
        [{vocabulary[s]: w for s, w in p.weights.items()} for p in profiles], len(vocabulary)
    )
    presence = _sparse_rows(
        [{vocabulary[s]: 1.0 for s in terms if s in vocabulary} for terms in term_sets],
        len(vocabulary),
    )
    covered = (weights @ presence.T).toarray()
    totals = np.asarray(weights.sum(axis=1)).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.where(totals[:, None] > 0, covered / totals[:, None], 0.0)
    return np.asarray(result, dtype=np.float64)


def _sparse_rows(rows: list[dict[int, float]], width: int) -> sparse.csr_matrix:
    indptr, indices, data = [0], [], []
    for row in rows:
        for column in sorted(row):
            indices.append(column)
            data.append(row[column])
        indptr.append(len(indices))
    return sparse.csr_matrix(
        (np.asarray(data, dtype=np.float64), indices, indptr), shape=(len(rows), max(width, 1))
    )
