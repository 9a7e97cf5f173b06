"""What every workspace operation shares: the store, the engine, the settings, locks and caches."""

import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Connection

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.store import Database
from cvmatch.store.people import insert_audit
from cvmatch.workspace.records import User


@dataclass
class JobMatrix:
    """A job's stored results as arrays: rows aligned, candidate ids ascending."""

    ids: np.ndarray
    scores: np.ndarray
    vectors: np.ndarray


@dataclass
class Context:
    """Shared state of one :class:`~cvmatch.workspace.Workspace` (one per process)."""

    db: Database
    engine: Engine
    settings: Settings
    matrices: dict[int, JobMatrix] = field(default_factory=dict)
    """Per-job arrays for re-ranking, rebuilt when the number of stored matches changes."""
    score_lock: threading.Lock = field(default_factory=threading.Lock)
    """One scoring pass at a time (CPU-bound anyway); stops two requests scoring the same CV."""
    star_lock: threading.Lock = field(default_factory=threading.Lock)
    """Makes the "at most N stars" check and the insert one step within this process."""


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
