"""Request and response bodies of the API (pydantic), built from the workspace's dataclasses.

A candidate's ``match`` is :func:`cvmatch.output.match_to_dict` (the ``cvmatch.match/1`` shape of
``docs/output.md``), so fields added to :class:`~cvmatch.types.Match` (e.g. per-requirement
evidence) reach the API and the page without a schema change here.
"""

from dataclasses import asdict
from typing import Any, Literal

from pydantic import BaseModel, Field

from cvmatch import output
from cvmatch.occupations.records import OccupationRecommendation
from cvmatch.service.job_schemas import AnnOut, JobSettingsOut, LlmRunOut, StageOut
from cvmatch.workspace.records import (
    Decision,
    JobRecord,
    Learning,
    LearningStatus,
    RankedCandidate,
    RankedRow,
    RowPage,
    UploadOutcome,
)

RECOMMEND_SCHEMA = "cvmatch.recommend/1"
"""The JSON schema name of ``cvmatch recommend --format json`` (one recommendation)."""


class FieldError(BaseModel):
    """One request-validation error."""

    loc: list[str]
    msg: str


class Problem(BaseModel):
    """An RFC 9457 problem (``application/problem+json``); ``detail`` is the CLI's error text."""

    type: str = Field(description="`urn:cvmatch:problem:<Error>`.")
    title: str = Field(description="The error class, e.g. `NotFoundError`.")
    status: int
    detail: str
    instance: str = Field(description="The request path.")
    errors: list[FieldError] | None = Field(default=None, description="Request validation only.")


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


UploadStatus = Literal["stored", "duplicate", "refused"]


def _status(outcome: UploadOutcome) -> UploadStatus:
    if outcome.error:
        return "refused"
    return "duplicate" if outcome.duplicate else "stored"


class UploadOut(BaseModel):
    """One file of an upload: stored, duplicate, or refused with an error."""

    filename: str = Field(description="The sanitised name the file is stored under.")
    status: UploadStatus = Field(description="`stored`, `duplicate` or `refused` (see `error`).")
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
        files = [UploadOut(status=_status(o), **asdict(o)) for o in outcomes]
        failed = sum(1 for o in outcomes if o.error)
        duplicates = sum(1 for o in outcomes if o.duplicate and not o.error)
        return cls(
            stored=len(files) - failed - duplicates,
            duplicates=duplicates,
            failed=failed,
            files=files,
        )


class LearnedOut(BaseModel):
    """How the weights learned from the job's decisions moved a candidate."""

    plain_rank: int = Field(description="Rank in the plain ranking (without learned weights).")
    plain_score: float = Field(description="Score without learned weights (0-100).")
    rank_change: int = Field(description="`plain_rank - rank`: positive moved up.")
    score_change: float = Field(description="`score - plain_score`, in points.")


class LearningOut(BaseModel):
    """The job's learning from decisions (``PUT /api/jobs/{id}/learning`` opts in)."""

    enabled: bool
    status: LearningStatus = Field(
        description="`off`; `waiting` (fewer decisions than needed); `one_class` (only "
        "shortlists or only rejects); `active` (the ranking uses learned weights)."
    )
    decisions: int = Field(description="Decided candidates since the last reset.")
    min_decisions: int = Field(description="Decisions needed (`CVMATCH_FEEDBACK_MIN_DECISIONS`).")

    @classmethod
    def of(cls, learning: Learning) -> "LearningOut":
        """From the workspace's :class:`Learning`."""
        return cls(**asdict(learning))


class LearningIn(BaseModel):
    """Opt a job in to, or out of, learning from its decisions."""

    enabled: bool


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
    learned: LearnedOut | None = Field(
        default=None,
        description="Set when the job is ranked with weights learned from its decisions.",
    )
    match: dict[str, Any] | None = Field(
        description="The `cvmatch.match/1` evidence; null in compact rows (`evidence=false`)."
    )
    stages: list[StageOut] = Field(
        default_factory=list,
        description="The job's trained stages that re-scored the candidate (empty without).",
    )
    llm: dict[str, Any] | None = Field(
        default=None,
        description="The LLM's review (docs/llm.md) when the job's LLM switch re-read it.",
    )
    fused_score: float | None = Field(
        default=None, description="The list score fused with the LLM's fit (re-read rows)."
    )

    @classmethod
    def row(cls, item: RankedRow) -> "CandidateOut":
        """A compact row (no ``match``) from a :class:`RankedRow`."""
        c = item.candidate
        moved = item.learned
        learned = (
            None
            if moved is None
            else LearnedOut(
                plain_rank=moved.plain_rank,
                plain_score=moved.plain_score,
                rank_change=moved.plain_rank - item.rank,
                score_change=round(item.score - moved.plain_score, 2),
            )
        )
        return cls(
            rank=item.rank,
            score=item.score,
            job_score=item.job_score,
            candidate_id=c.id,
            name=c.name,
            filename=c.filename,
            language=c.language,
            content_hash=c.content_hash,
            starred=item.starred,
            star_similarity=item.star_similarity,
            decision=item.decision,
            learned=learned,
            match=None,
            stages=[StageOut(**asdict(effect)) for effect in item.stages],
            llm=None if item.llm is None else item.llm.review,
            fused_score=None if item.llm is None else item.llm.fused_score,
        )

    @classmethod
    def of(cls, item: RankedCandidate) -> "CandidateOut":
        """From a :class:`RankedCandidate`: the compact row plus its match and evidence."""
        return cls.row(item).model_copy(update={"match": output.match_to_dict(item.match)})


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
    learning: LearningOut | None = Field(
        default=None, description="Learning from decisions: setting, status, decision count."
    )
    settings: JobSettingsOut | None = Field(
        default=None, description="The job's trained stages and LLM switch (`/settings`)."
    )
    llm: LlmRunOut | None = Field(default=None, description="Set when the LLM switch is on.")
    ann: AnnOut | None = Field(
        default=None, description="Set when the pool is large enough for the ANN first stage."
    )

    @classmethod
    def of(cls, page: RowPage, default_llm_top: int = 20) -> "RankingOut":
        """From a page of compact rows, or of rows with their match (then with evidence)."""
        items = [
            CandidateOut.of(i) if isinstance(i, RankedCandidate) else CandidateOut.row(i)
            for i in page.items
        ]
        return cls(
            job_id=page.job_id,
            total=page.total,
            offset=page.offset,
            limit=page.limit,
            stars=list(page.stars),
            star_weight=page.star_weight,
            items=items,
            learning=None if page.learning is None else LearningOut.of(page.learning),
            settings=None
            if page.settings is None
            else JobSettingsOut.of(page.settings, default_llm_top),
            llm=None if page.llm is None else LlmRunOut(**asdict(page.llm)),
            ann=None if page.ann is None else AnnOut(**asdict(page.ann)),
        )


class StarsOut(BaseModel):
    """The starred candidates of a job after the change."""

    job_id: int
    stars: list[int]


class DecisionIn(BaseModel):
    """A decision about a candidate."""

    decision: Decision
    note: str = Field(default="", max_length=5000)


class OccupationOut(BaseModel):
    """One recommended occupation (the ``cvmatch.recommend/1`` hit of ``cvmatch recommend``)."""

    rank: int
    uri: str
    code: str
    label: str
    language: str
    isco_group: str
    score: float
    signals: dict[str, float]
    best_label: str
    evidence: list[str]
    missing_skills: list[str]


class OccupationsOut(BaseModel):
    """The occupations a candidate's CV fits best (docs/recommend.md)."""

    schema_: str = Field(default=RECOMMEND_SCHEMA, alias="schema")
    id: str
    language: str
    level: str
    model: str
    occupations: list[OccupationOut]

    @classmethod
    def of(cls, result: OccupationRecommendation) -> "OccupationsOut":
        """From the engine's :class:`OccupationRecommendation`."""
        hits = [
            OccupationOut(
                rank=rank,
                **(asdict(hit) | {"signals": dict(hit.signals)}),
            )
            for rank, hit in enumerate(result.hits, start=1)
        ]
        return cls(
            id=result.input_id,
            language=result.language,
            level=result.level,
            model=result.model_id,
            occupations=hits,
        )


class Health(BaseModel):
    """Liveness and the store's schema version."""

    status: str
    schema_version: int
    version: str
