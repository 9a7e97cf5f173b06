"""Extraction once per document: a job's requirements, a CV's facts (bounded memo tables).

The engine's match flow calls this stage before scoring; re-ranking the same documents is then
fast while memory stays flat.
"""

import datetime as dt
from collections.abc import Hashable
from typing import TypeVar

from cvmatch.errors import InvalidInputError
from cvmatch.extract.cv import cv_facts
from cvmatch.extract.overrides import Overrides, apply_overrides
from cvmatch.extract.requirements import job_requirements
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.types import CvFacts, Document, Requirement

V = TypeVar("V")

MAX_MEMO = 4096
"""Entries per memo table (jobs, CVs, pairs); the oldest goes first."""


def remember(table: dict[Hashable, V], key: Hashable, value: V) -> None:
    """Store ``value`` under ``key``, dropping the oldest entry when the table is full."""
    if len(table) >= MAX_MEMO:
        table.pop(next(iter(table)))
    table[key] = value


def reference_year(value: str | None, today: dt.date | None = None) -> float:
    """``YYYY-MM`` (or None = this month) as a decimal year.

    >>> reference_year("2024-07")
    2024.5
    """
    if value is None:
        day = today or dt.datetime.now(dt.UTC).date()
        return round(day.year + (day.month - 1) / 12, 4)
    try:
        year, month = (int(x) for x in value.split("-")[:2])
    except ValueError:
        raise InvalidInputError(f"reference_date must be YYYY-MM, got {value!r}") from None
    if not 1 <= month <= 12:  # noqa: PLR2004
        raise InvalidInputError(f"reference_date must be YYYY-MM, got {value!r}")
    return round(year + (month - 1) / 12, 4)


class DocumentExtractor:
    """Requirements of jobs and facts of CVs, each extracted once (pure functions of the text)."""

    def __init__(self, gazetteer: Gazetteer, reference: float) -> None:
        self.gazetteer = gazetteer
        self.reference = reference
        self._requirements: dict[Hashable, tuple[Requirement, ...]] = {}
        self._facts: dict[Hashable, CvFacts] = {}

    def requirements(
        self, job: Document, overrides: Overrides | None = None
    ) -> tuple[Requirement, ...]:
        """The job's requirements after the recruiter's must-have / ignore choices."""
        key = (job.text, job.language, overrides)
        if key not in self._requirements:
            found = job_requirements(job, self.gazetteer)
            found = apply_overrides(found, overrides, self.gazetteer) if overrides else found
            remember(self._requirements, key, found)
        return self._requirements[key]

    def facts(self, cv: Document) -> CvFacts:
        """What the CV states."""
        key = (cv.text, cv.language, cv.sections)
        if key not in self._facts:
            remember(self._facts, key, cv_facts(cv, self.reference, self.gazetteer))
        return self._facts[key]

    def remember_facts(self, cv: Document, facts: CvFacts) -> None:
        """Take the CV's facts as computed before (stored at ingest with this reference)."""
        remember(self._facts, (cv.text, cv.language, cv.sections), facts)
