import codecs

import pytest

from cvmatch.documents.base import Limits
from cvmatch.documents.html import MAX_DEPTH, HtmlReader
from cvmatch.errors import EmptyDocumentError, UnsupportedFormatError
from cvmatch.types import Flag


def read(html: str | bytes):
    data = html.encode() if isinstance(html, str) else html
    return HtmlReader().read(data, Limits())


def test_blocks_headings_lists_and_tables_become_lines():
    raw = read(
        """<!doctype html><html><head><title>CV</title><style>p {margin: 0}</style>
        <script>var skills = "Cobol";</script></head><body>
        <h1>Anna   Lee</h1><p>Data <b>engineer</b> in <a href="#">Paris</a>.<br>Remote OK</p>
        <ul><li>Python</li><li>SQL</li></ul>
        <table><tr><th>Year</th><th>Role</th></tr><tr><td>2021</td><td></td><td>Lead</td></tr></table>
        <noscript>Enable JS</noscript><template><p>Template</p></template>
        <svg><text>Logo</text></svg><div>Last</div><div>line</div></body></html>"""
    )
    assert raw.text.split("\n") == [
        "Anna Lee",
        "",
        "Data engineer in Paris.",
        "Remote OK",
        "",
        "Python",
        "SQL",
        "",
        "Year | Role",
        "2021 | Lead",
        "",
        "Last",
        "line",
    ]
    assert raw.flags == (Flag.TABLES,)
    assert raw.hidden_text == ""


def test_layout_table_cells_become_lines():
    raw = read(
        "<table><tr><td><p>Contact</p><p>a@b.example</p></td><td><h2>Experience</h2></td></tr></table>"
    )
    assert raw.text.split("\n") == ["Contact", "", "a@b.example", "", "Experience"]


@pytest.mark.parametrize(
    "element",
    [
        "<div hidden>SECRET</div>",
        '<span aria-hidden="true">SECRET</span>',
        '<p style="display: none !important">SECRET</p>',
        '<p style="visibility:hidden">SECRET</p>',
        '<span style="font-size:0">SECRET</span>',
        '<span style="font-size:1px">SECRET</span>',
        '<span style="opacity:0">SECRET</span>',
        '<span style="color:#fff">SECRET</span>',
        '<span style="color:#FFFFFF">SECRET</span>',
        '<span style="color: white">SECRET</span>',
        '<span style="color:rgb(255, 255, 255)">SECRET</span>',
        '<span style="color:rgba(0,0,0,0)">SECRET</span>',
        '<span style="position:absolute; left:-9999px">SECRET</span>',
        '<font color="#ffffff">SECRET</font>',
        '<div style="background:#222"><p style="color:#222">SECRET</p></div>',
        "<style>.ats { display:none }</style><div class='x ats'>SECRET</div>",
        "<style>/* c */ #k, p.w {color: #fff}</style><p id='k'>SECRET</p>",
    ],
)
def test_hidden_content_is_set_apart(element):
    raw = read(f"<p>Visible skills: Python</p>{element}<p>End</p>")
    assert raw.text == "Visible skills: Python\n\nEnd"
    assert raw.hidden_text == "SECRET"
    assert Flag.HIDDEN_TEXT in raw.flags


@pytest.mark.parametrize(
    "html",
    [
        '<div style="background-color:#1f3864"><p style="color:#fff">SHOWN</p></div>',
        '<p style="color:#fff;background:rgb(20,20,20)">SHOWN</p>',
        "<style>body {background: #222; color: #fff}</style><body><p>SHOWN</p></body>",
        '<div style="background:url(bg.png)"><span style="color:white">SHOWN</span></div>',
        "<style>@media print { .screen { display: none } }</style><p class='screen'>SHOWN</p>",
        '<p style="font-size:12px; color:#333">SHOWN</p>',
    ],
)
def test_visible_content_stays(html):
    raw = read(html)
    assert raw.text == "SHOWN"
    assert raw.hidden_text == ""


def test_only_hidden_text_is_empty():
    with pytest.raises(EmptyDocumentError, match="only hidden text"):
        read("<html><body><div style='display:none'>keywords</div></body></html>")


def test_meta_charset_is_honoured():
    data = (
        b'<html><head><meta charset="ISO-8859-1"></head><body><p>'
        + "Développeur à Zürich".encode("latin-1")
        + b"</p>"
    )
    assert read(data).text == "Développeur à Zürich"


def test_http_equiv_charset_and_bom():
    data = b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>\x93Ol\xe9\x94</p>'
    assert read(data).text == "“Olé”"
    assert read(codecs.BOM_UTF16_LE + "<p>Größe</p>".encode("utf-16-le")).text == "Größe"


def test_mislabelled_charset_falls_back_to_content():
    data = b'<meta charset="utf-8"><p>' + "Ingénieur expérimenté".encode("cp1252") + b"</p>"
    assert read(data).text == "Ingénieur expérimenté"


def test_undeclared_encoding_is_detected():
    assert read("<p>Señor Muñoz, año 2020</p>".encode("cp1252")).text == "Señor Muñoz, año 2020"


def test_deep_nesting_is_flattened_not_fatal():
    depth = 100_000
    raw = read("<div>" * depth + "<p>deep text</p>" + "</div>" * depth + "<p>after</p>")
    assert raw.text == "deep text\n\nafter"
    assert depth > MAX_DEPTH


def test_hostile_attributes_and_styles_finish():
    html = (
        f'<div class="{"c " * 200_000}" style="{"color:red;" * 50_000}font-size:{"1" * 100_000}px">'
        f"text</div><style>{'/* ' * 100_000}</style>"
    )
    # ~2 CPU s of CSS parsing: the default 10 s wall budget is shared with whatever else runs on
    # the machine, so this correctness check gets a wider one (the budget has its own tests).
    raw = HtmlReader().read(html.encode(), Limits(max_seconds=120.0))
    assert raw.text == "text"


def test_binary_is_refused():
    with pytest.raises(UnsupportedFormatError, match="binary"):
        read(b"\x00\x01\x02\x03" * 100)
