"""The ``cvmatch`` command line: parse input, make one Engine call, render the result."""

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from cvmatch import cli_render, output
from cvmatch.cli_options import IgnoreOption, MustOption
from cvmatch.cli_options import overrides as _overrides
from cvmatch.documents.loader import supported_extensions
from cvmatch.encoders.registry import encoder_status
from cvmatch.engine import Engine, LoadReport, ProgressCallback
from cvmatch.errors import CvmatchError, InvalidInputError, exit_code_for
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Ranking

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
stdout = Console()
stderr = Console(stderr=True)


P = ParamSpec("P")
R = TypeVar("R")


def reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn a cvmatch error into one red line on stderr and its documented exit code."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except CvmatchError as error:
            stderr.print(f"[red]error:[/] {error}", highlight=False, soft_wrap=True)
            raise typer.Exit(exit_code_for(error)) from None

    return run


class Format(StrEnum):
    """Output formats of ranking commands."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


class PairFormat(StrEnum):
    """Output formats of single-result commands."""

    TABLE = "table"
    JSON = "json"


TopOption = Annotated[int | None, typer.Option("--top", "-k", min=1, help="Show only the best K.")]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model", help="Dense encoder for every pair: registry name, local path or hub id."
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help="Fail if any file cannot be read.")]


def _engine(model: str | None, progress: ProgressCallback | None = None) -> Engine:
    overrides: dict[str, Any] = {}
    if model:
        overrides = {"english_encoder": model, "multilingual_encoder": model}
    return Engine(Settings(**overrides), on_progress=progress)


def expand_paths(paths: list[Path]) -> list[Path]:
    """Files as given, folders expanded recursively to supported files (sorted, no dotfiles)."""
    extensions = set(supported_extensions())
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file() and p.suffix.lower() in extensions and not p.name.startswith(".")
            )
        else:
            found.append(path)
    if not found:
        raise InvalidInputError(f"no readable files in {', '.join(map(str, paths))}")
    return found


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
        stdout.print(cli_render.ranking_table(payload, explain))


@app.command()
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
) -> None:
    """Rank CVs for a job, best first, with the reasons for each score."""
    with cli_render.progress_bars(stderr) as progress:
        engine = _engine(model, progress)
        job_doc = engine.parse(job, DocumentKind.JOB)
        report = _load_many(engine, cvs, DocumentKind.CV, strict, job_doc)
        ranking = engine.rank(job_doc, report.documents, top, _overrides(must, ignore))
    _emit_ranking(_ranking_payload(ranking, job_doc, report), fmt, explain)


@app.command()
@reports_errors
def match(
    cv: Annotated[Path, typer.Argument(help="CV file.")],
    jobs: Annotated[list[Path], typer.Argument(help="Job description files or folders.")],
    top: TopOption = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.TABLE,
    model: ModelOption = None,
    strict: StrictOption = False,
) -> None:
    """Rank jobs for a CV, best first."""
    with cli_render.progress_bars(stderr) as progress:
        engine = _engine(model, progress)
        cv_doc = engine.parse(cv, DocumentKind.CV)
        report = _load_many(engine, jobs, DocumentKind.JOB, strict, cv_doc)
        ranking = engine.match(cv_doc, report.documents, top)
    _emit_ranking(_ranking_payload(ranking, cv_doc, report), fmt)


@app.command()
@reports_errors
def score(
    job: Annotated[Path, typer.Argument(help="Job description file.")],
    cv: Annotated[Path, typer.Argument(help="CV file.")],
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
    model: ModelOption = None,
    must: MustOption = None,
    ignore: IgnoreOption = None,
) -> None:
    """Score one CV against one job: each requirement met, partial or missing, with evidence."""
    with cli_render.progress_bars(stderr) as progress:
        engine = _engine(model, progress)
        job_doc = engine.parse(job, DocumentKind.JOB)
        cv_doc = engine.parse(cv, DocumentKind.CV)
        result = engine.score(job_doc, cv_doc, _overrides(must, ignore))
    payload: dict[str, Any] = {"schema": output.MATCH_SCHEMA, "scale": output.SCORE_SCALE}
    payload |= output.match_to_dict(result)
    payload |= {"job": output.document_summary(job_doc), "cv": output.document_summary(cv_doc)}
    if fmt is PairFormat.JSON:
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    else:
        stdout.print(cli_render.match_table(payload))


@app.command()
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
    _print_document(doc)


def _print_document(doc: Document) -> None:
    stdout.print(
        f"[bold]{doc.id}[/]  format={doc.format} pages={doc.pages} "
        f"language={doc.language} ({doc.language_confidence:.2f}) "
        f"flags={','.join(doc.flags) or '-'}",
        highlight=False,
    )
    for section in doc.sections:
        stdout.rule(f"{section.kind.value}: {section.heading or '(top)'}")
        stdout.print(section.text, highlight=False, markup=False)
    if doc.hidden_text:
        stdout.rule("[red]hidden text (excluded from scoring)")
        stdout.print(doc.hidden_text, highlight=False, markup=False)


@app.command()
@reports_errors
def models(
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
) -> None:
    """List the encoders cvmatch knows and whether each is installed."""
    infos = encoder_status()
    if fmt is PairFormat.JSON:
        rows = [
            {
                "name": i.name,
                "kind": i.kind,
                "installed": i.installed,
                "languages": list(i.languages),
                "dim": i.dim,
                "description": i.description,
            }
            for i in infos
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    stdout.print(cli_render.models_table(infos))


from cvmatch.cli_eval import app as eval_app  # noqa: E402 - registered after reports_errors

app.add_typer(eval_app, name="eval", help="Measure matching quality with CIs.")
from cvmatch import cli_service  # noqa: E402 - recruiter service commands (issue 6)

app.command("serve")(reports_errors(cli_service.serve))
app.add_typer(cli_service.users_app(reports_errors), name="users")
from cvmatch.cli_taxonomy import app as taxonomy_app  # noqa: E402

app.add_typer(taxonomy_app, name="taxonomy")
from cvmatch import cli_train  # noqa: E402 - training commands (issue 5)

app.command("train")(reports_errors(cli_train.train_command))
app.command("runs")(reports_errors(cli_train.runs_command))

from cvmatch import cli_recommend  # noqa: E402 - occupation recommendation (issue 7)

app.command("recommend")(reports_errors(cli_recommend.recommend_command))
app.command("recommend-import-ads")(reports_errors(cli_recommend.import_ads_command))
app.command("recommend-import-skills")(reports_errors(cli_recommend.import_relations_command))
from cvmatch.cli_models import build_models_command  # noqa: E402 - int8 MiniLM build (issue 2)

app.command("build-models")(reports_errors(build_models_command))


def main() -> None:
    """Entry point of the ``cvmatch`` script."""
    app()
