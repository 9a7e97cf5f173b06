"""``cvmatch index build|stats|search --db URL``: the ANN index of stored CVs (docs/scale.md).

``search`` is the two-stage ranking of stored CVs for a job file: the index's ``--candidates``
nearest CVs, then the full score with evidence on those; its output has the shapes of
``cvmatch rank`` (docs/output.md).
"""

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from cvmatch import output
from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.ingest import DbOption, settings_for
from cvmatch.cli.options import Format, PairFormat
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.stored import DEFAULT_CANDIDATES, IndexStats, StoredCvs
from cvmatch.types import DocumentKind

app = typer.Typer(no_args_is_help=True, help="The ANN index of stored CVs.")

FormatOption = Annotated[PairFormat, typer.Option("--format", "-f")]


def _emit_stats(stats: IndexStats, fmt: PairFormat) -> None:
    if fmt is PairFormat.JSON:
        sys.stdout.write(json.dumps(asdict(stats), indent=2) + "\n")
        return
    table = Table(title="cvmatch index")
    table.add_column("field")
    table.add_column("value", overflow="fold")
    for key, value in asdict(stats).items():
        table.add_row(key, str(value))
    stdout.print(table)


def _stats(db: str | None, rebuild: bool) -> IndexStats:
    settings = settings_for(db)
    stored = StoredCvs(settings.db, Engine(settings))
    try:
        return stored.stats(rebuild=rebuild)
    finally:
        stored.close()


@app.command("build")
@reports_errors
def build(
    db: DbOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild from scratch.")] = False,
    fmt: FormatOption = PairFormat.TABLE,
) -> None:
    """Build the index beside the store (or bring it up to date) and describe it."""
    _emit_stats(_stats(db, rebuild), fmt)


@app.command("stats")
@reports_errors
def stats(db: DbOption = None, fmt: FormatOption = PairFormat.TABLE) -> None:
    """Describe the index (synced with the store first)."""
    _emit_stats(_stats(db, rebuild=False), fmt)


@app.command("search")
@reports_errors
def search(
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    db: DbOption = None,
    top: Annotated[int, typer.Option("--top", "-k", min=1, help="CVs to return.")] = 50,
    candidates: Annotated[
        int, typer.Option("--candidates", "-n", min=1, help="ANN hits scored in full.")
    ] = DEFAULT_CANDIDATES,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
    explain: Annotated[
        bool, typer.Option("--explain", help="List all missing requirements.")
    ] = False,
) -> None:
    """Rank the stored CVs for a job: ANN candidates, then the full score with evidence."""
    settings = settings_for(db)
    with render.progress_bars(stderr) as progress:
        stored = StoredCvs(settings.db, Engine(settings, on_progress=progress))
        try:
            job_doc = stored.engine.parse(job, DocumentKind.JOB)
            result = stored.rank(job_doc, top, candidates)
        finally:
            stored.close()
    others = {d.id: d for d in result.documents}
    payload = output.ranking_to_dict(result.ranking, job_doc, others, [])
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.CSV:
        sys.stdout.write(output.ranking_to_csv(payload))
    else:
        stdout.print(render.ranking_table(payload, explain))
    stderr.print(
        f"{len(result.documents)} of {result.searched} stored CVs scored in full", highlight=False
    )
