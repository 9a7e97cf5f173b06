"""Per-job scoring settings: trained stages and the LLM switch (``job_settings``).

One optional row per job (no row: the job ranks as before, with the first stage alone). It
names a trained cross-encoder (``rerank_model`` over the best ``rerank_top``), a trained ranker
(``ranker_model``) and whether the LLM re-reads the best ``llm_top``; a ``NULL`` top means the
default of the settings. Plain ``CREATE TABLE`` on SQLite and PostgreSQL alike.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``job_settings`` (keyed by job)."""
    op.create_table(
        "job_settings",
        sa.Column("job_id", sa.Integer, sa.ForeignKey("jobs.id"), primary_key=True),
        sa.Column("rerank_model", sa.String(500)),
        sa.Column("rerank_top", sa.Integer),
        sa.Column("ranker_model", sa.String(500)),
        sa.Column("llm", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("llm_top", sa.Integer),
        sa.Column("updated_by", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop ``job_settings``."""
    op.drop_table("job_settings")
