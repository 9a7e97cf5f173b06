"""pgvector on PostgreSQL: an ``embeddings.embedding`` column of type ``vector``; SQLite unchanged.

PostgreSQL stores gain the ``vector`` extension and a ``vector`` column (no fixed dimension:
models of different sizes share the table) filled from the float32 blobs already stored. The
HNSW indexes are partial expression indexes, one per (model id, dimension), that
:mod:`cvmatch.store.vectors` creates when a model's vectors are first searched or bulk-loaded.
The blob column stays (the workspace reads it on both dialects).

SQLite stores are not touched: this revision only moves their ``alembic_version`` to ``0003``.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from alembic import op

from cvmatch.store.vectors import backfill_vectors, require_pgvector

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the extension and the column on PostgreSQL, copying the stored vectors into it."""
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    require_pgvector(conn)
    op.execute("CREATE EXTENSION IF NOT EXISTS vector")
    op.execute("ALTER TABLE embeddings ADD COLUMN embedding vector")
    backfill_vectors(conn)


def downgrade() -> None:
    """Drop the column (and with it every HNSW index over it); the extension stays."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column("embeddings", "embedding")
