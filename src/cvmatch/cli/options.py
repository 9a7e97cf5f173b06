"""Options and output formats shared by several commands."""

from enum import StrEnum
from typing import Annotated

import typer

from cvmatch.engine import Stages
from cvmatch.engine.public import Overrides
from cvmatch.errors import InvalidInputError


class Format(StrEnum):
    """Output formats of ranking commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class PairFormat(StrEnum):
    """Output formats of single-result commands."""

    TABLE = "table"
    JSON = "json"


TopOption = Annotated[int | None, typer.Option("--top", "-k", min=1, help="Show only the best K.")]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="Dense encoder for every pair: registry name, local path or hub id."
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Fail if any file cannot be read.")]
MustOption = Annotated[
    list[str] | None, typer.Option("--must", help="A must-have requirement (repeatable).")
]
IgnoreOption = Annotated[
    list[str] | None, typer.Option("--ignore", help="A requirement to leave out (repeatable).")
]


def overrides(must: list[str] | None, ignore: list[str] | None) -> Overrides | None:
    """The must-have / ignore choices given on the command line, or None."""
    return Overrides(tuple(must or ()), tuple(ignore or ())) if must or ignore else None


RerankOption = Annotated[
    str | None,
    typer.Option(
        "--rerank",
        help="A trained cross-encoder (name@vN) that re-reads the best --rerank-top pairs.",
    ),
]
RerankTopOption = Annotated[
    int | None,
    typer.Option(
        "--rerank-top", min=1, help="How many of the best pairs --rerank re-reads (default 50)."
    ),
]
RankerOption = Annotated[
    str | None,
    typer.Option(
        "--ranker", help="A trained ranker (name@vN) that re-scores every pair from its features."
    ),
]


def stages(rerank: str | None, rerank_top: int | None, ranker: str | None) -> Stages | None:
    """The trained stages asked for on the command line, or None.

    Raises:
        InvalidInputError: ``--rerank-top`` without ``--rerank``.
    """
    if rerank_top is not None and not rerank:
        raise InvalidInputError("--rerank-top needs --rerank MODEL")
    if not rerank and not ranker:
        return None
    if rerank_top is None:
        return Stages(rerank=rerank, ranker=ranker)
    return Stages(rerank=rerank, rerank_top=rerank_top, ranker=ranker)
