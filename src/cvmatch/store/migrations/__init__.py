"""Alembic migrations of the store, run by :meth:`cvmatch.store.Database.migrate` at open.

Revisions are numbered ``0001``, ``0002``… (``versions/vNNNN_<slug>.py``); the number is the
schema version that ``/health`` reports. A schema change is a new revision, never an edit of an
old one. To draft one against a scratch database (no ``alembic.ini`` is needed)::

    python -c "from cvmatch.store.database import alembic_config; from alembic import command; \\
        command.revision(alembic_config(), 'what changed', rev_id='0002')"
"""
