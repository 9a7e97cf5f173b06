"""``cvmatch rank``, ``match``, ``score`` and ``parse``: the job ↔ CV commands.

Each parses its input, makes one :class:`Engine` call and renders the result in the stable
shapes of :mod:`cvmatch.output` (docs/output.md).
"""

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from cvmatch import output
from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.inputs import expand_paths
from cvmatch.cli.option_group import option_group
from cvmatch.cli.options import (
    Format,
    IgnoreOption,
    ModelOption,
    MustOption,
    PairFormat,
    StrictOption,
    TopOption,
    overrides,
)
from cvmatch.cli.render import stderr, stdout
from cvmatch.cli.scoring import ScoringOptions
from cvmatch.engine import Engine, LoadReport
from cvmatch.errors import InvalidInputError
from cvmatch.types import Document, DocumentKind, Ranking


@contextmanager
def _engine_and_query(
    model: str | None, scoring: ScoringOptions, path: Path, kind: DocumentKind
) -> Iterator[tuple[Engine, Document]]:
    """An engine drawing progress bars, set up by ``scoring``; the document ranked against."""
    with render.progress_bars(stderr) as progress:
        engine = scoring.engine(model, progress)
        yield engine, engine.parse(path, kind)


def _load_many(
    engine: Engine, paths: list[Path], kind: DocumentKind, strict: bool, other: Document
) -> LoadReport:
    report = engine.parse_many(expand_paths(paths), kind, embed_for=other)
    for failure in report.failures:
        stderr.print(f"[yellow]skipped[/] {failure.source}: {failure.message}", highlight=False)
    if report.failures and strict:
        raise InvalidInputError(f"{len(report.failures)} file(s) could not be read (--strict)")
    if not report.documents:
        raise InvalidInputError("none of the files could be read")
    return report


def _ranking_payload(ranking: Ranking, query: Document, report: LoadReport) -> dict[str, Any]:
    """The JSON payload of a ranking, with the files that could not be read listed as skipped."""
    skipped = [
        {"source": f.source, "error": f.error, "message": f.message} for f in report.failures
    ]
    others = {d.id: d for d in report.documents}
    return output.ranking_to_dict(ranking, query, others, skipped)


def _emit_ranking(payload: dict[str, Any], fmt: Format, explain: bool = False) -> None:
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    elif fmt is Format.CSV:
        sys.stdout.write(output.ranking_to_csv(payload))
    else:
        stdout.print(render.ranking_table(payload, explain))


@reports_errors
@option_group
def rank(  # noqa: PLR0917 - typer maps each parameter to an option
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    cvs: Annotated[list[Path], typer.Argument(help="CV files or folders.")],
    top: TopOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
    explain: Annotated[
        bool, typer.Option("--explain", help="List the missing requirements of each CV.")
    ] = False,
    model: ModelOption = None,
    strict: StrictOption = False,
    must: MustOption = None,
    ignore: IgnoreOption = None,
    *,
    scoring: ScoringOptions,
) -> None:
    """Rank CVs for a job, best first, with the reasons for each score."""
    with _engine_and_query(model, scoring, job, DocumentKind.JOB) as (engine, job_doc):
        report = _load_many(engine, cvs, DocumentKind.CV, strict, job_doc)
        choices = overrides(must, ignore)
        ranking = engine.rank(job_doc, report.documents, top, choices, scoring.stages)
    ranking, finish = scoring.llm_ranking(engine, ranking, job_doc, report.documents)
    _emit_ranking(finish(_ranking_payload(ranking, job_doc, report)), fmt, explain)


@reports_errors
@option_group
def match(
    cv: Annotated[Path, typer.Argument(help="CV file.")],
    jobs: Annotated[list[Path], typer.Argument(help="Job description files or folders.")],
    top: TopOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
    model: ModelOption = None,
    strict: StrictOption = False,
    *,
    scoring: ScoringOptions,
) -> None:
    """Rank jobs for a CV, best first."""
    with _engine_and_query(model, scoring, cv, DocumentKind.CV) as (engine, cv_doc):
        report = _load_many(engine, jobs, DocumentKind.JOB, strict, cv_doc)
        ranking = engine.match(cv_doc, report.documents, top, scoring.stages)
    ranking, finish = scoring.llm_ranking(engine, ranking, cv_doc, report.documents)
    _emit_ranking(finish(_ranking_payload(ranking, cv_doc, report)), fmt)


@reports_errors
@option_group
def score(
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    cv: Annotated[Path, typer.Argument(help="CV file.")],
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
    model: ModelOption = None,
    must: MustOption = None,
    ignore: IgnoreOption = None,
    *,
    scoring: ScoringOptions,
) -> None:
    """Score one CV against one job: each requirement met, partial or missing, with evidence."""
    with _engine_and_query(model, scoring, job, DocumentKind.JOB) as (engine, job_doc):
        cv_doc = engine.parse(cv, DocumentKind.CV)
        result = engine.score(job_doc, cv_doc, overrides(must, ignore), scoring.stages)
    finish = scoring.llm_pair(engine, job_doc, cv_doc, result)
    payload: dict[str, Any] = {"schema": output.MATCH_SCHEMA, "scale": output.SCORE_SCALE}
    payload |= output.match_to_dict(result)
    payload |= {"job": output.document_summary(job_doc), "cv": output.document_summary(cv_doc)}
    payload = finish(payload)
    if fmt is PairFormat.JSON:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.print(render.match_table(payload))


@reports_errors
def parse(
    file: Annotated[Path, typer.Argument(help="A CV or job file.")],
    kind: Annotated[DocumentKind, typer.Option("--kind")] = DocumentKind.CV,
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
) -> None:
    """Show the text, sections, language and flags extracted from a file."""
    doc = Engine().parse(file, kind)
    payload = output.document_to_dict(doc)
    if fmt is PairFormat.JSON:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    render.print_document(stdout, doc)
