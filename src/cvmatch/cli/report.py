"""``cvmatch report``: the candidate-pool report, one self-contained HTML file (docs/audit.md)."""

from pathlib import Path
from typing import Annotated

import typer

from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.inputs import expand_paths
from cvmatch.cli.options import ModelOption
from cvmatch.cli.redact_flag import RedactOption
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.audit import pool_report
from cvmatch.errors import InvalidInputError
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind


@reports_errors
def report(
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    cvs: Annotated[list[Path], typer.Argument(help="CV files or folders.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")],
    redact: RedactOption = False,
    model: ModelOption = None,
) -> None:
    """Write the pool report: scores by band, missing requirements, skills, years, languages."""
    settings = Settings(english_encoder=model, multilingual_encoder=model) if model else Settings()
    with render.progress_bars(stderr) as progress:
        engine = Engine(settings, on_progress=progress, redact=redact)
        job_doc = engine.parse(job, DocumentKind.JOB)
        loaded = engine.parse_many(expand_paths(cvs), DocumentKind.CV, embed_for=job_doc)
        for failure in loaded.failures:
            stderr.print(f"[yellow]skipped[/] {failure.source}: {failure.message}", highlight=False)
        if not loaded.documents:
            raise InvalidInputError("none of the files could be read")
        html = pool_report(engine, job_doc, loaded.documents)
    out.write_text(html, encoding="utf-8")
    stdout.print(f"wrote {out} ({len(loaded.documents)} CVs)")
