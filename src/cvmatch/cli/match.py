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
from cvmatch.cli.llm_flag import LlmOption, llm_pair, llm_ranking
from cvmatch.cli.options import (
    Format,
    IgnoreOption,
    ModelOption,
    MustOption,
    PairFormat,
    RankerOption,
    RerankOption,
    RerankTopOption,
    StrictOption,
    TopOption,
    overrides,
    stages,
)
from cvmatch.cli.redact_flag import RedactOption
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine, LoadReport, ProgressCallback, Stages
from cvmatch.errors import InvalidInputError
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Ranking


def _engine(
    model: str | None, progress: ProgressCallback | None = None, redact: bool = False
) -> Engine:
    settings: dict[str, Any] = {}
    if model:
        settings = {"english_encoder": model, "multilingual_encoder": model}
    return Engine(Settings(**settings), on_progress=progress, redact=redact)


@contextmanager
def _engine_and_job(
    model: str | None, job: Path, staged: Stages | None = None, redact: bool = False
) -> Iterator[tuple[Engine, Document]]:
    """An engine drawing progress bars, its stages checked (blind with ``redact``); the job."""
    with render.progress_bars(stderr) as progress:
        engine = _engine(model, progress, redact)
        _check_stages(engine, staged)
        yield engine, engine.parse(job, DocumentKind.JOB)


def _check_stages(engine: Engine, staged: Stages | None) -> None:
    """Fail before reading any file when a stage's model is unknown; warn when uncalibrated."""
    if staged is not None:
        for warning in engine.check_stages(staged):
            stderr.print(f"[yellow]warning:[/] {warning}", highlight=False, soft_wrap=True)


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
    rerank: RerankOption = None,
    rerank_top: RerankTopOption = None,
    ranker: RankerOption = None,
    llm: LlmOption = False,
    redact: RedactOption = False,
) -> None:
    """Rank CVs for a job, best first, with the reasons for each score."""
    staged = stages(rerank, rerank_top, ranker)
    with _engine_and_job(model, job, staged, redact) as (engine, job_doc):
        report = _load_many(engine, cvs, DocumentKind.CV, strict, job_doc)
        ranking = engine.rank(job_doc, report.documents, top, overrides(must, ignore), staged)
    ranking, finish = llm_ranking(llm, engine, ranking, job_doc, report.documents)
    _emit_ranking(finish(_ranking_payload(ranking, job_doc, report)), fmt, explain)


@reports_errors
def match(  # noqa: PLR0917 - typer maps each parameter to an option
    cv: Annotated[Path, typer.Argument(help="CV file.")],
    jobs: Annotated[list[Path], typer.Argument(help="Job description files or folders.")],
    top: TopOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
    model: ModelOption = None,
    strict: StrictOption = False,
    rerank: RerankOption = None,
    rerank_top: RerankTopOption = None,
    ranker: RankerOption = None,
    llm: LlmOption = False,
    redact: RedactOption = False,
) -> None:
    """Rank jobs for a CV, best first."""
    staged = stages(rerank, rerank_top, ranker)
    with render.progress_bars(stderr) as progress:
        engine = _engine(model, progress, redact)
        _check_stages(engine, staged)
        cv_doc = engine.parse(cv, DocumentKind.CV)
        report = _load_many(engine, jobs, DocumentKind.JOB, strict, cv_doc)
        ranking = engine.match(cv_doc, report.documents, top, staged)
    ranking, finish = llm_ranking(llm, engine, ranking, cv_doc, report.documents)
    _emit_ranking(finish(_ranking_payload(ranking, cv_doc, report)), fmt)


@reports_errors
def score(  # noqa: PLR0917 - typer maps each parameter to an option
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    cv: Annotated[Path, typer.Argument(help="CV file.")],
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
    model: ModelOption = None,
    must: MustOption = None,
    ignore: IgnoreOption = None,
    rerank: RerankOption = None,
    rerank_top: RerankTopOption = None,
    ranker: RankerOption = None,
    llm: LlmOption = False,
    redact: RedactOption = False,
) -> None:
    """Score one CV against one job: each requirement met, partial or missing, with evidence."""
    staged = stages(rerank, rerank_top, ranker)
    with _engine_and_job(model, job, staged, redact) as (engine, job_doc):
        cv_doc = engine.parse(cv, DocumentKind.CV)
        result = engine.score(job_doc, cv_doc, overrides(must, ignore), staged)
    finish = llm_pair(llm, engine, job_doc, cv_doc, result)
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
