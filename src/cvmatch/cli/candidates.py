"""``cvmatch candidates delete`` and ``cvmatch audit log``: requests about the recruiter store.

``candidates delete`` erases one candidate's data on their request (docs/audit.md): rows,
cached vectors and ANN index entries, logged without the deleted content. ``audit log`` exports
the audit trail (who did what, when, with which models and settings) as JSON lines or CSV.
Both open the store like ``cvmatch serve`` does (migrating it when needed).
"""

import json
import sys
from dataclasses import asdict
from enum import StrEnum
from typing import Annotated

import typer

from cvmatch.cli.errors import reports_errors
from cvmatch.settings import Settings
from cvmatch.workspace import Workspace

app = typer.Typer(no_args_is_help=True, help="Candidates' data: deletion on request.")
DbArg = Annotated[str, typer.Option("--db", help="The recruiter store (a path or a URL).")]


class LogFormat(StrEnum):
    """Output of ``audit log``."""

    JSONL = "jsonl"
    CSV = "csv"


@app.command("delete")
@reports_errors
def delete(
    candidate_id: Annotated[int, typer.Argument(help="The candidate's id in the store.")],
    db: DbArg,
    reference: Annotated[
        str, typer.Option("--reference", help="The request's reference (logged; no names).")
    ] = "",
) -> None:
    """Delete every trace of a candidate: files, texts, scores, decisions, vectors, index entry."""
    workspace = Workspace.open(db, Settings())
    try:
        report = workspace.delete_candidate(None, candidate_id, reference)
    finally:
        workspace.close()
    sys.stdout.write(json.dumps(asdict(report), sort_keys=True) + "\n")


@reports_errors
def audit_log(
    db: DbArg,
    job: Annotated[int | None, typer.Option("--job", help="Only this job's entries.")] = None,
    fmt: Annotated[LogFormat, typer.Option("--format", "-f")] = LogFormat.JSONL,
) -> None:
    """Export the audit trail (every entry, or one job's) as JSON lines or CSV."""
    workspace = Workspace.open(db, Settings())
    try:
        text = workspace.export_audit(None, job, fmt.value)
    finally:
        workspace.close()
    sys.stdout.write(text)
