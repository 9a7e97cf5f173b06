"""Persistence only: SQLAlchemy tables, Alembic migrations and plain reads/writes, no business rules.

SQLite (one file, WAL journal) by default; a ``postgresql+psycopg://`` URL gives the same schema on
PostgreSQL. The recruiter logic that uses these tables lives in :mod:`cvmatch.workspace`.
"""

from cvmatch.store.database import Database, open_database

__all__ = ["Database", "open_database"]
