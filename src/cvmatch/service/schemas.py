"""Request and response bodies of the API (pydantic), built from the workspace's dataclasses.

A candidate's ``match`` is :func:`cvmatch.output.match_to_dict` (the ``cvmatch.match/1`` shape of
``docs/output.md``), so fields added to :class:`~cvmatch.types.Match` (e.g. per-requirement
evidence) reach the API and the page without a schema change here.
"""

from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, Field

from cvmatch import output
from cvmatch.workspace.records import Decision, JobRecord, RankedCandidate, RankPage, UploadOutcome


class JobIn(BaseModel):
    """A job given as text."""

    title: str = Field(default="", max_length=500)
    text: str = Field(min_length=1, max_length=300_000)


class JobOut(BaseModel):
    """A stored job."""

    id: int
    title: str
    language: str
    created_at: str
    candidates: int
    text: str = ""

    @classmethod
    def of(cls, job: JobRecord) -> "JobOut":
        """From a :class:`JobRecord`."""
        return cls(**asdict(job))


class UploadOut(BaseModel):
    """One file of an upload: stored, duplicate, or refused with an error."""

    filename: str
    candidate_id: int | None
    duplicate: bool
    linked: bool
    error: str | None
    message: str | None


class UploadsOut(BaseModel):
    """The outcome of every uploaded file, in upload order."""

    stored: int
    duplicates: int
    failed: int
    files: list[UploadOut]

    @classmethod
    def of(cls, outcomes: list[UploadOutcome]) -> "UploadsOut":
        """From the workspace's outcomes."""
        files = [UploadOut(**asdict(o)) for o in outcomes]
        failed = sum(1 for o in outcomes if o.error)
        duplicates = sum(1 for o in outcomes if o.duplicate and not o.error)
        return cls(
            stored=len(files) - failed - duplicates,
            duplicates=duplicates,
            failed=failed,
            files=files,
        )


class CandidateOut(BaseModel):
    """One ranked candidate with its evidence."""

    rank: int
    score: float = Field(description="What the list is ordered by (star blend when starred).")
    job_score: float = Field(description="The job match alone (0-100).")
    candidate_id: int
    name: str
    filename: str
    language: str
    content_hash: str
    starred: bool
    star_similarity: float | None
    decision: Decision | None
    match: dict[str, Any]

    @classmethod
    def of(cls, item: RankedCandidate) -> "CandidateOut":
        """From a :class:`RankedCandidate`."""
        c = item.candidate
        return cls(
            rank=item.rank,
            score=item.score,
            job_score=item.match.score,
            candidate_id=c.id,
            name=c.name,
            filename=c.filename,
            language=c.language,
            content_hash=c.content_hash,
            starred=item.starred,
            star_similarity=item.star_similarity,
            decision=item.decision,
            match=output.match_to_dict(item.match),
        )


class RankingOut(BaseModel):
    """A page of a job's ranking."""

    job_id: int
    total: int
    offset: int
    limit: int
    stars: list[int]
    star_weight: float
    scale: str = output.SCORE_SCALE
    items: list[CandidateOut]

    @classmethod
    def of(cls, page: RankPage) -> "RankingOut":
        """From a :class:`RankPage`."""
        return cls(
            job_id=page.job_id,
            total=page.total,
            offset=page.offset,
            limit=page.limit,
            stars=list(page.stars),
            star_weight=page.star_weight,
            items=[CandidateOut.of(i) for i in page.items],
        )


class StarsOut(BaseModel):
    """The starred candidates of a job after the change."""

    job_id: int
    stars: list[int]


class DecisionIn(BaseModel):
    """A decision about a candidate."""

    decision: Decision
    note: str = Field(default="", max_length=5000)


class Health(BaseModel):
    """Liveness and the store's schema version."""

    status: str
    schema_version: int
    version: str
