"""Options shared by ``cvmatch rank`` and ``cvmatch score``: the recruiter's choices."""

from typing import Annotated

import typer

from cvmatch.scoring.evidence import Overrides

MustOption = Annotated[
    list[str] | None, typer.Option("--must", help="A must-have requirement (repeatable).")
]
IgnoreOption = Annotated[
    list[str] | None, typer.Option("--ignore", help="A requirement to leave out (repeatable).")
]


def overrides(must: list[str] | None, ignore: list[str] | None) -> Overrides | None:
    """The must-have / ignore choices given on the command line, or None."""
    return Overrides(tuple(must or ()), tuple(ignore or ())) if must or ignore else None
