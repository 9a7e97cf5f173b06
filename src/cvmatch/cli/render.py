"""Terminal rendering for the CLI (consoles, tables and progress); no logic beyond presentation.

The stable JSON/CSV shapes are not here: they are :mod:`cvmatch.output`, shared with the HTTP
service.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from cvmatch.engine import ProgressCallback
from cvmatch.engine.public import EncoderInfo
from cvmatch.types import Document

MAX_LISTED = 5
stdout = Console()
stderr = Console(stderr=True)


def ranking_table(payload: dict[str, Any], explain: bool = False) -> Table:
    """A ranked table: rank, score, signals, language, best evidence line, what is missing.

    "missing" lists the job's requirements the CV misses (the first few; all with ``explain``),
    or the missing key terms when the job yielded no requirements.
    """
    query = payload["query"]
    other = "CV" if query["kind"] == "job" else "Job"
    table = Table(title=f"{other}s ranked for {query['kind']} {query['id']} (score 0-100)")
    for column in (
        "#",
        "score",
        other,
        "lang",
        "dense",
        "lexical",
        "why (best CV line)",
        "missing",
    ):
        table.add_column(column, overflow="fold")
    for row in payload["results"]:
        reason = row["reasons"][0] if row["reasons"] else "-"
        missing = [f"✗ {text}" for text in row.get("missing_requirements", [])]
        if not missing:
            missing = row["missing_terms"]
        if not explain:
            missing = missing[:MAX_LISTED]
        table.add_row(
            str(row["rank"]),
            f"{row['score']:.1f}",
            row["id"],
            row["language"],
            f"{row['signals']['dense']:.2f}",
            f"{row['signals']['lexical']:.2f}",
            reason,
            ", ".join(missing) or "-",
        )
    return table


def match_table(payload: dict[str, Any]) -> Table:
    """One pair: score, signals, reasons, matched and missing terms."""
    table = Table(title=f"{payload['cv_id']} for {payload['job_id']}: {payload['score']:.1f} / 100")
    table.add_column("field")
    table.add_column("value", overflow="fold")
    for key, value in payload["signals"].items():
        table.add_row(key, str(value))
    table.add_row("reasons", "\n".join(payload["reasons"]) or "-")
    table.add_row("matched terms", ", ".join(payload["matched_terms"]) or "-")
    table.add_row("missing terms", ", ".join(payload["missing_terms"]) or "-")
    table.add_row("flags", ", ".join(payload["flags"]) or "-")
    table.add_row("knockout", "yes (a must-have is missing)" if payload.get("knockout") else "no")
    for item in payload.get("requirements", []):
        table.add_row(f"{item['status']} ({item['importance']})", requirement_line(item))
    return table


def requirement_line(item: dict[str, Any]) -> str:
    """A requirement with its evidence: the CV line, or found vs asked years."""
    if item["required_years"] is not None:
        return f"{item['text']}: {item['found_years'] or 0:g} of {item['required_years']:g} years"
    if item["cv_span"]:
        return f"{item['text']} — {item['cv_span']}"
    return f"{item['text']} ({item['note']})" if item.get("note") else item["text"]


@contextmanager
def progress_bars(console: Console) -> Iterator[ProgressCallback]:
    """Yield an Engine progress callback drawing one bar per stage (silent when not a TTY)."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = progress.add_task(stage, total=total)
        progress.update(tasks[stage], completed=done, total=total)

    with progress:
        yield update


def models_table(infos: Sequence[EncoderInfo]) -> Table:
    """Registered encoders: name, kind, languages, dimension, installed or not."""
    table = Table(title="cvmatch encoders")
    for column in ("name", "kind", "languages", "dim", "installed", "description"):
        table.add_column(column, overflow="fold")
    for info in infos:
        table.add_row(
            info.name,
            info.kind,
            ", ".join(info.languages),
            str(info.dim or "-"),
            "yes" if info.installed else "[red]no[/]",
            "\n".join([info.description, *_shipped_lines(info)]),
        )
    return table


def _shipped_lines(info: EncoderInfo) -> list[str]:
    """What a shipped trained model adds to its row: the methods using it, its figures."""
    lines = [f"active: default of {', '.join(info.active)}"] if info.active else []
    if info.opt_in:
        lines.append(f"active: no, opt-in ({info.stage} {info.name})")
    return lines + [f"held-out: {figure}" for figure in info.held_out]


def print_document(console: Console, doc: Document) -> None:
    """A parsed document: one header line, then each section under a rule, hidden text last."""
    console.print(
        f"[bold]{doc.id}[/]  format={doc.format} pages={doc.pages} "
        f"language={doc.language} ({doc.language_confidence:.2f}) "
        f"flags={','.join(doc.flags) or '-'}",
        highlight=False,
    )
    for section in doc.sections:
        console.rule(f"{section.kind.value}: {section.heading or '(top)'}")
        console.print(section.text, highlight=False, markup=False)
    if doc.hidden_text:
        console.rule("[red]hidden text (excluded from scoring)")
        console.print(doc.hidden_text, highlight=False, markup=False)
