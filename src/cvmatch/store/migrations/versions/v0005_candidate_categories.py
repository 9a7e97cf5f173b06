"""Self-reported categories per candidate (issue 22): the ``candidate_categories`` table.

One row per candidate: ``sex`` and ``race_ethnicity`` as the candidate reported them (``NULL``:
not reported), ``reported_via`` (``candidate`` or ``recruiter``: who entered the answer), the
user who recorded it and when. Bias audits read it (docs/audit.md); a candidate's deletion
removes it. Nothing is ever inferred into it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the table (empty: categories were never stored before)."""
    op.create_table(
        "candidate_categories",
        sa.Column("candidate_id", sa.Integer, sa.ForeignKey("candidates.id"), primary_key=True),
        sa.Column("sex", sa.String(64)),
        sa.Column("race_ethnicity", sa.String(64)),
        sa.Column("reported_via", sa.String(16), nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop the table."""
    op.drop_table("candidate_categories")
