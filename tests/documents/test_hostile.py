"""Hostile files of issue 17 end in a documented error (or a bounded read), never a crash.

The inputs come from the fuzz bench's crafted attacks (``bench/robustness/crafted.py``), at
scales small enough for the test suite.
"""

from pathlib import Path

import pytest
from bench.robustness import crafted

from cvmatch.documents.base import Limits
from cvmatch.documents.html import HtmlReader
from cvmatch.documents.loader import load_document
from cvmatch.documents.pdf import MAX_PAGE_CHARS
from cvmatch.errors import CorruptDocumentError, DocumentTooLargeError
from cvmatch.types import DocumentKind, Flag

DOCX = (
    Path(__file__).resolve().parents[2] / "examples" / "cvs" / "maya-okafor-frontend-engineer.docx"
)


def load(tmp_path: Path, name: str, scale: float = 1.0, limits: Limits | None = None):
    ext, data = crafted.BUILDERS[name](DOCX, scale)
    path = tmp_path / f"{name}.{ext}"
    path.write_bytes(data)
    return load_document(path, DocumentKind.CV, limits)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("docx_zip_version", "zip file version"),
        ("docx_wrong_namespace", "not a WordprocessingML document"),
        ("docx_no_namespace", "cannot be opened .*not defined"),
        ("docx_override_without_part", "package is malformed"),
        ("docx_external_relationships", "cannot be opened .*External"),
        ("docx_external_main", "cannot be opened .*External"),
    ],
)
def test_malformed_docx_packages_are_corrupt_documents(tmp_path, name, message):
    with pytest.raises(CorruptDocumentError, match=message):
        load(tmp_path, name)


def test_docx_member_lying_about_its_size_is_not_inflated(tmp_path):
    # The deflate stream holds 21 MB; the headers declare a few hundred bytes. Reading stops
    # at the declared size and the CRC check refuses the member.
    with pytest.raises(CorruptDocumentError, match=r"word/document\.xml"):
        load(tmp_path, "docx_lying_size", 0.01)


def test_docx_xml_past_the_unpacked_ceiling_is_refused_while_streaming(tmp_path):
    limits = Limits(max_unpacked_bytes=2_000_000)
    with pytest.raises(DocumentTooLargeError, match="more than 2,000,000 bytes"):
        load(tmp_path, "docx_huge_part", 0.01, limits)


def test_docx_with_too_many_tags_is_refused_before_parsing(tmp_path):
    with pytest.raises(DocumentTooLargeError, match="XML tags"):
        load(tmp_path, "docx_huge_part", 0.01)


def test_docx_characters_are_counted_during_extraction(tmp_path):
    with pytest.raises(DocumentTooLargeError, match="more than 100,000 characters"):
        load(tmp_path, "docx_many_paragraphs", 0.05, Limits(max_chars=100_000))


def test_docx_hidden_text_is_capped_and_flagged(tmp_path):
    document = load(tmp_path, "docx_hidden_flood", 0.01, Limits(max_hidden_chars=5_000))
    assert Flag.HIDDEN_TEXT in document.flags
    assert 0 < len(document.hidden_text) <= 5_000


def test_html_formatting_amplification_is_refused(tmp_path):
    with pytest.raises(DocumentTooLargeError, match="elements"):
        load(tmp_path, "html_amplification")


def test_html_lt_in_attribute_does_not_bypass_the_nesting_limit():
    depth = 20_000
    raw = HtmlReader().read(('<div title="a<b">' * depth + "deep text").encode(), Limits())
    assert raw.text == "deep text"


def test_html_hidden_text_is_capped(tmp_path):
    document = load(tmp_path, "html_hidden_flood", 0.01, Limits(max_hidden_chars=1_000))
    assert document.text == "Visible CV line"
    assert len(document.hidden_text) <= 1_000
    assert Flag.HIDDEN_TEXT in document.flags


def test_html_visible_characters_are_counted_while_walking():
    html = "<p>" + "word " * 50_000 + "</p>"
    with pytest.raises(DocumentTooLargeError, match="more than 1,000 characters"):
        HtmlReader().read(html.encode(), Limits(max_chars=1_000))


def test_pdf_page_with_too_many_characters_is_refused_before_reading_them(tmp_path):
    with pytest.raises(DocumentTooLargeError, match=f"page 1 .* the limit is {MAX_PAGE_CHARS:,}"):
        load(tmp_path, "pdf_many_objects", 0.2)


def test_pdf_objects_count_against_the_element_ceiling(tmp_path):
    with pytest.raises(DocumentTooLargeError, match="objects on its pages"):
        load(tmp_path, "pdf_many_objects", 0.01, Limits(max_elements=1_000))


def test_pdf_characters_are_checked_page_by_page(tmp_path):
    line = b"(" + b"Cassandra DBA " * 8 + b") Tj T*"
    page = b"BT /F1 6 Tf 8 TL 20 820 Td " + b"\n".join([line] * 90) + b" ET"
    path = tmp_path / "dense.pdf"
    path.write_bytes(crafted.raw_pdf([page] * 40))  # ~10,000 characters a page
    with pytest.raises(DocumentTooLargeError, match="more than 30,000 characters of text"):
        load_document(path, DocumentKind.CV, Limits(max_chars=30_000))


def test_pdf_image_too_large_to_decode_is_refused_before_rendering(tmp_path):
    with pytest.raises(DocumentTooLargeError, match="pixel image"):
        load(tmp_path, "pdf_huge_image", 0.1)  # 9,487 x 9,487 pixels


def test_pdf_image_of_a_normal_scan_size_is_read(tmp_path):
    assert load(tmp_path, "pdf_huge_image", 0.001).text == "Visible CV text"


def test_docx_pictures_are_never_inflated(tmp_path):
    # A picture member whose deflate stream inflates to 210 MB while declaring 7 bytes: reading
    # it would fail its CRC (or blow the unpacked ceiling); it is never read at all.
    deflated, _, _ = crafted.inflating_xml(DOCX, b"\x00" * 35, 6_000_000)
    members = crafted.members_of(DOCX)
    package = crafted.append_member(crafted.rezip(members), "word/media/image9.png", deflated, 7, 0)
    path = tmp_path / "cv.docx"
    path.write_bytes(package)
    limits = Limits(max_unpacked_bytes=5_000_000)
    assert "Maya" in load_document(path, DocumentKind.CV, limits).text
