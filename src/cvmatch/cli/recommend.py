"""``cvmatch recommend`` (occupations for CVs) and its imports: job ads (centroids), skill links.

One CV file gives a table or one JSON object; a folder, several files or ``--input FILE.tsv``
(header line, then ``id<TAB>text`` rows) give one table per input, or one JSON line per input
with its ``id``.
"""

import csv
import json
import sys
from dataclasses import asdict
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.inputs import readable_files
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import Engine
from cvmatch.engine.public import OccupationRecommendation
from cvmatch.errors import InvalidInputError
from cvmatch.types import Document, DocumentKind

SCHEMA = "cvmatch.recommend/1"


class Level(StrEnum):
    """What to recommend: occupations, or ISCO unit groups / minor groups (job families)."""

    OCCUPATION = "occupation"
    ISCO4 = "isco4"
    ISCO3 = "isco3"


class RecommendFormat(StrEnum):
    """Output formats."""

    TABLE = "table"
    JSON = "json"


def read_tsv(path: Path) -> list[tuple[str, str]]:
    """``(id, text)`` rows of a TSV file with a header line.

    Raises:
        InvalidInputError: Unreadable file, a row without two fields, an empty or repeated id.
    """
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"cannot read {path}: {error}") from None
    items: list[tuple[str, str]] = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < 2 or not row[0].strip():  # noqa: PLR2004
            raise InvalidInputError(f"{path}:{line}: expected id<TAB>text")
        items.append((row[0].strip(), "\t".join(row[1:]).replace("\\n", "\n")))
    ids = [i for i, _ in items]
    if len(set(ids)) != len(ids):
        raise InvalidInputError(f"{path}: an id appears twice; ids must be unique")
    if not items:
        raise InvalidInputError(f"{path}: no rows after the header line")
    return items


def _documents(engine: Engine, cvs: list[Path], tsv: Path | None) -> tuple[list[Document], bool]:
    """The CVs to recommend for, and whether this is a batch (JSON lines)."""
    docs = [engine.parse_text(t, DocumentKind.CV, i) for i, t in (read_tsv(tsv) if tsv else [])]
    files = readable_files(cvs)
    report = engine.parse_many(files, DocumentKind.CV) if files else None
    for failure in report.failures if report else ():
        stderr.print(f"[yellow]skipped[/] {failure.source}: {failure.message}", highlight=False)
    docs += list(report.documents if report else ())
    if not docs:
        raise InvalidInputError("no CV to recommend for: pass CV files, a folder or --input")
    batch = tsv is not None or len(files) > 1 or any(p.is_dir() for p in cvs)
    return docs, batch


def to_dict(result: OccupationRecommendation) -> dict[str, Any]:
    """The JSON payload of one recommendation."""
    hits = []
    for rank, hit in enumerate(result.hits, start=1):
        item = asdict(hit)
        item["signals"] = dict(hit.signals)
        item["evidence"], item["missing_skills"] = list(hit.evidence), list(hit.missing_skills)
        hits.append({"rank": rank, **item})
    return {
        "schema": SCHEMA,
        "id": result.input_id,
        "language": result.language,
        "level": result.level,
        "model": result.model_id,
        "occupations": hits,
    }


def _table(payload: dict[str, Any]) -> Table:
    table = Table(title=f"{payload['id']} ({payload['language']}, {payload['level']})")
    for column in ("#", "score", "occupation", "code", "ISCO", "evidence", "skills gap"):
        table.add_column(column, overflow="fold")
    for hit in payload["occupations"]:
        table.add_row(
            str(hit["rank"]),
            f"{hit['score']:.3f}",
            f"{hit['label']}\n[dim]{hit['uri']}[/]",
            hit["code"] or "-",
            hit["isco_group"] or "-",
            "\n".join(hit["evidence"]) or "-",
            ", ".join(hit["missing_skills"][:8]) or "-",
        )
    return table


@reports_errors
def recommend_command(  # noqa: PLR0917 - typer maps each parameter to an option
    cvs: Annotated[list[Path] | None, typer.Argument(help="CV files or folders.")] = None,
    input_tsv: Annotated[
        Path | None, typer.Option("--input", help="TSV file: header line, then id<TAB>text.")
    ] = None,
    top: Annotated[int, typer.Option("--top", "-k", min=1, help="How many to show.")] = 10,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the labels (default: the CV's).")
    ] = None,
    level: Annotated[Level, typer.Option("--level")] = Level.OCCUPATION,
    fmt: Annotated[RecommendFormat, typer.Option("--format", "-f")] = RecommendFormat.TABLE,
    model: Annotated[str | None, typer.Option("--model", help="Dense encoder to use.")] = None,
) -> None:
    """Recommend ESCO occupations (or ISCO job families) for each CV, with the skills gap."""
    with render.progress_bars(stderr) as progress:
        engine = Engine(on_progress=progress)
        docs, batch = _documents(engine, list(cvs or []), input_tsv)
        results = engine.occupations.recommend(docs, top, level.value, lang, model)
    for result in results:
        payload = to_dict(result)
        if fmt is RecommendFormat.JSON:
            indent = None if batch else 2
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=indent) + "\n")
        else:
            stdout.print(_table(payload))


@reports_errors
def import_ads_command(
    file: Annotated[Path, typer.Argument(help="CSV: text (or title, description), occupation.")],
    skip_unknown: Annotated[
        bool,
        typer.Option(
            "--skip-unknown",
            help="Skip (and count) lines whose occupation the taxonomy lacks instead of failing.",
        ),
    ] = False,
) -> None:
    """Import labelled job ads; they join their occupation's centroid in later recommendations."""
    report = Engine().occupations.import_ads_report(file, skip_unknown)
    if report.skipped_lines:
        lines = ", ".join(str(n) for n in report.skipped_lines[:10])
        more = " …" if len(report.skipped_lines) > 10 else ""  # noqa: PLR2004
        stderr.print(
            f"skipped {len(report.skipped_lines)} line(s) with an unknown occupation: {lines}{more}"
        )
    stdout.print(
        f"{report.stored} labelled ads stored; occupation centroids include them from now on"
    )


@reports_errors
def import_relations_command(
    path: Annotated[Path, typer.Argument(help="occupationSkillRelations_xx.csv or its folder.")],
) -> None:
    """Import ESCO occupation–skill relations: essential skills feed the skills gap."""
    count = Engine().taxonomy.import_skill_relations(path)
    stdout.print(f"{count} occupation–skill relations stored")
