"""The facade that the CLI, the HTTP API and the evaluation call.

:class:`Engine` matches (ingest, score, rank, match, matrix); it hands out three narrower
facades for the rest: ``engine.evaluation`` (benchmarks), ``engine.taxonomy`` (imports) and
``engine.occupations`` (recommendation). It only assembles: the match flow is
:class:`~cvmatch.engine.pipeline.MatchPipeline` (parse → extract → score → explain), the
encoders an :class:`~cvmatch.engine.encoders.EncoderPool`, and each facade is given the
collaborators it needs (never the engine itself).

>>> from cvmatch.engine import Engine  # doctest: +SKIP
>>> engine = Engine()  # doctest: +SKIP
>>> ranking = engine.rank(engine.parse(Path("job.md"), DocumentKind.JOB), cvs)  # doctest: +SKIP
"""

from cvmatch.engine.core import Engine, LoadFailure, LoadReport
from cvmatch.engine.encoders import ProgressCallback
from cvmatch.engine.evaluation import EvaluationFacade
from cvmatch.engine.llm import LlmOutcome, LlmStep
from cvmatch.engine.occupations import OccupationFacade
from cvmatch.engine.stages import Stages
from cvmatch.engine.synth import SynthOptions, SynthResult, write_synthetic_pairs
from cvmatch.engine.taxonomy import TaxonomyFacade

__all__ = [
    "Engine",
    "EvaluationFacade",
    "LlmOutcome",
    "LlmStep",
    "LoadFailure",
    "LoadReport",
    "OccupationFacade",
    "ProgressCallback",
    "Stages",
    "SynthOptions",
    "SynthResult",
    "TaxonomyFacade",
    "write_synthetic_pairs",
]
