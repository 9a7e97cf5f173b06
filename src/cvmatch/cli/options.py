"""Options and output formats shared by several commands."""

from enum import StrEnum
from typing import Annotated

import typer

from cvmatch.engine.public import Overrides


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
