import codecs
import io
import struct
import zipfile

import docx
import pytest

from cvmatch.documents.docx import DocxReader
from cvmatch.documents.html import HtmlReader
from cvmatch.documents.sniff import (
    EXTENSION_FORMATS,
    formats_compatible,
    is_encrypted_ooxml,
    sniff_format,
)
from cvmatch.documents.text import TextReader


def ole_file(*streams: str, body: bytes = b"") -> bytes:
    entries = b""
    for name in ("Root Entry", *streams):
        encoded = name.encode("utf-16-le")
        entries += encoded.ljust(64, b"\x00") + struct.pack("<H", len(encoded) + 2).ljust(
            64, b"\x00"
        )
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".ljust(512, b"\x00") + entries + body


def zip_with(*members: tuple[str, bytes], stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, body) in enumerate(members):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, body, compress_type=method)
    return buffer.getvalue()


@pytest.fixture
def docx_bytes(tmp_path) -> bytes:
    document = docx.Document()
    document.add_paragraph("Anna Lee")
    path = tmp_path / "cv.docx"
    document.save(str(path))
    return path.read_bytes()


def test_docx_whole_and_cut_short(docx_bytes):
    assert sniff_format(docx_bytes) == "docx"
    # Callers pass only the first bytes: the central directory is then missing.
    assert sniff_format(docx_bytes[:4000]) == "docx"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
        (b"junk before the header\r\n%PDF-1.4", "pdf"),
        (b"{\\rtf1\\ansi Anna}", "rtf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpeg"),
        (b"GIF89a\x01\x00", "gif"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "exe"),
        (b"\x7fELF\x02\x01\x01\x00", "elf"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
    ],
)
def test_magic_bytes(data, expected):
    assert sniff_format(data) == expected


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ((("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")), "xlsx"),
        ((("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>")), "pptx"),
        ((("notes.txt", b"hello"),), "zip"),
    ],
)
def test_zip_based_formats(members, expected):
    assert sniff_format(zip_with(*members)) == expected


def test_odt_is_recognised_by_its_mimetype_member():
    data = zip_with(
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<office:document-content/>"),
        stored_first=True,
    )
    assert sniff_format(data) == "odt"


def test_ole_files():
    encrypted = ole_file("EncryptionInfo", "EncryptedPackage")
    assert sniff_format(encrypted) == "docx-encrypted"
    assert is_encrypted_ooxml(encrypted)
    assert sniff_format(ole_file("WordDocument")) == "doc"
    assert sniff_format(ole_file("Workbook")) == "xls"


def test_encryption_name_in_body_text_is_not_a_directory_entry():
    body = b"\x00" * 3 + "EncryptionInfo".encode("utf-16-le")  # not on a 128-byte boundary
    data = ole_file("WordDocument", body=body)
    assert not is_encrypted_ooxml(data)
    assert sniff_format(data) == "doc"


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body><p>Hi</p></body></html>",
        b"\xef\xbb\xbf\n  <html lang='fr'><p>Bonjour</p>",
        b"<!-- exported --><!doctype HTML><p>x</p>",
        b"<div><p>Anna</p></div>",
        b"Intro line\n<p>one</p><p>two</p><br>",
        b"<?xml version='1.0'?><html xmlns='http://www.w3.org/1999/xhtml'><body/></html>",
        codecs.BOM_UTF16_LE + "<html><body>Größe</body></html>".encode("utf-16-le"),
    ],
)
def test_html(data):
    assert sniff_format(data) == "html"


@pytest.mark.parametrize(
    "data",
    [
        b"Anna Lee\nData engineer",
        "Développeur à Zürich".encode("cp1252"),
        b"# CV\n\nUse the <p> tag for paragraphs",
        "Größe und Gewicht".encode("utf-16-le"),
    ],
)
def test_text(data):
    assert sniff_format(data) == "text"


@pytest.mark.parametrize("data", [b"", b"\x00\x01\x02\x03\x04\x05\x06\x07" * 64])
def test_unknown(data):
    assert sniff_format(data) is None


def test_every_reader_extension_maps_to_its_reader():
    readers = (DocxReader(), TextReader(), HtmlReader())
    expected = {ext: reader.name for reader in readers for ext in reader.extensions}
    expected[".pdf"] = "pdf"
    assert expected == EXTENSION_FORMATS


@pytest.mark.parametrize(
    ("extension_format", "content_format", "compatible"),
    [
        ("text", "text", True),
        ("text", "html", True),
        ("html", "text", True),
        ("docx", "docx", True),
        ("docx", "docx-encrypted", True),
        ("docx", "doc", True),
        ("docx", "zip", True),
        ("docx", "pdf", False),
        ("pdf", "docx", False),
        ("text", "png", False),
        ("html", "rtf", False),
        ("pdf", None, True),
        ("unknown", "text", False),
    ],
)
def test_formats_compatible(extension_format, content_format, compatible):
    assert formats_compatible(extension_format, content_format) is compatible
