"""Open a store by path or URL, apply the numbered migrations, hand out transactions.

``open_database("recruit.db")`` and ``open_database("sqlite:///recruit.db")`` give a SQLite file
in WAL mode (readers run beside one writer; each connection waits up to 30 s for a lock);
``open_database("postgresql+psycopg://user@host/db")`` gives PostgreSQL with the same tables.

Migrations are numbered functions in :data:`MIGRATIONS`; the ``schema_version`` table records
the ones applied. A new schema change is a new function appended to the list, never an edit.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.exc import ArgumentError, OperationalError

from cvmatch.errors import InvalidInputError
from cvmatch.store import schema

Migration = Callable[[Connection], None]


_V1_TABLES = (
    "schema_version", "users", "tokens", "documents", "jobs", "candidates", "job_candidates",
    "embeddings", "matches", "stars", "decisions", "audit",
)  # fmt: skip


def _v1_initial(conn: Connection) -> None:
    """The tables of the first schema (a later migration alters them, never this list)."""
    tables = [schema.metadata.tables[name] for name in _V1_TABLES]
    schema.metadata.create_all(conn, tables=tables)


MIGRATIONS: tuple[Migration, ...] = (_v1_initial,)
"""Migration ``n`` (1-based) brings the schema from version ``n - 1`` to ``n``."""


def database_url(target: str | Path) -> str:
    """A SQLAlchemy URL for ``target``: a URL is kept, a path becomes ``sqlite:///<path>``."""
    text = str(target)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


class Database:
    """A SQLAlchemy engine over the store's schema."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back (nothing half-written) on error."""
        with self.engine.begin() as conn:
            yield conn

    def connect(self) -> Connection:
        """A connection for reads (use as a context manager)."""
        return self.engine.connect()

    def version(self) -> int:
        """The highest migration applied (0 for an empty database)."""
        with self.connect() as conn:
            if not self.engine.dialect.has_table(conn, "schema_version"):
                return 0
            rows = conn.execute(select(schema.schema_version.c.version)).scalars().all()
            return max(rows, default=0)

    def migrate(self) -> int:
        """Apply the migrations not yet applied, each in its own transaction; return the version."""
        current = self.version()
        for number, migration in enumerate(MIGRATIONS, start=1):
            if number <= current:
                continue
            with self.begin() as conn:
                migration(conn)
                row = {"version": number, "applied_at": datetime.now(UTC)}
                conn.execute(insert(schema.schema_version).values(row))
        return len(MIGRATIONS)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()


def open_database(target: str | Path, migrate: bool = True) -> Database:
    """Open (and by default migrate) the store at ``target`` (a path or a SQLAlchemy URL)."""
    url = database_url(target)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as error:
        raise InvalidInputError(f"cannot open database {url!r}: {error}") from error
    database = Database(engine)
    if migrate:
        try:
            database.migrate()
        except OperationalError as error:
            raise InvalidInputError(f"cannot open database {url!r}: {error.orig}") from error
    return database
