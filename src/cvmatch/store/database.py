"""Open a store by path or URL, migrate it with Alembic, hand out transactions.

``open_database("recruit.db")`` and ``open_database("sqlite:///recruit.db")`` give a SQLite file
in WAL mode (readers run beside one writer; each connection waits up to 30 s for a lock);
``open_database("postgresql+psycopg://user@host/db")`` gives PostgreSQL with the same tables.

Migrations are the Alembic revisions shipped in :mod:`cvmatch.store.migrations` (``0001``,
``0002``…), run programmatically at open: no ``alembic.ini`` is needed. Stores made before
Alembic recorded their version in a ``schema_version`` table; they are stamped with the matching
revision (nothing is re-created or dropped, and that table is kept) and upgraded from there.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    column,
    create_engine,
    event,
    func,
    inspect,
    select,
    table,
)
from sqlalchemy.exc import ArgumentError, OperationalError

from cvmatch.errors import InvalidInputError
from cvmatch.store import embedded, vectors

LEGACY_TABLE = "schema_version"
"""Where stores made before Alembic kept their version number."""

SQLITE_POOL_SIZE = 20
"""Pooled SQLite connections kept open (the service serves concurrent requests from threads)."""

_LEGACY_REVISIONS = {1: "0001"}
"""The Alembic revision each pre-Alembic ``schema_version`` equals."""


def include_object(
    obj: object, name: str | None, kind: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's filter: what ``schema.py`` does not describe and migrations must not drop.

    The ``schema_version`` table of old stores; on PostgreSQL the pgvector column of
    ``embeddings`` (revision ``0003``) and its per-model HNSW indexes (made on demand).
    """
    del reflected, compare_to
    if kind == "table":
        return name != LEGACY_TABLE
    if kind == "column":
        table_name = getattr(getattr(obj, "table", None), "name", None)
        return not (table_name == "embeddings" and name == vectors.COLUMN)
    if kind == "index":
        return not (name or "").startswith(vectors.INDEX_PREFIX)
    return True


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config over the packaged migrations, running on ``connection``."""
    config = Config()
    config.set_main_option("script_location", "cvmatch.store:migrations")
    config.set_main_option("file_template", "v%%(rev)s_%%(slug)s")  # an importable name
    config.attributes["connection"] = connection
    return config


def latest_version() -> int:
    """The schema version of the newest shipped migration."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    return int(head or 0)


def _legacy_version(conn: Connection) -> int:
    """The pre-Alembic ``schema_version`` of the store (0 when it has none)."""
    if not inspect(conn).has_table(LEGACY_TABLE):
        return 0
    query = select(func.max(column("version", Integer))).select_from(table(LEGACY_TABLE))
    return int(conn.execute(query).scalar() or 0)


def _version(conn: Connection) -> int:
    revision = MigrationContext.configure(conn).get_current_revision()
    return int(revision) if revision else _legacy_version(conn)


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

    def __init__(self, engine: Engine, server: embedded.EmbeddedServer | None = None) -> None:
        self.engine = engine
        self.is_sqlite = engine.dialect.name == "sqlite"
        self.server = server
        """The embedded PostgreSQL this store runs on (``embedded-postgres://``), if any."""

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        """One transaction: committed on success, rolled back (nothing half-written) on error.

        On SQLite it starts with ``BEGIN IMMEDIATE``: the Python driver otherwise opens its
        transaction lazily at the first INSERT, so a leading SAVEPOINT (``begin_nested``) ran in
        a transaction of its own and its RELEASE committed it, leaving earlier rows behind
        after a crash. Taking the write lock up front also spares writers that read first a
        "database is locked" error (they wait up to the busy timeout instead).
        """
        with self.engine.begin() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn

    def connect(self) -> Connection:
        """A connection for reads (use as a context manager)."""
        return self.engine.connect()

    def version(self) -> int:
        """The schema version (the newest migration applied; 0 for an empty database)."""
        with self.connect() as conn:
            return _version(conn)

    def migrate(self) -> int:
        """Bring the schema to the newest version in one transaction; return that version.

        A pre-Alembic store is first stamped with the revision its ``schema_version`` names.
        """
        with self.begin() as conn:
            config = alembic_config(conn)
            alembic = MigrationContext.configure(conn).get_current_revision()
            legacy = _legacy_version(conn)
            if alembic is None and legacy:
                command.stamp(config, _LEGACY_REVISIONS[legacy])
            command.upgrade(config, "head")
            return _version(conn)

    def close(self) -> None:
        """Release every pooled connection; stop the embedded server if this store started it."""
        self.engine.dispose()
        if self.server is not None:
            embedded.stop(self.server)


def open_database(target: str | Path, migrate: bool = True) -> Database:
    """Open (and by default migrate) the store at ``target`` (a path or a SQLAlchemy URL).

    ``embedded-postgres://DIR`` starts the embedded PostgreSQL of ``DIR`` (or uses it when it
    runs already); :meth:`Database.close` stops it if this call started it.
    """
    if embedded.is_embedded_url(str(target)):
        server = embedded.start(embedded.embedded_directory(str(target)))
        try:
            database = _open_url(server.url, migrate)
        except BaseException:
            embedded.stop(server)
            raise
        database.server = server
        return database
    return _open_url(database_url(target), migrate)


def _open_url(url: str, migrate: bool) -> Database:
    try:
        if url.startswith("sqlite"):
            # A pool as large as the server's busy threads: an overflow connection is closed on
            # return, so the next request would reconnect and re-run the pragmas.
            engine = create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": 30},
                pool_size=SQLITE_POOL_SIZE,
            )
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
