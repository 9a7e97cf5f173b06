"""``cvmatch audit probe``: do names, pronouns, age, schools or a photo move scores? (docs/audit.md)."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.inputs import expand_paths
from cvmatch.cli.options import ModelOption
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.audit import probe as run_probe
from cvmatch.engine.audit import probe_to_dict
from cvmatch.errors import InvalidInputError
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

app = typer.Typer(no_args_is_help=True, help="Fairness audits: counterfactual probe.")


class ProbeFormat(StrEnum):
    """Output of ``audit probe``."""

    TABLE = "table"
    JSON = "json"


@app.command("probe")
@reports_errors
def probe(
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    cvs: Annotated[list[Path], typer.Argument(help="CV files or folders.")],
    redact: Annotated[
        bool, typer.Option("--redact/--no-redact", help="Score the variants redacted.")
    ] = True,
    fmt: Annotated[ProbeFormat, typer.Option("--format", "-f")] = ProbeFormat.TABLE,
    model: ModelOption = None,
) -> None:
    """Score counterfactual variants of each CV and report the deltas per attribute."""
    settings: dict[str, Any] = {}
    if model:
        settings = {"english_encoder": model, "multilingual_encoder": model}
    with render.progress_bars(stderr) as progress:
        engine = Engine(Settings(**settings), on_progress=progress)
        job_doc = engine.parse(job, DocumentKind.JOB)
        report = engine.parse_many(expand_paths(cvs), DocumentKind.CV)
        for failure in report.failures:
            stderr.print(f"[yellow]skipped[/] {failure.source}: {failure.message}", highlight=False)
        if not report.documents:
            raise InvalidInputError("none of the files could be read")
        result = probe_to_dict(run_probe(engine, job_doc, report.documents, redact, progress))
    if fmt is ProbeFormat.JSON:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.print(probe_table(result))


def probe_table(payload: dict[str, Any]) -> Table:
    """The per-attribute table: mean |Δ| and share > 1 point with 95 % CIs, max |Δ|."""
    state = "on" if payload["redact"] else "off"
    title = f"Counterfactual probe: {payload['job_id']}, {payload['cvs']} CVs, redaction {state}"
    table = Table(title=title)
    for column in ("attribute", "pairs", "mean |Δ| [95% CI]", "max |Δ|", "share |Δ|>1 [95% CI]"):
        table.add_column(column, justify="left" if column == "attribute" else "right")
    for row in payload["attributes"]:
        mean, share = row["mean_abs_delta"], row["share_over_threshold"]
        table.add_row(
            row["attribute"],
            str(row["pairs"]),
            f"{mean['mean']:.2f} [{mean['low']:.2f}, {mean['high']:.2f}]",
            f"{row['max_abs_delta']:.2f}",
            f"{share['mean']:.0%} [{share['low']:.0%}, {share['high']:.0%}]",
        )
    return table
