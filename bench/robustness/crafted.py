"""Hand-crafted hostile files, one function per class of attack seen in issue 17.

Every builder takes a ``scale`` in (0, 1]: 1 is the full-size attack (up to the 20 MiB file
limit), smaller values give the same structure quicker, for the test suite. Builders return
``(extension, bytes)``.
"""

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

Built = tuple[str, bytes]
Builder = Callable[[Path, float], Built]

W_NS = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _n(full: int, scale: float, floor: int = 10) -> int:
    return max(floor, int(full * scale))


# ---- PDF ----------------------------------------------------------------------------------
def raw_pdf(page_streams: list[bytes], font: bool = True) -> bytes:
    """A minimal valid PDF with one page per content stream (Helvetica as /F1)."""
    count = len(page_streams)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(count))
        + b"] /Count %d >>" % count,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    resources = b"/Resources << /Font << /F1 3 0 R >> >>" if font else b""
    for index, stream in enumerate(page_streams):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] %s /Contents %d 0 R >>"
            % (resources, 5 + 2 * index)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    return write_pdf(objects)


def write_pdf(objects: list[bytes]) -> bytes:
    """A PDF file of ``objects`` (numbered from 1; the first is the catalog) with its xref."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_many_objects(_: Path, scale: float) -> Built:
    """One page holding 300,000 tiny text objects (808 KB → 160 s, 3 GB in the issue)."""
    count = _n(300_000, scale)
    parts = [b"BT /F1 1 Tf %d %d Td (a) Tj ET" % (i % 500, (i // 500) % 800) for i in range(count)]
    return "pdf", raw_pdf([b"\n".join(parts)])


def pdf_dense_pages(_: Path, scale: float) -> Built:
    """50 pages of small dense text: more characters than ``MAX_CHARS`` in all."""
    pages = _n(50, scale, floor=2)
    line = b"(" + b"Cassandra DBA tuning " * 12 + b") Tj T*"
    stream = b"BT /F1 3 Tf 4 TL 5 838 Td " + b"\n".join([line] * 200) + b" ET"
    return "pdf", raw_pdf([stream] * pages)


def pdf_many_pages(_: Path, scale: float) -> Built:
    """More pages than ``max_pages``."""
    pages = _n(5000, scale, floor=60)
    return "pdf", raw_pdf([b"BT /F1 12 Tf 72 720 Td (Page) Tj ET"] * pages)


def pdf_huge_image(_: Path, scale: float) -> Built:
    """A page with visible text over a deflated grey image of up to 30,000 x 30,000 pixels."""
    side = _n(30_000, scale**0.5, floor=100)
    # A zlib stream built from one raw-deflate block of 100 rows repeated after full flushes,
    # with the header and Adler-32 trailer written by hand.
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    rows, rest = b"\x80" * side * 100, b"\x80" * side * (side % 100)
    packed = compressor.compress(rows) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _block in range(side // 100):
        checksum = zlib.adler32(rows, checksum)
    body = packed * (side // 100) + compressor.compress(rest) + compressor.flush()
    image = b"\x78\x9c" + body + struct.pack(">I", zlib.adler32(rest, checksum))
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q BT /F1 12 Tf 72 720 Td (Visible CV text) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R"
        b" >> /XObject << /Im1 6 0 R >> >> /Contents 5 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
        % (side, side, len(image))
        + image
        + b"\nendstream",
    ]
    return "pdf", write_pdf(objects)


def pdf_nested_forms(_: Path, scale: float) -> Built:
    """Deep ``q``/``Q`` nesting and a huge text matrix: graphics-state stress."""
    depth = _n(100_000, scale)
    stream = b"q " * depth + b"BT /F1 12 Tf 72 720 Td (Deep) Tj ET" + b" Q" * depth
    return "pdf", raw_pdf([stream])


# ---- HTML ---------------------------------------------------------------------------------
def html_amplification(_: Path, scale: float) -> Built:
    """Distinct open formatting elements, then many paragraphs that each re-open all of them."""
    opened = "<p>" + "".join(f'<b class="c{i}">' for i in range(500))
    body = "<p>nurse" * _n(60_000, scale)
    return "html", f"<html><body>{opened}{body}</body></html>".encode()


def html_attribute_lt(_: Path, scale: float) -> Built:
    """Deep nesting whose tags hide from a naive tag regex with a ``<`` in an attribute."""
    depth = _n(100_000, scale)
    return "html", ('<div title="a<b">' * depth + "deep text" + "</div>" * depth).encode()


def html_deep_plain(_: Path, scale: float) -> Built:
    """Plain deep nesting of inline and block elements."""
    depth = _n(200_000, scale)
    return "html", ("<span><div>" * depth + "x").encode()


def html_hidden_flood(_: Path, scale: float) -> Built:
    """Megabytes of hidden text around one visible line."""
    hidden = "keyword " * _n(2_300_000, scale)
    return "html", f'<p>Visible CV line</p><div style="display:none">{hidden}</div>'.encode()


def html_many_elements(_: Path, scale: float) -> Built:
    """Millions of tiny elements."""
    return "html", ("<i>a</i>" * _n(2_500_000, scale)).encode()


def html_nested_tables(_: Path, scale: float) -> Built:
    """Tables nested in cells: each cell's layout check searches its whole subtree."""
    depth = _n(20_000, scale)
    return "html", ("<table><tr><td>" * depth + "cell" + "</td></tr></table>" * depth).encode()


def html_unquoted_quote(_: Path, scale: float) -> Built:
    """A stray quote in an unquoted attribute value, then deep nesting."""
    depth = _n(100_000, scale)
    return "html", ('<div x=a"b>' * depth + "text").encode()


# ---- text / Markdown ----------------------------------------------------------------------
def text_markdown_brackets(_: Path, scale: float) -> Built:
    """Unclosed Markdown constructs on one long line (regex backtracking)."""
    size = _n(2_000_000, scale)
    return "md", ("# CV\n" + "[" * size + "](" * size + "**" * (size // 4)).encode()


def text_one_long_line(_: Path, scale: float) -> Built:
    """Twenty megabytes on one line."""
    return "txt", b"nurse " * _n(3_400_000, scale)


# ---- DOCX ---------------------------------------------------------------------------------
def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(members: dict[str, bytes]) -> bytes:
    """Zip ``members`` (deflated) in the given order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def docx_zip_version(docx: Path, _: float) -> Built:
    """Central directory entries claiming "version needed to extract" 9.9."""
    data = bytearray(docx.read_bytes())
    position = data.find(b"PK\x01\x02")
    while position != -1:
        struct.pack_into("<H", data, position + 6, 99)
        position = data.find(b"PK\x01\x02", position + 4)
    return "docx", bytes(data)


def docx_wrong_namespace(docx: Path, _: float) -> Built:
    """``word/document.xml`` in another namespace."""
    members = members_of(docx)
    members["word/document.xml"] = members["word/document.xml"].replace(W_NS, b"urn:not-word")
    return "docx", rezip(members)


def docx_no_namespace(docx: Path, _: float) -> Built:
    """``word/document.xml`` with its namespace declarations and prefixes removed."""
    members = members_of(docx)
    xml = re.sub(rb'\sxmlns(:\w+)?="[^"]*"', b"", members["word/document.xml"])
    members["word/document.xml"] = re.sub(rb"(</?)\w+:", rb"\1", xml)
    return "docx", rezip(members)


def docx_override_without_part(docx: Path, _: float) -> Built:
    """A content-type override that names no part."""
    members = members_of(docx)
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b'PartName="/word/document.xml"', b""
    )
    return "docx", rezip(members)


def docx_external_relationships(docx: Path, _: float) -> Built:
    """Every relationship of the document part marked external."""
    members = members_of(docx)
    members["word/_rels/document.xml.rels"] = members["word/_rels/document.xml.rels"].replace(
        b"/>", b' TargetMode="External"/>'
    )
    return "docx", rezip(members)


def docx_external_main(docx: Path, _: float) -> Built:
    """The package's main-document relationship marked external."""
    members = members_of(docx)
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"/>", b' TargetMode="External"/>')
    return "docx", rezip(members)


def inflating_xml(docx: Path, chunk: bytes, count: int) -> tuple[bytes, int, int]:
    """The example's document part with ``chunk`` repeated ``count`` times in its body.

    Returns the raw deflate stream, the inflated size and its CRC-32, built chunk by chunk so
    that a 2 GB part never sits in memory.
    """
    xml = members_of(docx)["word/document.xml"]
    head, tail = xml.split(b"<w:body>", 1)
    head += b"<w:body>"
    # After a full flush deflate starts afresh, so one compressed block can be repeated.
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    flush = zlib.Z_FULL_FLUSH
    parts = [compressor.compress(head) + compressor.flush(flush)]
    crc, size = zlib.crc32(head), len(head)
    block = chunk * 100_000
    packed = compressor.compress(block) + compressor.flush(flush)
    for _ in range(count // 100_000):
        parts.append(packed)
        crc, size = zlib.crc32(block, crc), size + len(block)
    parts.extend((compressor.compress(tail), compressor.flush()))
    return b"".join(parts), size + len(tail), zlib.crc32(tail, crc)


def docx_huge_part(docx: Path, scale: float) -> Built:
    """A document part that inflates to 2 GB (sizes and CRC declared honestly)."""
    deflated, size, crc = inflating_xml(
        docx, b"<w:p><w:r><w:t>a</w:t></w:r></w:p>", _n(60_000_000, scale, 100_000)
    )
    members = {k: v for k, v in members_of(docx).items() if k != "word/document.xml"}
    return "docx", append_member(rezip(members), "word/document.xml", deflated, size, crc)


def docx_lying_size(docx: Path, scale: float) -> Built:
    """A member whose headers declare a few bytes but whose deflate stream inflates to 2 GB."""
    deflated, size, _ = inflating_xml(
        docx, b"<w:p><w:r><w:t>b</w:t></w:r></w:p>", _n(60_000_000, scale, 100_000)
    )
    members = {k: v for k, v in members_of(docx).items() if k != "word/document.xml"}
    return "docx", append_member(rezip(members), "word/document.xml", deflated, size % 997, 0)


def append_member(archive: bytes, name: str, deflated: bytes, declared: int, crc: int) -> bytes:
    """Add a deflated member to ``archive`` whose headers say ``declared`` bytes and ``crc``."""
    end = archive.rfind(b"PK\x05\x06")
    entries, cd_size, cd_offset = struct.unpack_from("<HII", archive, end + 10)
    encoded = name.encode()
    local = struct.pack(
        "<4sHHHHHIIIHH",
        b"PK\x03\x04",
        20,
        0,
        8,
        0,
        0,
        crc,
        len(deflated),
        declared,
        len(encoded),
        0,
    )
    central = struct.pack(
        "<4sHHHHHHIIIHHHHHII",
        b"PK\x01\x02",
        20,
        20,
        0,
        8,
        0,
        0,
        crc,
        len(deflated),
        declared,
        len(encoded),
        0,
        0,
        0,
        0,
        0,
        cd_offset,
    )
    body = archive[:cd_offset] + local + encoded + deflated
    directory = archive[cd_offset : cd_offset + cd_size] + central + encoded
    tail = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries + 1, entries + 1, len(directory), len(body), 0
    )
    return body + directory + tail


def docx_many_members(docx: Path, scale: float) -> Built:
    """Tens of thousands of empty zip members."""
    members = members_of(docx)
    members.update({f"junk/{i}.bin": b"" for i in range(_n(20_000, scale))})
    return "docx", rezip(members)


def docx_hidden_flood(docx: Path, scale: float) -> Built:
    """Megabytes of ``w:vanish`` text."""
    members = members_of(docx)
    run = b"<w:r><w:rPr><w:vanish/></w:rPr><w:t>" + b"keyword " * 1000 + b"</w:t></w:r>"
    flood = b"<w:p>" + run * _n(4_000, scale) + b"</w:p>"
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + flood, 1
    )
    return "docx", rezip(members)


def docx_deep_xml(docx: Path, scale: float) -> Built:
    """Deeply nested content controls."""
    members = members_of(docx)
    depth = _n(100_000, scale)
    deep = b"<w:sdt><w:sdtContent>" * depth + b"</w:sdtContent></w:sdt>" * depth
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + deep, 1
    )
    return "docx", rezip(members)


def docx_many_paragraphs(docx: Path, scale: float) -> Built:
    """Half a million short paragraphs (within the unpacked-size ceiling)."""
    members = members_of(docx)
    body = b"<w:p><w:r><w:t>Cassandra</w:t></w:r></w:p>" * _n(500_000, scale)
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"<w:body>", b"<w:body>" + body, 1
    )
    return "docx", rezip(members)


BUILDERS: dict[str, Builder] = {
    f.__name__: f
    for f in (
        pdf_many_objects,
        pdf_dense_pages,
        pdf_many_pages,
        pdf_nested_forms,
        pdf_huge_image,
        html_amplification,
        html_attribute_lt,
        html_deep_plain,
        html_hidden_flood,
        html_many_elements,
        html_nested_tables,
        html_unquoted_quote,
        text_markdown_brackets,
        text_one_long_line,
        docx_zip_version,
        docx_wrong_namespace,
        docx_no_namespace,
        docx_override_without_part,
        docx_external_relationships,
        docx_external_main,
        docx_huge_part,
        docx_lying_size,
        docx_many_members,
        docx_hidden_flood,
        docx_deep_xml,
        docx_many_paragraphs,
    )
}
"""Every crafted attack by name; DOCX builders start from an example DOCX."""
