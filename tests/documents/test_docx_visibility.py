"""Hidden-text classes in DOCX: each file is made here with python-docx plus XML edits."""

from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

from cvmatch.documents.base import Limits
from cvmatch.documents.docx import DocxReader
from cvmatch.types import Flag

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
STUFFING = "Cassandra CQL nodetool"


def read_document(document, tmp_path: Path):
    path = tmp_path / "cv.docx"
    document.save(str(path))
    return DocxReader().read(path.read_bytes(), Limits())


def cv_with(secret_run) -> docx.Document:
    """A CV whose second paragraph holds a run made by ``secret_run(paragraph)``."""
    document = docx.Document()
    document.add_paragraph("Registered nurse, intensive care")
    secret_run(document.add_paragraph())
    document.add_paragraph("Ward leadership")
    return document


def coloured(hex_colour: str):
    def make(paragraph):
        paragraph.add_run(STUFFING).font.color.rgb = RGBColor.from_string(hex_colour)

    return make


def assert_hidden(raw) -> None:
    assert raw.text == "Registered nurse, intensive care\n\nWard leadership"
    assert raw.hidden_text == STUFFING
    assert Flag.HIDDEN_TEXT in raw.flags


def text_box_run(anchor_xml: str):
    """A run holding a DrawingML text box whose anchor attributes/children are given."""
    box = f"<w:txbxContent><w:p><w:r><w:t>{STUFFING}</w:t></w:r></w:p></w:txbxContent>"
    return f"<w:r {NS}><w:drawing>{anchor_xml.format(box=box)}</w:drawing></w:r>"


@pytest.mark.parametrize("colour", ["F0F0F0", "FAFAF5", "FFFFFF"])
def test_near_white_text_on_white_is_hidden(tmp_path, colour):
    assert_hidden(read_document(cv_with(coloured(colour)), tmp_path))


def test_light_but_readable_grey_stays(tmp_path):
    raw = read_document(cv_with(coloured("A0A0A0")), tmp_path)
    assert STUFFING in raw.text
    assert raw.hidden_text == ""


def test_dark_text_on_dark_shading_is_hidden(tmp_path):
    def make(paragraph):
        run = paragraph.add_run(STUFFING)
        run.font.color.rgb = RGBColor(0x20, 0x20, 0x20)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:shd {NS} w:val="clear" w:color="auto" w:fill="1A1A1A"/>')
        )

    assert_hidden(read_document(cv_with(make), tmp_path))


def test_squeezed_characters_are_hidden(tmp_path):
    def make(paragraph):
        run = paragraph.add_run(STUFFING)
        run._r.get_or_add_rPr().append(parse_xml(f'<w:w {NS} w:val="1"/>'))

    assert_hidden(read_document(cv_with(make), tmp_path))


def test_tiny_text_is_hidden(tmp_path):
    def make(paragraph):
        paragraph.add_run(STUFFING).font.size = Pt(3)

    assert_hidden(read_document(cv_with(make), tmp_path))


def test_vanish_in_a_paragraph_style_is_hidden(tmp_path):
    document = docx.Document()
    style = document.styles.add_style("Keywords", WD_STYLE_TYPE.PARAGRAPH)
    style.font.hidden = True
    document.add_paragraph("Registered nurse, intensive care")
    document.add_paragraph(STUFFING, style="Keywords")
    document.add_paragraph("Ward leadership")
    assert_hidden(read_document(document, tmp_path))


def test_white_text_in_a_box_off_the_page_is_hidden(tmp_path):
    anchor = (
        '<wp:anchor behindDoc="0"><wp:positionH relativeFrom="page"><wp:posOffset>-20000000'
        '</wp:posOffset></wp:positionH><wp:positionV relativeFrom="page"><wp:posOffset>0'
        '</wp:posOffset></wp:positionV><wp:extent cx="914400" cy="914400"/><a:graphic>'
        '<a:graphicData><wps:wsp><wps:spPr><a:solidFill><a:srgbClr val="1F3864"/>'
        "</a:solidFill></wps:spPr><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor>"
    )

    def make(paragraph):
        paragraph._p.append(parse_xml(text_box_run(anchor)))

    assert_hidden(read_document(cv_with(make), tmp_path))


def test_white_text_in_a_dark_box_on_the_page_is_visible(tmp_path):
    anchor = (
        '<wp:anchor behindDoc="0"><wp:positionH relativeFrom="page"><wp:posOffset>914400'
        '</wp:posOffset></wp:positionH><wp:extent cx="914400" cy="914400"/><a:graphic>'
        '<a:graphicData><wps:wsp><wps:spPr><a:solidFill><a:srgbClr val="1F3864"/>'
        "</a:solidFill></wps:spPr><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData>"
        "</a:graphic></wp:anchor>"
    )
    box = text_box_run(anchor).replace(
        "<w:r><w:t>", '<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>'
    )

    def make(paragraph):
        paragraph._p.append(parse_xml(box))

    raw = read_document(cv_with(make), tmp_path)
    assert STUFFING in raw.text
    assert raw.hidden_text == ""


@pytest.mark.parametrize(
    "drawing",
    [
        f"<w:r {NS}><w:pict/></w:r>",
        f'<w:r {NS}><w:drawing><wp:anchor behindDoc="1"/></w:drawing></w:r>',
        f'<w:r {NS}><w:pict><v:rect style="width:1pt;height:1pt" fillcolor="#000000"/></w:pict></w:r>',
    ],
)
def test_empty_or_speck_drawings_do_not_switch_the_check_off(tmp_path, drawing):
    document = cv_with(coloured("FFFFFF"))
    document.paragraphs[0]._p.append(parse_xml(drawing))
    assert_hidden(read_document(document, tmp_path))


def test_frame_off_the_page_is_hidden(tmp_path):
    def make(paragraph):
        paragraph.add_run(STUFFING)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:framePr {NS} w:w="2000" w:h="400" w:x="-30000" w:y="0"/>')
        )

    assert_hidden(read_document(cv_with(make), tmp_path))


def test_hidden_text_is_capped(tmp_path):
    def make(paragraph):
        paragraph.add_run("keyword " * (Limits().max_hidden_chars // 4)).font.hidden = True

    raw = read_document(cv_with(make), tmp_path)
    assert len(raw.hidden_text) == Limits().max_hidden_chars


@pytest.mark.parametrize(
    "property_xml",
    ['<w:spacing w:val="-200"/>', '<w:position w:val="-4000"/>', "<w:specVanish/>"],
)
def test_piled_up_or_displaced_characters_are_hidden(tmp_path, property_xml):
    def make(paragraph):
        run = paragraph.add_run(STUFFING)
        run._r.get_or_add_rPr().append(parse_xml(property_xml.replace("/>", f" {NS}/>")))

    assert_hidden(read_document(cv_with(make), tmp_path))


def test_a_dark_banner_placed_off_the_page_is_no_backdrop(tmp_path):
    banner = (
        f'<w:r {NS}><w:drawing><wp:anchor behindDoc="1"><wp:positionH relativeFrom="page">'
        "<wp:posOffset>-40000000</wp:posOffset></wp:positionH>"
        '<wp:extent cx="7772400" cy="1828800"/><a:graphic><a:graphicData><wps:wsp><wps:spPr>'
        '<a:solidFill><a:srgbClr val="1F3864"/></a:solidFill></wps:spPr></wps:wsp>'
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>"
    )
    document = cv_with(coloured("FFFFFF"))
    document.paragraphs[0]._p.append(parse_xml(banner))
    assert_hidden(read_document(document, tmp_path))


def test_white_text_shows_on_a_banner_only_as_far_as_it_fits(tmp_path):
    banner = (
        f'<w:r {NS}><w:drawing><wp:anchor behindDoc="1"><wp:extent cx="914400" cy="457200"/>'
        "<a:graphic><a:graphicData><wps:wsp><wps:spPr><a:solidFill>"
        '<a:srgbClr val="1F3864"/></a:solidFill></wps:spPr></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></w:r>"
    )
    document = docx.Document()
    document.add_paragraph("Registered nurse, intensive care")
    document.paragraphs[0]._p.append(parse_xml(banner))
    for text in ("Anna Lee", STUFFING * 10):
        run = document.add_paragraph().add_run(text)
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        run.font.size = Pt(11)

    raw = read_document(document, tmp_path)

    # 1 x 0.5 inch = 2,592 pt², 72.6 pt² a character at 11 pt: the name fits, the rest does not.
    assert raw.text == "Registered nurse, intensive care\nAnna Lee"
    assert raw.hidden_text == STUFFING * 10
