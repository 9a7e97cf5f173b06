"""``cvmatch ingest DIR|LISTFILE --db URL``: store many CV files at once (docs/scale.md).

Parses one folder or list file, makes one :class:`~cvmatch.engine.stored.StoredCvs` call and
renders each file's outcome (stored, duplicate, refused with its reason) like the service's
upload answer.
"""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.options import PairFormat
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.stored import IngestReport, StoredCvs
from cvmatch.settings import Settings

INGEST_SCHEMA = "cvmatch.ingest/1"

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or SQLAlchemy URL (default: CVMATCH_DB or cvmatch.db)."),
]


class EngineChoice(StrEnum):
    """Where the files are read and embedded."""

    LOCAL = "local"
    RAY = "ray"


def settings_for(db: str | None) -> Settings:
    """Settings with ``--db`` applied when given."""
    return Settings(db=db) if db else Settings()


def report_to_dict(report: IngestReport) -> dict[str, Any]:
    """The JSON answer: counts, run facts and one entry per file."""
    return {
        "schema": INGEST_SCHEMA,
        "engine": report.engine,
        "workers": report.workers,
        "model_id": report.model_id,
        "seconds": round(report.seconds, 3),
        "counts": report.counts,
        "files": [
            {
                "source": o.source,
                "outcome": o.outcome.value,
                "document_id": o.document_id,
                "error": o.error,
                "message": o.message,
            }
            for o in report.outcomes
        ],
    }


def _table(payload: dict[str, Any]) -> Table:
    table = Table(title=f"ingest: {payload['counts']}")
    for column in ("file", "outcome", "id", "reason"):
        table.add_column(column, overflow="fold")
    for row in payload["files"]:
        doc_id = "-" if row["document_id"] is None else str(row["document_id"])
        table.add_row(row["source"], row["outcome"], doc_id, row["message"] or "")
    return table


@reports_errors
def ingest(  # noqa: PLR0917 - typer maps each parameter to an option
    target: Annotated[
        Path, typer.Argument(help="A folder of CVs, or a file listing one per line.")
    ],
    db: DbOption = None,
    engine: Annotated[EngineChoice, typer.Option("--engine")] = EngineChoice.LOCAL,
    address: Annotated[
        str | None, typer.Option("--address", help="An existing Ray cluster (with --engine ray).")
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes or actors (default 1 / 2).")
    ] = None,
    batch: Annotated[int, typer.Option("--batch", min=1, help="Files per batch.")] = 8,
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
) -> None:
    """Store CV files (parse, extract, embed) in parallel; rerun to resume after a stop."""
    settings = settings_for(db)
    count = workers or (2 if engine is EngineChoice.RAY else 1)
    stored = StoredCvs(settings.db, Engine(settings))
    try:
        with render.progress_bars(stderr) as progress:
            report = stored.ingest(
                target,
                engine=engine.value,
                workers=count,
                address=address,
                batch=batch,
                on_progress=progress,
            )
    finally:
        stored.close()
    payload = report_to_dict(report)
    if fmt is PairFormat.JSON:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.print(_table(payload))
    rate = len(report.outcomes) / report.seconds if report.seconds else 0.0
    stderr.print(f"{report.counts} in {report.seconds:.1f} s ({rate:.1f} files/s)", highlight=False)
