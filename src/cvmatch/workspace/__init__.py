"""The recruiter business logic over :class:`~cvmatch.engine.Engine` and :mod:`cvmatch.store`.

Jobs, CV uploads with content-hash dedupe, lazily stored rankings with evidence, stars and star
re-ranking (maths in :mod:`cvmatch.scoring.feedback`), decisions and the audit log.
"""

from cvmatch.workspace.workspace import Workspace

__all__ = ["Workspace"]
