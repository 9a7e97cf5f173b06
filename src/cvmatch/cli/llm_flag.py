"""``--llm`` on ``rank``, ``match`` and ``score``: the optional LLM step, kept apart.

With the flag and an endpoint configured (``CVMATCH_LLM_BASE_URL``, ``CVMATCH_LLM_MODEL``), the
top K are re-read and the JSON gains the ``llm`` fields (docs/llm.md); the run's requests,
tokens, cost and time go to stderr. Without the flag nothing here runs.
"""

from collections.abc import Callable, Sequence
from typing import Annotated, Any

import typer

from cvmatch.cli.render import stderr
from cvmatch.engine import Engine, LlmOutcome, LlmStep
from cvmatch.types import Document, Match, Ranking

LlmOption = Annotated[
    bool,
    typer.Option(
        "--llm",
        help="Re-read the top K through the configured LLM endpoint and fuse its fit "
        "(CVMATCH_LLM_BASE_URL, CVMATCH_LLM_MODEL; docs/llm.md).",
    ),
]
Finish = Callable[[dict[str, Any]], dict[str, Any]]


def _unchanged(payload: dict[str, Any]) -> dict[str, Any]:
    return payload


def llm_ranking(
    enabled: bool, engine: Engine, ranking: Ranking, query: Document, docs: Sequence[Document]
) -> tuple[Ranking, Finish]:
    """The ranking after the LLM step, and what adds its fields to the JSON payload."""
    step = _step(enabled, engine)
    if step is None:
        return ranking, _unchanged
    outcome = step.rerank(ranking, query, {d.id: d for d in docs})
    _report(outcome)
    return outcome.ranking, outcome.add_to_ranking


def llm_pair(enabled: bool, engine: Engine, job: Document, cv: Document, match: Match) -> Finish:
    """What adds one pair's review to its JSON payload (unchanged without ``--llm``)."""
    step = _step(enabled, engine)
    if step is None:
        return _unchanged
    outcome = step.review_pair(job, cv, match)
    _report(outcome)
    return lambda payload: outcome.add_to_match(payload, cv.id)


def _step(enabled: bool, engine: Engine) -> LlmStep | None:
    if not enabled:
        return None
    step = LlmStep(engine.settings)
    if not step.configured:
        stderr.print(
            "[yellow]warning[/] --llm: no endpoint configured (set CVMATCH_LLM_BASE_URL and "
            "CVMATCH_LLM_MODEL; docs/llm.md); deterministic results only",
            highlight=False,
        )
        return None
    return step


def _report(outcome: LlmOutcome) -> None:
    for warning in outcome.stats.warnings:
        stderr.print(f"[yellow]warning[/] {warning}", highlight=False)
    stderr.print(outcome.stats.line(), highlight=False)
