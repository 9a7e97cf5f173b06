"""Per-job state on ``jobs``: a revision every write bumps, and the learning-from-decisions setting.

``revision`` keys the service's per-job caches (several server processes read it, so a write
in one is seen by all). ``learn_from_decisions`` is the opt-in of issue 18 item 3, and
``learning_reset_after`` the id of the last decision a reset discarded (only later decisions
teach the learner).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


_COLUMNS = ("revision", "learn_from_decisions", "learning_reset_after")


def upgrade() -> None:
    """Add the three columns (plain ``ADD COLUMN``), with defaults for the jobs already stored."""
    op.add_column("jobs", sa.Column("revision", sa.Integer, nullable=False, server_default="0"))
    op.add_column(
        "jobs",
        sa.Column("learn_from_decisions", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "jobs", sa.Column("learning_reset_after", sa.Integer, nullable=False, server_default="0")
    )


def downgrade() -> None:
    """Drop the three columns."""
    for name in reversed(_COLUMNS):
        op.drop_column("jobs", name)
