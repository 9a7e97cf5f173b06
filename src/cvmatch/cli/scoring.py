"""The options ``rank``, ``match`` and ``score`` share, as one object: :class:`ScoringOptions`.

``--rerank``, ``--rerank-top`` and ``--ranker`` (trained stages, docs/training.md), ``--llm``
(the optional LLM step, docs/llm.md) and ``--redact`` (blind screening, docs/audit.md) are
declared once here; :func:`cvmatch.cli.option_group.option_group` puts them on a command in
place of its ``ScoringOptions`` parameter, so the three commands take the same options with the
same help, and validate and plumb them into the :class:`Engine` the same way.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cvmatch.cli.llm_flag import Finish, LlmOption, llm_pair, llm_ranking
from cvmatch.cli.options import RankerOption, RerankOption, RerankTopOption, stages
from cvmatch.cli.redact_flag import RedactOption
from cvmatch.cli.render import stderr
from cvmatch.engine import Engine, ProgressCallback, Stages
from cvmatch.settings import Settings
from cvmatch.types import Document, Match, Ranking

__all__ = ["ScoringOptions"]


@dataclass(frozen=True)
class ScoringOptions:
    """What runs after the first stage, and whether CVs are read blind; built once per run.

    The ``init`` fields are the command-line options, in the order ``--help`` lists them.

    Raises:
        InvalidInputError: ``--rerank-top`` without ``--rerank`` (before any file is read).
    """

    rerank: RerankOption = None
    rerank_top: RerankTopOption = None
    ranker: RankerOption = None
    llm: LlmOption = False
    redact: RedactOption = False
    stages: Stages | None = field(init=False, default=None)
    """The trained stages to pass to ``Engine.rank/match/score`` (None: none asked for)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "stages", stages(self.rerank, self.rerank_top, self.ranker))

    def engine(self, model: str | None, on_progress: ProgressCallback | None = None) -> Engine:
        """An engine for these options: ``--model``'s encoder, blind with ``--redact``.

        The stages' models are resolved now, so an unknown one fails before any file is read;
        an uncalibrated one is a warning on stderr.

        Raises:
            ModelUnavailableError: A stage names no trained model.
            InvalidInputError: A stage's model is of the wrong kind.
        """
        settings: dict[str, Any] = {}
        if model:
            settings = {"english_encoder": model, "multilingual_encoder": model}
        engine = Engine(Settings(**settings), on_progress=on_progress, redact=self.redact)
        if self.stages is not None:
            for warning in engine.check_stages(self.stages):
                stderr.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)
        return engine

    def llm_ranking(
        self, engine: Engine, ranking: Ranking, query: Document, docs: Sequence[Document]
    ) -> tuple[Ranking, Finish]:
        """The ranking after the LLM step (unchanged without ``--llm``) and its JSON finisher."""
        return llm_ranking(self.llm, engine, ranking, query, docs)

    def llm_pair(self, engine: Engine, job: Document, cv: Document, match: Match) -> Finish:
        """What adds the LLM's review of one pair to its JSON payload (none without ``--llm``)."""
        return llm_pair(self.llm, engine, job, cv, match)
