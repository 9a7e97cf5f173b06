r"""Write one CV or job ad in five formats (PDF, DOCX, HTML, Markdown, plain text).

Every writer takes the same neutral structure, so one text can be rendered in any format:
``title_lines`` (name or job title first, then headline and contact lines) and ``body``, a sequence
of :class:`Section`. :func:`parse_sections` builds the body from a small markup::

    # Experience            a new section ("# Skills [side]": side column of two-column PDFs)
    = Senior DBA, Acme | 2019 - present     an entry heading (job title, school)
    - Ran 40 nodes          a bullet; a following indented line continues it
    | Skill | Level |       a table row (the first row is the header)
    Plain lines             a paragraph; consecutive lines are joined, a blank line ends it

Output is byte-reproducible: reportlab runs with ``invariant=1`` and DOCX archives get fixed dates.
Text renderers return strings, so ``--check`` modes can compare without writing. Used by
``scripts/make_examples.py`` and by the benchmark that generates CVs.
"""

import html
import io
import textwrap
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

_FIXED_DATE = datetime(2024, 1, 15, 9, 0, tzinfo=UTC)
_TEXT_WIDTH = 80


class LineKind(StrEnum):
    """What a line of a section is; it decides how each format renders the line."""

    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    ENTRY = "entry"


@dataclass(frozen=True)
class Line:
    """One paragraph, bullet or entry heading inside a section."""

    kind: LineKind
    text: str


@dataclass(frozen=True)
class Section:
    """A titled block; ``side`` sections fill the narrow left column of two-column PDFs."""

    heading: str
    lines: tuple[Line, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    side: bool = False


def parse_sections(markup: str) -> tuple[Section, ...]:
    r"""Parse the markup described in the module docstring into sections.

    >>> parse_sections("# Skills [side]\n- CQL\n  and nodetool")[0]
    Section(heading='Skills', lines=(Line(kind=<LineKind.BULLET: 'bullet'>, text='CQL and nodetool'),), table=(), side=True)
    """
    sections: list[Section] = []
    for block in textwrap.dedent(markup).strip().split("\n# "):
        head, _, rest = block.removeprefix("# ").partition("\n")
        lines, table = _parse_block(rest)
        heading = head.removesuffix("[side]").strip()
        sections.append(Section(heading, tuple(lines), tuple(table), head.endswith("[side]")))
    return tuple(sections)


def _parse_block(text: str) -> tuple[list[Line], list[tuple[str, ...]]]:
    lines: list[Line] = []
    table: list[tuple[str, ...]] = []
    joinable = False  # whether the next plain line continues the previous paragraph or bullet
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped:
            joinable = False
        elif stripped.startswith("|"):
            table.append(tuple(cell.strip() for cell in stripped.strip("|").split("|")))
        elif stripped.startswith(("- ", "= ")):
            kind = LineKind.BULLET if stripped[0] == "-" else LineKind.ENTRY
            lines.append(Line(kind, stripped[2:]))
            joinable = kind is LineKind.BULLET
        elif joinable and lines:
            lines[-1] = Line(lines[-1].kind, f"{lines[-1].text} {stripped}")
        else:
            lines.append(Line(LineKind.PARAGRAPH, stripped))
            joinable = True
    return lines, table


def render_text(title_lines: Sequence[str], body: Sequence[Section]) -> str:
    """Render plain text: upper-case headings, paragraphs wrapped at 80 columns, dash bullets."""
    out = [*title_lines]
    for section in body:
        out += ["", section.heading.upper(), ""]
        for line in section.lines:
            if line.kind is LineKind.ENTRY:  # typed on one line, a blank line before the next job
                out += [line.text] if out[-1] == "" else ["", line.text]
                continue
            bullet = line.kind is LineKind.BULLET
            first, rest = ("- ", "  ") if bullet else ("", "")
            out.append(
                textwrap.fill(line.text, _TEXT_WIDTH, initial_indent=first, subsequent_indent=rest)
            )
        out += [" | ".join(row) for row in section.table]
    return "\n".join(out) + "\n"


def render_markdown(title_lines: Sequence[str], body: Sequence[Section]) -> str:
    """Render Markdown: ``#`` title, ``##`` sections, ``###`` entries, ``-`` bullets, pipe tables."""
    out = [f"# {title_lines[0]}", "", *title_lines[1:]]
    prefix = {LineKind.BULLET: "- ", LineKind.ENTRY: "### ", LineKind.PARAGRAPH: ""}
    for section in body:
        out += ["", f"## {section.heading}"]
        previous = LineKind.PARAGRAPH
        for line in section.lines:
            if not (previous is line.kind is LineKind.BULLET):  # a list stays one block
                out.append("")
            out.append(prefix[line.kind] + line.text)
            previous = line.kind
        if section.table:
            out += ["", *(_md_row(row) for row in section.table)]
            out.insert(len(out) - len(section.table) + 1, _md_row(["---"] * len(section.table[0])))
    return "\n".join(out) + "\n"


def _md_row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_html(title_lines: Sequence[str], body: Sequence[Section], *, lang: str = "en") -> str:
    """Render a small, valid HTML5 page (headings, paragraphs, lists, tables; no hidden text)."""
    esc = html.escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title_lines[0])}</title>",
        "<style>body{font-family:sans-serif;max-width:46rem;margin:2rem auto;line-height:1.45}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{esc(title_lines[0])}</h1>",
        *(f"<p>{esc(line)}</p>" for line in title_lines[1:]),
        "</header>",
        "<main>",
    ]
    for section in body:
        out += ["<section>", f"<h2>{esc(section.heading)}</h2>", *_html_lines(section.lines)]
        if section.table:
            header, *rows = section.table
            out += ["<table>", "<thead>", _html_row(header, "th"), "</thead>", "<tbody>"]
            out += [*(_html_row(row, "td") for row in rows), "</tbody>", "</table>"]
        out.append("</section>")
    return "\n".join([*out, "</main>", "</body>", "</html>"]) + "\n"


def _html_lines(lines: Sequence[Line]) -> list[str]:
    out: list[str] = []
    in_list = False
    for line in lines:
        if in_list != (line.kind is LineKind.BULLET):
            out.append("</ul>" if in_list else "<ul>")
        in_list = line.kind is LineKind.BULLET
        tag = {LineKind.BULLET: "li", LineKind.ENTRY: "h3"}.get(line.kind, "p")
        out.append(f"<{tag}>{html.escape(line.text)}</{tag}>")
    return [*out, "</ul>"] if in_list else out


def _html_row(cells: Sequence[str], tag: str) -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(cell)}</{tag}>" for cell in cells) + "</tr>"


def write_text(
    path: Path, title_lines: Sequence[str], body: Sequence[Section], *, encoding: str = "utf-8"
) -> str:
    """Write :func:`render_text` output in ``encoding`` (e.g. ``cp1252``); return the text."""
    text = render_text(title_lines, body)
    path.write_bytes(text.encode(encoding))
    return text


def write_markdown(path: Path, title_lines: Sequence[str], body: Sequence[Section]) -> str:
    """Write :func:`render_markdown` output as UTF-8; return the text."""
    text = render_markdown(title_lines, body)
    path.write_text(text, encoding="utf-8")
    return text


def write_html(
    path: Path, title_lines: Sequence[str], body: Sequence[Section], *, lang: str = "en"
) -> str:
    """Write :func:`render_html` output as UTF-8; return the text."""
    text = render_html(title_lines, body, lang=lang)
    path.write_text(text, encoding="utf-8")
    return text


def write_docx(path: Path, title_lines: Sequence[str], body: Sequence[Section]) -> None:
    """Write a DOCX: title, heading-1 sections, bold entries, bullets, a grid table per table."""
    document = docx.Document()
    document.add_heading(title_lines[0], level=0)
    for extra in title_lines[1:]:
        document.add_paragraph(extra)
    for section in body:
        document.add_heading(section.heading, level=1)
        for line in section.lines:
            if line.kind is LineKind.BULLET:
                document.add_paragraph(line.text, style="List Bullet")
            else:
                run = document.add_paragraph().add_run(line.text)
                run.bold, run.font.size = line.kind is LineKind.ENTRY, Pt(10.5)
        if section.table:
            _add_table(document, section.table)
    props = document.core_properties
    props.author = props.title = title_lines[0]
    props.last_modified_by, props.revision = "cvmatch scripts", 1
    props.created = props.modified = props.last_printed = _FIXED_DATE
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(_fix_zip_dates(buffer.getvalue()))


def _add_table(document: DocxDocument, rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    for cell in table.rows[0].cells:
        cell.paragraphs[0].runs[0].bold = True


def _fix_zip_dates(data: bytes) -> bytes:
    """Rewrite a zip with fixed member dates so the bytes do not depend on the clock."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_DATE.timetuple()[:6])
            dst.writestr(fixed, src.read(info.filename), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


_PAGE_W, _PAGE_H = A4
_MARGIN, _SIDE_W, _GUTTER, _INDENT = 50.0, 160.0, 24.0, 10.0
_PDF_STYLE = {  # style -> (font, size, space before)
    "heading": ("Helvetica-Bold", 11.5, 10.0),
    LineKind.ENTRY: ("Helvetica-Bold", 9.5, 5.0),
    LineKind.PARAGRAPH: ("Helvetica", 9.5, 2.0),
    LineKind.BULLET: ("Helvetica", 9.5, 1.0),
}


@dataclass(frozen=True)
class _Placed:
    """One drawn line: where, in which column (0 left, 1 right) and with which font."""

    page: int
    column: int
    x: float
    y: float
    font: str
    size: float
    text: str


def write_pdf(
    path: Path,
    title_lines: Sequence[str],
    body: Sequence[Section],
    *,
    two_column: bool = False,
    right_column_first: bool = False,
) -> None:
    """Write an A4 PDF with the standard Helvetica fonts (text must be cp1252).

    ``two_column`` puts ``side`` sections in a narrow left column and the rest on the right.
    ``right_column_first`` writes the title, then the right column, then the left one into each
    page's content stream, so a reader that follows stream order swaps the columns.
    """
    for text in [*title_lines, *(line.text for section in body for line in section.lines)]:
        _check_winansi(text)
    top = _PAGE_H - _MARGIN - 24 - 14 * len(title_lines)
    width = _PAGE_W - 2 * _MARGIN
    if two_column:
        placed = _flow([s for s in body if s.side], 0, _MARGIN, _SIDE_W, top)
        right_x = _MARGIN + _SIDE_W + _GUTTER
        placed += _flow([s for s in body if not s.side], 1, right_x, width - _SIDE_W - _GUTTER, top)
    else:
        placed = _flow(body, 0, _MARGIN, width, top)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    canvas.setTitle(title_lines[0])
    canvas.setAuthor(title_lines[0])
    canvas.setCreator("cvmatch scripts/doc_writers.py")
    order = (1, 0) if right_column_first else (0, 1)
    for page in range(max(item.page for item in placed) + 1):
        if page == 0:
            _draw_title(canvas, title_lines)
        for item in sorted(
            (i for i in placed if i.page == page), key=lambda i: order.index(i.column)
        ):
            canvas.setFont(item.font, item.size)
            canvas.drawString(item.x, item.y, item.text)
        canvas.showPage()
    canvas.save()
    path.write_bytes(buffer.getvalue())


def _check_winansi(text: str) -> None:
    """The standard PDF fonts only draw cp1252 characters: refuse others rather than draw boxes."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise ValueError(f"PDF text must be cp1252; replace {bad!r} in {text!r}") from exc


def _flow(
    sections: Sequence[Section], column: int, x: float, width: float, top: float
) -> list[_Placed]:
    """Place the wrapped lines of ``sections`` down one column, starting pages as needed."""
    placed: list[_Placed] = []
    page, y = 0, top
    for section in sections:
        pieces = [("heading", section.heading), *((ln.kind, ln.text) for ln in section.lines)]
        pieces += [(LineKind.PARAGRAPH, " | ".join(row)) for row in section.table]
        for style, text in pieces:
            font, size, space = _PDF_STYLE[style]
            indent = _INDENT if style is LineKind.BULLET else 0.0
            y -= space
            for n, wrapped in enumerate(simpleSplit(text, font, size, width - indent)):
                if y - size * 1.3 < _MARGIN:
                    page, y = page + 1, _PAGE_H - _MARGIN
                y -= size * 1.3
                bullet = indent and n == 0
                shown = f"\u2022 {wrapped}" if bullet else wrapped
                placed.append(
                    _Placed(page, column, x + (0 if bullet else indent), y, font, size, shown)
                )
    return placed


def _draw_title(canvas: Canvas, title_lines: Sequence[str]) -> None:
    y = _PAGE_H - _MARGIN - 14
    canvas.setFont("Helvetica-Bold", 18)
    canvas.drawString(_MARGIN, y, title_lines[0])
    canvas.setFont("Helvetica", 10)
    for line in title_lines[1:]:
        y -= 14
        canvas.drawString(_MARGIN, y, line)
    canvas.line(_MARGIN, y - 8, _PAGE_W - _MARGIN, y - 8)
