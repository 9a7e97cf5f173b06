"""``--redact`` on ``rank``, ``match`` and ``score``: screen blind (issue 22, docs/audit.md)."""

from typing import Annotated

import typer

__all__ = ["RedactOption"]

RedactOption = Annotated[
    bool,
    typer.Option(
        "--redact/--no-redact",
        help="Score CVs from their redacted text (names, contacts, age, gender, photo masked).",
    ),
]
