"""What every workspace operation shares: the store, the engine, the settings, locks and caches."""

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection

from cvmatch.engine import Engine, Stages
from cvmatch.index.ann import FaissIndex
from cvmatch.settings import Settings
from cvmatch.store import Database
from cvmatch.store.people import insert_audit
from cvmatch.types import Match
from cvmatch.workspace.records import (
    AnnPick,
    AnnShortlist,
    CandidateRecord,
    Decision,
    JobSettings,
    Learning,
    LlmReview,
    LlmRun,
    User,
)


@dataclass
class JobMatrix:
    """A job's stored results as arrays: rows aligned, candidate ids ascending.

    The candidates' list headers, which never change once stored, ride along (filled on use).
    """

    ids: np.ndarray
    scores: np.ndarray
    vectors: np.ndarray
    records: dict[int, CandidateRecord] = field(default_factory=dict)
    """Candidate id → list header (name, file, flags), added page by page."""
    staged: dict[int, Match] = field(default_factory=dict)
    """Candidate id → match after the job's trained stages (``scores`` are then theirs);
    empty when the job has no stage settings (the stored matches stand)."""


@dataclass(frozen=True)
class JobView:
    """A job's candidates in (re-)ranked order at one revision of the job (see ``views.py``)."""

    revision: int
    matrix: JobMatrix
    scores: np.ndarray
    """What the list is ordered by (0-100, matrix rows): the job match, the star blend, or
    the learned blend when the job learns from its decisions."""
    similarity: np.ndarray | None
    """Similarity to the starred centroid (matrix rows); ``None`` without stars."""
    ordering: np.ndarray
    """Matrix rows, best first (ties by candidate id)."""
    starred: tuple[int, ...]
    decisions: dict[int, Decision]
    """Candidate id → newest shortlist / reject."""
    learning: Learning
    plain_scores: np.ndarray | None = None
    """With learned weights active: the scores without them (matrix rows), else ``None``."""
    plain_ranks: np.ndarray | None = None
    """With learned weights active: each matrix row's 1-based rank without them."""
    settings: JobSettings = field(default_factory=JobSettings)
    """The job's scoring settings the view was built with."""
    llm: LlmRun | None = None
    """How the LLM step went (``None`` while the job's LLM switch is off)."""
    llm_reviews: dict[int, LlmReview] = field(default_factory=dict)
    """Candidate id → the LLM's review, for the candidates it re-read."""
    ann: AnnShortlist | None = None
    """Set when the job's pool is large enough for the ANN first stage."""


@dataclass
class Context:
    """Shared state of one :class:`~cvmatch.workspace.Workspace` (one per process)."""

    db: Database
    engine: Engine
    settings: Settings
    matrices: dict[int, JobMatrix] = field(default_factory=dict)
    """Per-job arrays for re-ranking, rebuilt when the number of stored matches changes."""
    views: dict[int, JobView] = field(default_factory=dict)
    """Per-job ranked order, stars and decisions, rebuilt when the job's revision changes."""
    staged: dict[int, tuple[tuple[int, Stages], JobMatrix]] = field(default_factory=dict)
    """Per job: the matrix after its trained stages, keyed by (stored matches, stages)."""
    features: dict[int, dict[int, np.ndarray]] = field(default_factory=dict)
    """Job → candidate → match features (stored matches never change), read when learning."""
    ann_index: tuple[FaissIndex, str] | None = None
    """The store's ANN index and what it reflects: store revision and index file (large pools)."""
    ann: dict[int, AnnPick] = field(default_factory=dict)
    """Per job with a large pool: the pool its ANN shortlist was scored for, and how."""
    job_vectors: dict[int, np.ndarray] = field(default_factory=dict)
    """Per job: its feedback-encoder vector (the ANN query)."""
    view_locks: dict[int, threading.Lock] = field(default_factory=dict)
    """Per job, one rebuild at a time: requests after a write wait for it, then share it."""
    _locks_guard: threading.Lock = field(default_factory=threading.Lock)
    score_lock: threading.Lock = field(default_factory=threading.Lock)
    """One scoring pass at a time (CPU-bound anyway); stops two requests scoring the same CV."""

    def view_lock(self, job_id: int) -> threading.Lock:
        """The lock that serialises rebuilding ``job_id``'s view (other jobs never wait on it)."""
        with self._locks_guard:
            return self.view_locks.setdefault(job_id, threading.Lock())


def audit(
    conn: Connection,
    user: User | None,
    action: str,
    job_id: int | None = None,
    candidate_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Log who did what, in the caller's transaction (so it commits or rolls back with it)."""
    row = {
        "user_id": user.id if user else None,
        "action": action,
        "job_id": job_id,
        "candidate_id": candidate_id,
        "detail": detail or {},
    }
    insert_audit(conn, row)
