"""The ``cvmatch`` command line, one module per command group, assembled in :mod:`.app`.

``cvmatch = "cvmatch.cli:main"`` is the script's entry point; tests drive :data:`app`.
"""

from cvmatch.cli.app import app, main

__all__ = ["app", "main"]
