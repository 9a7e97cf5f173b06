"""The tables of the recruiter store (SQLAlchemy Core).

Every row that users create is kept: nothing here cascades deletes except stars (a star is a
toggle). Unique constraints, not checks in Python, stop duplicates under concurrency:
``documents (kind, content_hash)``, ``job_candidates (job_id, candidate_id)``, ``users.name``,
``tokens.token_hash``.

A change here needs a new Alembic revision in :mod:`cvmatch.store.migrations` (a test compares
the migrated schema with these tables).
"""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(8), nullable=False),
    Column("filename", String(500), nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("text", Text, nullable=False),
    Column("language", String(16), nullable=False),
    Column("meta", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("kind", "content_hash", name="uq_documents_kind_hash"),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("title", String(500), nullable=False),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False),
    Column("created_by", Integer, ForeignKey("users.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revision", Integer, nullable=False, server_default="0"),
    Column("learn_from_decisions", Boolean, nullable=False, server_default=false()),
    Column("learning_reset_after", Integer, nullable=False, server_default="0"),
)

candidates = Table(
    "candidates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("document_id", Integer, ForeignKey("documents.id"), nullable=False, unique=True),
    Column("name", String(500), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

job_candidates = Table(
    "job_candidates",
    metadata,
    Column("job_id", Integer, ForeignKey("jobs.id"), primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id"), primary_key=True),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

embeddings = Table(
    "embeddings",
    metadata,
    Column("document_id", Integer, ForeignKey("documents.id"), primary_key=True),
    Column("model_id", String(200), primary_key=True),
    Column("dim", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
)

matches = Table(
    "matches",
    metadata,
    Column("job_id", Integer, ForeignKey("jobs.id"), primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id"), primary_key=True),
    Column("score", Float, nullable=False),
    Column("payload", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

stars = Table(
    "stars",
    metadata,
    Column("job_id", Integer, ForeignKey("jobs.id"), primary_key=True),
    Column("candidate_id", Integer, ForeignKey("candidates.id"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job_id", Integer, ForeignKey("jobs.id"), nullable=False),
    Column("candidate_id", Integer, ForeignKey("candidates.id"), nullable=False),
    Column("decision", String(16), nullable=False),
    Column("note", Text, nullable=False, default=""),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

job_settings = Table(
    "job_settings",
    metadata,
    Column("job_id", Integer, ForeignKey("jobs.id"), primary_key=True),
    Column("rerank_model", String(500)),
    Column("rerank_top", Integer),
    Column("ranker_model", String(500)),
    Column("llm", Boolean, nullable=False, server_default=false()),
    Column("llm_top", Integer),
    Column("updated_by", Integer, ForeignKey("users.id")),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
"""A job's scoring stages and LLM switch (migration ``0004``); no row: the first stage alone."""

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("action", String(40), nullable=False),
    Column("job_id", Integer),
    Column("candidate_id", Integer),
    Column("detail", JSON, nullable=False),
)

# Self-reported demographic categories (issue 22, revision 0005): one row per candidate, written
# only from what the candidate reported (via the candidate or a recruiter, API or CSV import),
# never inferred. ``None``: not reported (or declined).
candidate_categories = Table(
    "candidate_categories",
    metadata,
    Column("candidate_id", Integer, ForeignKey("candidates.id"), primary_key=True),
    Column("sex", String(64)),
    Column("race_ethnicity", String(64)),
    Column("reported_via", String(16), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id")),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)
