"""The facade that the CLI, the HTTP API and the evaluation call.

:class:`Engine` matches (ingest, score, rank, match, matrix); it hands out three narrower
facades for the rest: ``engine.evaluation`` (benchmarks), ``engine.taxonomy`` (imports) and
``engine.occupations`` (recommendation).

>>> from cvmatch.engine import Engine  # doctest: +SKIP
>>> engine = Engine()  # doctest: +SKIP
>>> ranking = engine.rank(engine.parse(Path("job.md"), DocumentKind.JOB), cvs)  # doctest: +SKIP
"""

from cvmatch.engine.core import Engine, LoadFailure, LoadReport, ProgressCallback
from cvmatch.engine.evaluation import EvaluationFacade
from cvmatch.engine.occupations import OccupationFacade
from cvmatch.engine.taxonomy import TaxonomyFacade

__all__ = [
    "Engine",
    "EvaluationFacade",
    "LoadFailure",
    "LoadReport",
    "OccupationFacade",
    "ProgressCallback",
    "TaxonomyFacade",
]
