"""Records of the recruiter workspace: users, stored jobs and candidates, uploads, ranked pages, feedback."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Generic, TypeVar

from cvmatch.types import Flag, Match, StageEffect


class Decision(StrEnum):
    """What a recruiter decided about a candidate for a job (``note`` only annotates)."""

    SHORTLIST = "shortlist"
    REJECT = "reject"
    NOTE = "note"


@dataclass(frozen=True)
class LlmReview:
    """One candidate's LLM review as a row shows it (the ``llm`` object of docs/llm.md)."""

    fused_score: float
    """The LLM's fit fused with the list score (0-100; what orders the re-read top K)."""
    review: dict[str, object]
    """``cvmatch.llm.payload.review_to_dict``: fit, verdicts, summary, flags."""


@dataclass(frozen=True)
class User:
    """Someone holding an API token."""

    id: int
    name: str


@dataclass(frozen=True)
class JobRecord:
    """A stored job."""

    id: int
    title: str
    text: str
    language: str
    created_at: str
    candidates: int = 0


@dataclass(frozen=True)
class CandidateRecord:
    """A stored candidate (one CV file, stored once per content hash)."""

    id: int
    name: str
    filename: str
    language: str
    content_hash: str
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class UploadOutcome:
    """What happened to one uploaded file: stored, found as a duplicate, or refused (``error``)."""

    filename: str
    candidate_id: int | None = None
    duplicate: bool = False
    """The same file (same sha256) was already stored: the stored candidate is reused."""
    linked: bool = False
    """The candidate was newly attached to the job (``False`` when it already was)."""
    error: str | None = None
    message: str | None = None


class LearningStatus(StrEnum):
    """Where a job stands in learning from its decisions."""

    OFF = "off"
    """The job has not opted in (the default)."""
    WAITING = "waiting"
    """Opted in, fewer decisions than ``Settings.feedback_min_decisions`` since the last reset."""
    ONE_CLASS = "one_class"
    """Enough decisions, but all shortlists or all rejects: nothing to tell apart yet."""
    ACTIVE = "active"
    """The ranking uses weights learned from the decisions."""


@dataclass(frozen=True)
class Learning:
    """A job's learning-from-decisions state, as the ranking reports it."""

    enabled: bool
    status: LearningStatus
    decisions: int
    """Candidates with a shortlist / reject since the last reset (the learner's labels)."""
    min_decisions: int


@dataclass(frozen=True)
class JobSettings:
    """A job's scoring settings: trained stages after the first one, and the LLM switch.

    ``None`` model names leave a stage out; ``None`` tops take the defaults (the CLI's
    ``--rerank-top`` default, ``CVMATCH_LLM_TOP_K``). The defaults rank as before settings existed.
    """

    rerank_model: str | None = None
    """A trained cross-encoder re-reading the best ``rerank_top`` (``cvmatch rank --rerank``)."""
    rerank_top: int | None = None
    ranker_model: str | None = None
    """A trained ranker (or feedback ranker) re-scoring every candidate (``--ranker``)."""
    llm: bool = False
    """Whether the configured LLM endpoint re-reads the best ``llm_top`` (``--llm``)."""
    llm_top: int | None = None


@dataclass(frozen=True)
class LlmRun:
    """How the LLM step went for a job's current list (``None`` on a page when it is off)."""

    model: str
    reviewed: int
    degraded: bool
    """The endpoint failed (timeout, rate limit, server or validation error): the list is the
    deterministic one."""
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class AnnShortlist:
    """A large pool's first stage: the ANN index picked which candidates were fully scored."""

    pool: int
    """Candidates attached to the job."""
    candidates: int
    """ANN hits fully scored per pass (``CVMATCH_ANN_CANDIDATES``)."""
    index_tier: str


@dataclass(frozen=True)
class AnnPick:
    """The pool an ANN shortlist was picked for: valid while the pool's content is the same."""

    shortlist: AnnShortlist
    pool: str
    """Fingerprint of the pool's content (:func:`cvmatch.store.job_pool.pool_fingerprint`)."""
    revision: int
    """The job's revision when ``pool`` was last checked (unchanged revision: same pool)."""


@dataclass(frozen=True)
class LearnedMove:
    """How the learned weights moved one candidate: where the plain ranking had it."""

    plain_rank: int
    plain_score: float
    """The score without the learned weights (job match, or star blend when starred)."""


@dataclass(frozen=True)
class RankedRow:
    """A compact row of a job's (re-)ranked list: scores and state, no match or evidence."""

    rank: int
    score: float
    job_score: float
    candidate: CandidateRecord
    starred: bool = False
    star_similarity: float | None = None
    decision: Decision | None = None
    learned: LearnedMove | None = None
    """Set when learned weights rank the job (``score`` then includes them)."""
    stages: tuple[StageEffect, ...] = ()
    """How the job's trained stages moved the candidate (empty without stage settings)."""
    llm: LlmReview | None = None
    """The LLM's review when the job's LLM switch is on and the candidate was re-read."""


@dataclass(frozen=True)
class RankedCandidate(RankedRow):
    """One row of a job's (re-)ranked list, with the job match and its evidence.

    ``score`` is what the list is ordered by: the job match, or the star blend when stars exist
    (``match.score``, like ``job_score``, always keeps the job match alone).
    """

    match: Match = field(kw_only=True)


RowT_co = TypeVar("RowT_co", bound=RankedRow, covariant=True)


@dataclass(frozen=True)
class Page(Generic[RowT_co]):
    """A page of a job's ranked list: compact rows (:data:`RowPage`) or rows with their match."""

    job_id: int
    total: int
    offset: int
    limit: int
    stars: tuple[int, ...]
    star_weight: float
    items: tuple[RowT_co, ...]
    learning: Learning | None = None
    settings: JobSettings | None = None
    llm: LlmRun | None = None
    ann: AnnShortlist | None = None


RowPage = Page[RankedRow]
"""A page of compact rows (evidence per candidate on demand)."""
RankPage = Page[RankedCandidate]
"""A page of a job's ranked candidates, each with its match and evidence."""


@dataclass(frozen=True)
class FeedbackEvent:
    """A star, unstar or decision as logged for ranker training (see ``docs/service.md``)."""

    at: str
    user: str | None
    action: str
    job_id: int
    candidate_id: int | None
    job_score: float | None
    detail: dict[str, str]
