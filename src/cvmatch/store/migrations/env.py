"""Alembic's entry point: migrate over the connection that :mod:`cvmatch.store.database` passes.

Online only (a live connection in ``config.attributes["connection"]``); the library configures no
logging, so Alembic's ``fileConfig`` step is left out on purpose.
"""

from alembic import context

from cvmatch.store.database import include_object
from cvmatch.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, include_object=include_object)
with context.begin_transaction():
    context.run_migrations()
