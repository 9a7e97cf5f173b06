"""Recruiter feedback as training data: labelled (job, candidate) feature rows read from the store.

Labels, from each candidate's current state in a job:

* the newest **shortlist** → 1, the newest **reject** → 0 (a later decision overrides an
  earlier one; an explicit decision also overrides a star);
* a **star** without a decision → 1 (the recruiter asked for "more like this one");
* **unstar** and **reset** give no label: they only remove a star (the star table keeps the
  current state, so an unstarred candidate is simply unlabelled). Taking an unstar for a reject
  would teach "bad" from "no longer the example I want";
* a **note** gives no label: it annotates, it does not decide.

Features are the stored match's (:mod:`cvmatch.scoring.match_features`): what the pipeline
computed when the candidate was scored, so nothing is re-encoded.
"""

import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sqlalchemy import Connection
from sqlalchemy.exc import SQLAlchemyError

from cvmatch.errors import InvalidInputError, NotFoundError
from cvmatch.scoring.match_features import MATCH_FEATURES, match_features
from cvmatch.store import open_database
from cvmatch.store.codec import match_from_json
from cvmatch.store.people import latest_decisions, star_ids
from cvmatch.store.recruiting import job_exists, job_rows, match_payloads


@dataclass(frozen=True)
class FeedbackData:
    """Labelled rows of one job or of every job of a store, in (job, candidate) order."""

    job_ids: np.ndarray
    candidate_ids: np.ndarray
    labels: np.ndarray
    features: np.ndarray
    names: tuple[str, ...] = MATCH_FEATURES

    @property
    def checksum(self) -> str:
        """sha256 (first 16 hex digits) of the ids, labels and features (rounded to 1e-6)."""
        digest = hashlib.sha256()
        for j, c, y, x in zip(
            self.job_ids, self.candidate_ids, self.labels, self.features, strict=True
        ):
            values = ",".join(f"{v:.6f}" for v in x)
            digest.update(f"{j}\x1f{c}\x1f{y}\x1f{values}\x1e".encode())
        return digest.hexdigest()[:16]


def job_labels(conn: Connection, job_id: int) -> dict[int, int]:
    """Candidate id → 1 / 0 for the labelled candidates of a job (rules in the module doc)."""
    labels = {
        cid: 1 if row.decision == "shortlist" else 0
        for cid, row in latest_decisions(conn, job_id).items()
    }
    for cid in star_ids(conn, job_id):
        labels.setdefault(cid, 1)
    return labels


def _job_rows(conn: Connection, job_id: int) -> list[tuple[int, int, int, np.ndarray]]:
    labels = job_labels(conn, job_id)
    payloads = match_payloads(conn, job_id, sorted(labels))
    return [
        (job_id, cid, labels[cid], match_features(match_from_json(payloads[cid])))
        for cid in sorted(labels)
        if cid in payloads  # decisions and stars score the job first, so all are stored
    ]


def read_feedback(conn: Connection, job_id: int | None = None) -> FeedbackData:
    """The labelled rows of ``job_id``, or of every job when it is ``None`` (pooled).

    Raises:
        NotFoundError: ``job_id`` is not a job of the store.
    """
    if job_id is not None and not job_exists(conn, job_id):
        raise NotFoundError(f"no job with id {job_id}")
    jobs = [job_id] if job_id is not None else sorted(int(r.id) for r in job_rows(conn))
    rows = [row for job in jobs for row in _job_rows(conn, job)]
    width = len(MATCH_FEATURES)
    return FeedbackData(
        job_ids=np.asarray([r[0] for r in rows], dtype=np.int64),
        candidate_ids=np.asarray([r[1] for r in rows], dtype=np.int64),
        labels=np.asarray([r[2] for r in rows], dtype=np.int64),
        features=np.stack([r[3] for r in rows]) if rows else np.zeros((0, width)),
    )


def load_feedback(db: str, job_id: int | None = None) -> FeedbackData:
    """:func:`read_feedback` over the store at ``db`` (a path or SQLAlchemy URL; not migrated).

    Raises:
        InvalidInputError: The store cannot be opened or read.
    """
    if "://" not in db and not Path(db).is_file():
        raise InvalidInputError(f"no store at {db!r}: give the service's database file or URL")
    database = open_database(db, migrate=False)
    try:
        with database.connect() as conn:
            return read_feedback(conn, job_id)
    except SQLAlchemyError as error:
        raise InvalidInputError(f"cannot read feedback from {db!r}: {error}") from error
    finally:
        database.close()
