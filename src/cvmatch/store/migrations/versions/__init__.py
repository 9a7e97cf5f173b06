"""One module per Alembic revision (Alembic skips this file)."""
