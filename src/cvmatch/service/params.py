"""Path and query parameters shared by the routes, validated before any handler runs.

Ids are SQLite/PostgreSQL ``BIGINT`` row ids: 1 … 2^63−1. A larger or smaller value is a 422
request-validation problem, never an overflow inside the store.
"""

from typing import Annotated

from fastapi import Path, Query

MAX_ID = 2**63 - 1
"""The largest row id the store can hold (signed 64-bit)."""

JobId = Annotated[int, Path(ge=1, le=MAX_ID, description="A job id.")]
CandidateId = Annotated[int, Path(ge=1, le=MAX_ID, description="A candidate id.")]
JobFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only this job's entries.")]
Offset = Annotated[int, Query(ge=0, le=MAX_ID, description="Rows to skip.")]
