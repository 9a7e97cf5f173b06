import codecs
import random

import pytest

from cvmatch.documents.base import Limits
from cvmatch.documents.text import (
    TextReader,
    clean_text,
    decode_text,
    looks_like_markdown,
    looks_like_text,
    strip_markdown,
)
from cvmatch.errors import EmptyDocumentError, UnsupportedFormatError

FRENCH = "Ingénieur logiciel expérimenté à Montréal, très motivé : réseaux, sécurité."
GERMAN = "Softwareentwicklerin aus München. Größe des Teams: 12. Schöne Grüße, Jürgen Weiß."
SPANISH = "Ingeniero de análisis y diseño en España; año 2021, señor Muñoz. ¿Disponible? ¡Sí!"
TYPOGRAPHY = "Budget 10 € \u2013 “quoted” \u2014 \u2018single\u2019 • bullet…"


def read(data: bytes, **options):
    return TextReader(**options).read(data, Limits())


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH, TYPOGRAPHY, "Größe", "Año niño"])
@pytest.mark.parametrize(
    "encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252"]
)
def test_decodes_western_text_in_any_encoding(text, encoding):
    assert decode_text(text.encode(encoding)) == text


@pytest.mark.parametrize("text", [FRENCH, GERMAN, SPANISH])
def test_latin1_bytes(text):
    assert read(text.encode("latin-1")).text == text


def test_non_western_legacy_encoding_goes_to_charset_normalizer():
    russian = "Программист Python с опытом работы пять лет в Москве и Санкт-Петербурге."
    assert decode_text(russian.encode("cp1251")) == russian


def test_utf32_bom():
    assert decode_text(codecs.BOM_UTF32_LE + FRENCH.encode("utf-32-le")) == FRENCH


def test_newlines_and_control_characters_are_cleaned():
    data = b"Anna Lee\r\nPython\rSQL\x00 and\x07 Go\tRust\x0cPage 2\n"
    assert read(data).text == "Anna Lee\nPython\nSQL and Go\tRust\nPage 2"


def test_decomposed_accents_are_composed():
    assert clean_text("Re\u0301sume\u0301") == "Résumé"


def test_plain_text_is_left_alone():
    text = "Skills: C++, C#, my_var_name, 2*3*4 = 24\n* bullet item\n- dash item"
    assert read(text.encode()).text == text


def test_markdown_markup_is_stripped():
    source = "\n".join(
        [
            "# Anna Lee #",
            "Data *engineer* at **ACME** and __Initech__, ~~not~~ now [my site](https://a.example/x).",
            "![photo](me.png)",
            "> quoted line",
            "",
            "## Skills",
            "| Skill | Years |",
            "|-------|:-----:|",
            "| SQL   | 5     |",
            "Inline `a*b*c` code and <https://b.example>.",
            "---",
            "```python",
            "x = **kwargs",
            "```",
            "See [the ref][1].",
            "[1]: https://c.example",
        ]
    )
    assert read(source.encode()).text.split("\n") == [
        "Anna Lee",
        "Data engineer at ACME and Initech, not now my site.",
        "",
        "quoted line",
        "",
        "Skills",
        "| Skill | Years |",
        "| SQL   | 5     |",
        "Inline a*b*c code and https://b.example.",
        "x = **kwargs",
        "See the ref.",
    ]


def test_markdown_can_be_forced_off():
    assert read(b"# Title\n**bold**", markdown=False).text == "# Title\n**bold**"


def test_markdown_detection():
    assert looks_like_markdown("## Experience\nACME")
    assert looks_like_markdown("see [x](https://y.example)")
    assert not looks_like_markdown("Experience\nACME, 2019 - 2023 * Python")


def test_hostile_markdown_lines_finish():
    line = "*" * 100_000 + "[" * 50_000 + "_a" * 50_000
    assert strip_markdown(line).startswith("*")


@pytest.mark.parametrize(
    "data",
    [
        random.Random(0).randbytes(4000),  # noqa: S311 - test data, not a secret
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 200,
        b"\x01\x02\x03\x04\x05" * 100,
    ],
    ids=["random", "png", "controls"],
)
def test_binary_is_refused(data):
    assert not looks_like_text(data)
    with pytest.raises(UnsupportedFormatError, match="binary data, not text"):
        read(data)


def test_a_few_stray_nuls_are_tolerated():
    data = ("Experience at ACME " * 20).encode() + b"\x00"
    assert read(data).text.startswith("Experience at ACME")


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\xef\xbb\xbf"])
def test_empty_is_refused(data):
    with pytest.raises(EmptyDocumentError):
        read(data)
