import io
import struct
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.dml import MSO_THEME_COLOR
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Pt, RGBColor

from cvmatch.documents import docx as docx_reader
from cvmatch.documents.base import Limits
from cvmatch.documents.docx import DocxReader
from cvmatch.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EmptyDocumentError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from cvmatch.types import Flag

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC_NS = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def save(document, tmp_path: Path) -> bytes:
    path = tmp_path / "cv.docx"
    document.save(str(path))
    return path.read_bytes()


def read(data: bytes, limits: Limits | None = None):
    return DocxReader().read(data, limits or Limits())


def ole_file(*streams: str) -> bytes:
    """A minimal OLE compound file: 512-byte header, then 128-byte directory entries."""
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le")
        entries += encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded) + 2).ljust(
            64, b"\x00"
        )
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00")
    return header + entries + b"\x00" * 1024


def test_paragraphs_and_tables_keep_document_order(tmp_path):
    document = docx.Document()
    document.add_heading("Anna Lee", level=1)
    document.add_paragraph("Backend engineer")
    table = document.add_table(rows=2, cols=3)
    for column, value in enumerate(("Year", "Role", "Company")):
        table.cell(0, column).text = value
    for column, value in enumerate(("2020", "Developer", "ACME")):
        table.cell(1, column).text = value
    document.add_paragraph("Skills")

    raw = read(save(document, tmp_path))

    assert raw.text.split("\n") == [
        "Anna Lee",
        "Backend engineer",
        "Year | Role | Company",
        "2020 | Developer | ACME",
        "Skills",
    ]
    assert Flag.TABLES in raw.flags
    assert Flag.HIDDEN_TEXT not in raw.flags


def test_merged_cells_appear_once(tmp_path):
    document = docx.Document()
    document.add_paragraph("Experience")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "ACME 2019-2023"
    table.cell(1, 0).merge(table.cell(2, 0)).text = "Paris"
    table.cell(1, 1).text = "Python"
    table.cell(2, 1).text = "SQL"

    lines = read(save(document, tmp_path)).text.split("\n")

    assert lines[1:] == ["ACME 2019-2023", "Paris | Python", "SQL"]


def test_layout_table_cells_become_lines(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    left, right = table.cell(0, 0), table.cell(0, 1)
    left.text = "Contact"
    left.add_paragraph("anna@example.com")
    right.text = "Experience"
    right.add_paragraph("Engineer at ACME")

    text = read(save(document, tmp_path)).text

    assert text.split("\n") == ["Contact", "anna@example.com", "Experience", "Engineer at ACME"]


def test_hidden_white_and_tiny_runs_go_to_hidden_text(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("Engineer with ")
    paragraph.add_run("Kubernetes Terraform").font.hidden = True
    paragraph.add_run("Python")
    white = document.add_paragraph().add_run("Rust Golang")
    white.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    tiny = document.add_paragraph("Visible ").add_run("Haskell")
    tiny.font.size = Pt(1)
    theme = document.add_paragraph("Also ").add_run("Erlang")
    theme.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1

    raw = read(save(document, tmp_path))

    assert raw.text == "Engineer with Python\n\nVisible\nAlso"
    for word in ("Kubernetes Terraform", "Rust Golang", "Haskell", "Erlang"):
        assert word not in raw.text
        assert word in raw.hidden_text
    assert Flag.HIDDEN_TEXT in raw.flags


def test_hidden_through_character_style(tmp_path):
    document = docx.Document()
    style = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    style.font.hidden = True
    paragraph = document.add_paragraph("Visible ")
    paragraph.add_run("styled away", style="Secret")

    raw = read(save(document, tmp_path))

    assert raw.text == "Visible"
    assert raw.hidden_text == "styled away"


def test_white_text_on_a_shaded_cell_is_visible(tmp_path):
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    run = cell.paragraphs[0].add_run("Anna Lee, Data Engineer")
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    cell._tc.get_or_add_tcPr().append(
        parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="1F3864"/>')
    )

    raw = read(save(document, tmp_path))

    assert raw.text == "Anna Lee, Data Engineer"
    assert raw.hidden_text == ""


def test_white_text_over_a_banner_behind_the_text_is_visible(tmp_path):
    document = docx.Document()
    name = document.add_paragraph().add_run("Anna Lee")
    name.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    banner = (
        f'<w:r {W_NS} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
        ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<w:drawing><wp:anchor behindDoc="1"><wp:extent cx="7772400" cy="1828800"/>'
        "<a:graphic><a:graphicData><wps:wsp><wps:spPr><a:solidFill>"
        '<a:srgbClr val="1F3864"/></a:solidFill></wps:spPr></wps:wsp></a:graphicData>'
        "</a:graphic></wp:anchor></w:drawing></w:r>"
    )
    document.sections[0].header.paragraphs[0]._p.append(parse_xml(banner))

    raw = read(save(document, tmp_path))

    assert raw.text == "Anna Lee"
    assert raw.hidden_text == ""


def test_headers_and_footers_come_after_the_body(tmp_path):
    document = docx.Document()
    document.add_paragraph("Profile")
    section = document.sections[0]
    section.header.paragraphs[0].text = "anna@example.com"
    section.footer.paragraphs[0].text = "Lyon, France"

    lines = read(save(document, tmp_path)).text.split("\n")

    assert lines[0] == "Profile"
    assert lines.index("anna@example.com") < lines.index("Lyon, France")


def test_text_box_read_once_and_content_controls_and_hyperlinks(tmp_path):
    document = docx.Document()
    anchor = document.add_paragraph("Summary")
    box = (
        f"<w:txbxContent {W_NS}><w:p><w:r><w:t>Boxed skill: Spark</w:t></w:r></w:p></w:txbxContent>"
    )
    anchor._p.append(
        parse_xml(
            f"<w:r {W_NS} {MC_NS}><mc:AlternateContent>"
            f"<mc:Choice Requires='wps'><w:drawing>{box}</w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>"
        )
    )
    document.element.body.insert(
        0,
        parse_xml(
            f"<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t>From a content control</w:t></w:r>"
            '<w:hyperlink r:id="rId99" xmlns:r="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><w:r><w:t xml:space="preserve"> linked</w:t>'
            "</w:r></w:hyperlink></w:p></w:sdtContent></w:sdt>"
        ),
    )

    white = document.add_paragraph().add_run("white keywords")
    white.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)

    raw = read(save(document, tmp_path))

    assert raw.text.split("\n") == [
        "From a content control linked",
        "Summary",
        "Boxed skill: Spark",
    ]
    assert raw.hidden_text == "white keywords"  # the text box's VML fallback is no backdrop


def test_only_hidden_text_is_empty(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run("secret").font.hidden = True

    with pytest.raises(EmptyDocumentError, match="only hidden text"):
        read(save(document, tmp_path))


def test_empty_bytes_are_refused():
    with pytest.raises(EmptyDocumentError, match="empty"):
        read(b"")


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated zip", b"not a zip at all"])
def test_corrupt_zip(data):
    with pytest.raises(CorruptDocumentError, match="damaged or is not a Word document"):
        read(data)


def test_zip_without_a_word_document_is_corrupt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(CorruptDocumentError, match="cannot be opened"):
        read(buffer.getvalue())


def test_spreadsheet_content_type_is_corrupt(tmp_path):
    source = io.BytesIO(save(docx.Document(), tmp_path))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            body = original.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
                )
            copy.writestr(item, body)
    with pytest.raises(CorruptDocumentError, match="not a Word file"):
        read(target.getvalue())


def test_broken_xml_is_corrupt(tmp_path):
    source = io.BytesIO(save(docx.Document(), tmp_path))
    target = io.BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            body = original.read(item.filename)
            copy.writestr(item, body[:-40] if item.filename == "word/document.xml" else body)
    with pytest.raises(CorruptDocumentError, match="cannot be opened"):
        read(target.getvalue())


def test_password_protected_docx_is_encrypted():
    with pytest.raises(EncryptedDocumentError, match="password-protected"):
        read(ole_file("EncryptionInfo", "EncryptedPackage"))


def test_legacy_doc_is_unsupported():
    with pytest.raises(UnsupportedFormatError, match=r"Word 97-2003 \.doc"):
        read(ole_file("WordDocument", "1Table"))


def zip_bomb(size: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\x00" * size)
    return buffer.getvalue()


def test_zip_bomb_over_ratio_is_refused():
    # 20 x 100,000 bytes = 2,000,000 bytes allowed; the member unpacks to 3,000,000.
    data = zip_bomb(3_000_000)
    assert len(data) < 10_000
    with pytest.raises(
        DocumentTooLargeError, match="unpacks to 3,000,000 bytes; the limit is 2,000,000"
    ):
        read(data, Limits(max_bytes=100_000))


def test_zip_bomb_over_absolute_ceiling_is_refused(monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_UNCOMPRESSED_BYTES", 1_000_000)
    with pytest.raises(DocumentTooLargeError, match="the limit is 1,000,000"):
        read(zip_bomb(1_500_000))
