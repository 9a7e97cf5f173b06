"""``cvmatch audit probe`` and ``audit report``: score deltas and bias tables (docs/audit.md).

``probe``: do names, pronouns, age, schools or a photo move scores? ``report``: selection and
scoring rates with impact ratios by self-reported category, for a job in the recruiter store.
``log``: the audit trail as JSON lines or CSV (:mod:`cvmatch.cli.candidates`).
"""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cvmatch.cli import render
from cvmatch.cli.candidates import audit_log
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.inputs import expand_paths
from cvmatch.cli.options import ModelOption
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.audit import bias_report, probe_to_dict
from cvmatch.engine.audit import probe as run_probe
from cvmatch.errors import InvalidInputError
from cvmatch.settings import Settings
from cvmatch.types import DocumentKind

app = typer.Typer(no_args_is_help=True, help="Fairness audits: counterfactual probe, bias audit.")


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


@app.command("report")
@reports_errors
def report(
    db: Annotated[str, typer.Option("--db", help="The recruiter store (a path or a URL).")],
    job: Annotated[int, typer.Option("--job", help="The job's id in the store.")],
    categories: Annotated[
        Path | None,
        typer.Option(
            "--categories",
            help="CSV of self-reported categories: candidate_id,sex,race_ethnicity"
            " (default: those recorded in the store).",
        ),
    ] = None,
    min_count: Annotated[
        int, typer.Option("--min-count", help="Fewer applicants in a category: no ratio.")
    ] = 5,
    fmt: Annotated[ProbeFormat, typer.Option("--format", "-f")] = ProbeFormat.TABLE,
) -> None:
    """Selection and scoring rates, impact ratios and scores by self-reported category."""
    result = bias_report(db, job, categories, min_count)
    if fmt is ProbeFormat.JSON:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.print(bias_table(result))


app.command("log")(audit_log)


def bias_table(payload: dict[str, Any]) -> Table:
    """The Local Law 144 layout: one line per category of each dimension."""
    title = (
        f"Bias audit: job {payload['job_id']}, {payload['applicants']} applicants "
        f"({payload['decided']} decided), median score {payload['median_score']:.1f}"
    )
    table = Table(title=title)
    columns = ("dimension", "category", "applicants", "selected", "selection rate",
               "impact ratio", "scoring rate", "scoring impact", "median score", "note")  # fmt: skip
    for column in columns:
        table.add_column(column)
    for row in payload["rows"]:
        table.add_row(
            row["dimension"],
            row["category"],
            str(row["applicants"]),
            str(row["selected"]),
            _rate(row["selection_rate"]),
            _rate(row["selection_impact"]),
            _rate(row["scoring_rate"]),
            _rate(row["scoring_impact"]),
            f"{row['score_quartiles'][1]:.1f}",
            row["note"],
        )
    return table


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"
