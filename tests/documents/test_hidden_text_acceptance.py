"""Acceptance: hidden keyword stuffing moves no score (issue 17), with the real engine.

The nurse CV from ``examples/cvs`` is written as HTML, DOCX and PDF, once clean and once with
the whole Cassandra DBA job ad hidden in it by one trick at a time. Stuffed with the ad as
*visible* text the CV scores about 89 against that job (clean: 0.3); hidden, every variant
must score within one point of the clean file of the same format and carry the flag.
"""

import dataclasses
import html
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor
from PIL import Image
from reportlab.lib.utils import simpleSplit
from tests.documents.pdf_factory import PAGE_HEIGHT, PAGE_WIDTH, Item, Picture, Text, build_pdf

from cvmatch.engine import Engine
from cvmatch.settings import Settings
from cvmatch.types import Document, DocumentKind, Flag

pytestmark = pytest.mark.models

ROOT = Path(__file__).resolve().parents[2]
CV = ROOT / "examples" / "cvs" / "grace-thompson-icu-nurse.md"
JOB = ROOT / "examples" / "jobs" / "cassandra-dba.md"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DRAWING_NS = (
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
)


def cv_lines() -> list[str]:
    return CV.read_text(encoding="utf-8").splitlines()


def stuffing() -> list[str]:
    """The job ad's lines, Markdown marks removed: the strongest keyword stuffing there is."""
    lines = JOB.read_text(encoding="utf-8").splitlines()
    return [line.lstrip("#- ").strip() for line in lines if line.strip()]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return Engine(Settings(cache_dir=tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="module")
def job(engine: Engine) -> Document:
    return engine.parse(JOB, DocumentKind.JOB)


# ---- HTML ---------------------------------------------------------------------------------


def html_cv(hidden: str = "", style: str = "") -> str:
    blocks = []
    for line in cv_lines():
        level = len(line) - len(line.lstrip("#"))
        text = html.escape(line.lstrip("#- ").strip())
        if not text:
            continue
        tag = f"h{level}" if level else "li" if line.startswith("- ") else "p"
        blocks.append(f"<{tag}>{text}</{tag}>")
    return f"<html><head><style>{style}</style></head><body>{''.join(blocks)}{hidden}</body></html>"


def hidden_paragraphs() -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in stuffing())


HTML_TRICKS: dict[str, Callable[[str], str]] = {
    "attribute-and-descendant-selector": lambda s: html_cv(
        f"<section data-ats='1'><div>{s}</div></section>", "section[data-ats] div p {display:none}"
    ),
    "media-screen-rule": lambda s: html_cv(
        f"<div class='k'>{s}</div>",
        "@media screen and (min-width: 1px) { .k {visibility: hidden} }",
    ),
    "sr-only-clip": lambda s: html_cv(
        f"<div class='sr-only'>{s}</div>",
        ".sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;"
        "overflow:hidden;clip:rect(0,0,0,0);border:0}",
    ),
    "transform-scale-0": lambda s: html_cv(f"<div class='t'>{s}</div>", ".t{transform:scale(0)}"),
    "zero-height-overflow-hidden": lambda s: html_cv(
        f"<div class='z'>{s}</div>", "div.z{height:0;overflow:hidden}"
    ),
    "closed-details": lambda s: html_cv(f"<details><summary></summary>{s}</details>"),
    "near-white": lambda s: html_cv(f"<div style='color:#fafafa'>{s}</div>"),
    "two-point-grey": lambda s: html_cv(f"<div style='font-size:2pt;color:#999'>{s}</div>"),
    "opacity-through-ancestors": lambda s: html_cv(
        f"<div style='opacity:.1'><div style='opacity:.1'>{s}</div></div>"
    ),
}


# ---- DOCX ---------------------------------------------------------------------------------


def docx_cv(stuff: Callable[[docx.Document], None] | None = None) -> docx.Document:
    document = docx.Document()
    for line in cv_lines():
        level = len(line) - len(line.lstrip("#"))
        text = line.lstrip("#- ").strip()
        if not text:
            continue
        if level:
            document.add_heading(text, level=level)
        else:
            document.add_paragraph(text, style="List Bullet" if line.startswith("- ") else None)
    if stuff is not None:
        stuff(document)
    return document


def each_run(formatting: Callable[..., None]) -> Callable[[docx.Document], None]:
    def stuff(document: docx.Document) -> None:
        for line in stuffing():
            formatting(document.add_paragraph().add_run(line))

    return stuff


def _colour(run, hex_colour: str) -> None:
    run.font.color.rgb = RGBColor.from_string(hex_colour)


def _squeezed(run) -> None:
    run._r.get_or_add_rPr().append(parse_xml(f'<w:w {W_NS} w:val="1"/>'))


def _tiny(run) -> None:
    run.font.size = Pt(2)


def _white_with_empty_drawing(document: docx.Document) -> None:
    document.paragraphs[0]._p.append(parse_xml(f"<w:r {W_NS}><w:pict/></w:r>"))
    each_run(lambda run: _colour(run, "FFFFFF"))(document)


def _off_page_text_box(document: docx.Document) -> None:
    paragraphs = "".join(
        f'<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>{html.escape(line)}</w:t>'
        "</w:r></w:p>"
        for line in stuffing()
    )
    box = (
        f"<w:r {W_NS} {DRAWING_NS}><w:drawing><wp:anchor behindDoc='0'>"
        "<wp:positionH relativeFrom='page'><wp:posOffset>-30000000</wp:posOffset></wp:positionH>"
        "<wp:positionV relativeFrom='page'><wp:posOffset>0</wp:posOffset></wp:positionV>"
        "<wp:extent cx='5000000' cy='5000000'/><a:graphic><a:graphicData><wps:wsp><wps:spPr/>"
        f"<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    document.paragraphs[-1]._p.append(parse_xml(box))


def _white_with_a_small_banner(document: docx.Document) -> None:
    """A real dark shape (2 x 1 inch) behind the text: white text fits on it only so far."""
    banner = (
        f"<w:r {W_NS} {DRAWING_NS}><w:drawing><wp:anchor behindDoc='1'>"
        "<wp:extent cx='1828800' cy='914400'/><a:graphic><a:graphicData><wps:wsp><wps:spPr>"
        "<a:solidFill><a:srgbClr val='1F3864'/></a:solidFill></wps:spPr></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    document.paragraphs[0]._p.append(parse_xml(banner))
    each_run(lambda run: _colour(run, "FFFFFF"))(document)


DOCX_TRICKS: dict[str, Callable[[docx.Document], None]] = {
    "white-with-a-small-banner": _white_with_a_small_banner,
    "near-white-f0f0f0": each_run(lambda run: _colour(run, "F0F0F0")),
    "one-percent-width": each_run(_squeezed),
    "two-point-size": each_run(_tiny),
    "white-with-empty-pict": _white_with_empty_drawing,
    "white-text-box-off-page": _off_page_text_box,
}


# ---- PDF ----------------------------------------------------------------------------------


def pdf_lines(lines: list[str], size: float, width: float) -> Iterator[str]:
    for line in lines:
        yield from simpleSplit(line, "Helvetica", size, width) or [""]


def pdf_cv(tmp_path: Path, hidden: Callable[[list[str]], list[Item]] | None = None) -> bytes:
    """The CV on pages of 9 pt lines; ``hidden`` adds items to the first page."""
    visible = [line.lstrip("#- ").strip() for line in cv_lines()]
    lines = list(pdf_lines(visible, 9.0, PAGE_WIDTH - 144))
    per_page = int((PAGE_HEIGHT - 144) / 11)
    pages: list[list[Item]] = []
    for start in range(0, len(lines), per_page):
        chunk = lines[start : start + per_page]
        pages.append(
            [Text(72, PAGE_HEIGHT - 72 - i * 11, t, size=9.0) for i, t in enumerate(chunk) if t]
        )
    if hidden is not None:
        pages[0] = [*hidden(list(pdf_lines(stuffing(), 8.0, PAGE_WIDTH - 144))), *pages[0]]
    name = "stuffed.pdf" if hidden else "clean.pdf"
    return build_pdf(tmp_path / name, pages).read_bytes()


def _invisible_over_image(tmp_path: Path) -> Callable[[list[str]], list[Item]]:
    def items(lines: list[str]) -> list[Item]:
        image = tmp_path / "paper.png"
        Image.new("RGB", (120, 170), (250, 250, 246)).save(image)
        layer = [Text(72, 760 - i * 9, t, size=8.0, render_mode=3) for i, t in enumerate(lines)]
        return [Picture(0, 0, PAGE_WIDTH, PAGE_HEIGHT, image), *layer]

    return items


def _styled(size: float, colour: tuple[float, float, float]) -> Callable[[list[str]], list[Item]]:
    def items(lines: list[str]) -> list[Item]:
        step = max(size, 2.0)
        return [Text(72, 760 - i * step, t, size=size, color=colour) for i, t in enumerate(lines)]

    return items


PDF_TRICKS: dict[str, Callable[[Path], Callable[[list[str]], list[Item]]]] = {
    "invisible-over-image": _invisible_over_image,
    "two-point-grey": lambda _tmp: _styled(2.0, (0.5, 0.5, 0.5)),
    "near-white-f0f0f0": lambda _tmp: _styled(8.0, (0.94, 0.94, 0.94)),
}


# ---- the checks ---------------------------------------------------------------------------


def score(engine: Engine, job: Document, path: Path, data: bytes | str) -> tuple[float, Document]:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    cv = engine.parse(path)
    return engine.score(job, cv).score, cv


def assert_no_lift(
    clean: tuple[float, Document], stuffed: tuple[float, Document], leak: int = 0
) -> None:
    """Flagged, at most ``leak`` characters of stuffing shown, the score within one point."""
    (clean_score, clean_cv), (stuffed_score, stuffed_cv) = clean, stuffed
    assert Flag.HIDDEN_TEXT not in clean_cv.flags
    assert Flag.HIDDEN_TEXT in stuffed_cv.flags
    if leak:
        assert stuffed_cv.text.startswith(clean_cv.text)
        assert len(stuffed_cv.text) - len(clean_cv.text) <= leak
    else:
        assert stuffed_cv.text == clean_cv.text
    assert abs(stuffed_score - clean_score) <= 1.0, (clean_score, stuffed_score)


def test_visible_stuffing_would_lift_the_score(engine: Engine, job: Document) -> None:
    """The payload is strong: shown as text it lifts the nurse far up."""
    clean = engine.parse(CV)
    stuffed = engine.parse_text(clean.text + "\n\n" + "\n".join(stuffing()), DocumentKind.CV)
    assert engine.score(job, stuffed).score > engine.score(job, clean).score + 50


def test_hidden_text_reaches_no_scorer(engine: Engine, job: Document) -> None:
    """A document's ``hidden_text`` is carried along, never scored."""
    clean = engine.parse(CV)
    carrying = dataclasses.replace(
        clean, hidden_text="\n".join(stuffing()), flags=(*clean.flags, Flag.HIDDEN_TEXT)
    )
    assert engine.score(job, carrying).score == engine.score(job, clean).score


@pytest.mark.parametrize("trick", sorted(HTML_TRICKS))
def test_hidden_html_stuffing_moves_no_score(engine, job, tmp_path, trick) -> None:
    clean = score(engine, job, tmp_path / "clean.html", html_cv())
    stuffed = score(engine, job, tmp_path / "stuffed.html", HTML_TRICKS[trick](hidden_paragraphs()))
    assert_no_lift(clean, stuffed)


@pytest.mark.parametrize("trick", sorted(DOCX_TRICKS))
def test_hidden_docx_stuffing_moves_no_score(engine, job, tmp_path, trick) -> None:
    def bytes_of(document: docx.Document, name: str) -> bytes:
        document.save(str(tmp_path / name))
        return (tmp_path / name).read_bytes()

    clean = score(engine, job, tmp_path / "clean.docx", bytes_of(docx_cv(), "a.docx"))
    stuffed_doc = docx_cv(DOCX_TRICKS[trick])
    stuffed = score(engine, job, tmp_path / "stuffed.docx", bytes_of(stuffed_doc, "b.docx"))
    # White text may show on a real banner as far as its area holds it (2 x 1 in: ~140 chars).
    assert_no_lift(clean, stuffed, leak=200 if "banner" in trick else 0)


@pytest.mark.parametrize("trick", sorted(PDF_TRICKS))
def test_hidden_pdf_stuffing_moves_no_score(engine, job, tmp_path, trick) -> None:
    clean = score(engine, job, tmp_path / "clean-cv.pdf", pdf_cv(tmp_path))
    stuffed_pdf = pdf_cv(tmp_path, PDF_TRICKS[trick](tmp_path))
    stuffed = score(engine, job, tmp_path / "stuffed-cv.pdf", stuffed_pdf)
    assert_no_lift(clean, stuffed)
