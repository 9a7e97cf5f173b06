"""What a file really is, from its bytes, whatever its name says.

:func:`sniff_format` returns a reader name (``pdf``, ``docx``, ``html``, ``text``) or the name
of a known format cvmatch does not read (``doc``, ``docx-encrypted``, ``odt``, ``rtf``, ``png``,
...) so the caller can tell the user what the file is; ``None`` means unknown binary. It needs
only the first bytes of a file (64 KiB is plenty).

>>> sniff_format(b"%PDF-1.7 ...")
'pdf'
>>> sniff_format(b"<!DOCTYPE html><p>Hi</p>")
'html'
>>> formats_compatible("docx", "pdf")
False
"""

import io
import re
import struct
import zipfile

from cvmatch.documents.text import decode_text, looks_like_text
from cvmatch.errors import UnsupportedFormatError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
"""Start of an OLE compound file: legacy Office, and password-protected Office 2007+ files."""

EXTENSION_FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".markdown": "text",
    ".html": "html",
    ".htm": "html",
}
"""Lowercase file extension → name of the reader for it."""

# Content that a reader handles itself, with a precise error when needed: a .docx holding a
# legacy .doc or an encrypted package gets "save it as .docx" or "remove the password" from the
# DOCX reader; Markdown may embed HTML and an .html file may hold plain text.
_COMPATIBLE: dict[str, frozenset[str]] = {
    "pdf": frozenset({"pdf"}),
    "docx": frozenset({"docx", "docx-encrypted", "doc", "zip"}),
    "text": frozenset({"text", "html"}),
    "html": frozenset({"html", "text"}),
}
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"\x7fELF", "elf"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"SQLite format 3\x00", "sqlite"),
    (b"%!PS", "postscript"),
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_ZIP_PREFIXES = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
_ODF_TYPES = (
    (b"application/vnd.oasis.opendocument.text", "odt"),
    (b"application/vnd.oasis.opendocument.spreadsheet", "ods"),
    (b"application/vnd.oasis.opendocument.presentation", "odp"),
    (b"application/epub+zip", "epub"),
)
_OLE_STREAMS = (("WordDocument", "doc"), ("Workbook", "xls"), ("PowerPoint Document", "ppt"))
_HTML_TAGS = re.compile(r"<(?:body|head|title|meta|p|div|span|h[1-6]|table|ul|ol|li|br)\b")
_OLE_ENTRY = 128  # bytes per OLE directory entry; entries start at multiples of 128


def ole_has_stream(data: bytes, name: str) -> bool:
    """Whether the OLE compound file ``data`` has a directory entry called ``name``.

    Directory entries sit at 128-byte boundaries and store their name in UTF-16LE followed by
    its byte length (terminator included) at offset 64; both are checked so body text that
    happens to spell the name does not count.
    """
    needle = name.encode("utf-16-le")
    length = struct.pack("<H", len(needle) + 2)
    position = data.find(needle)
    while position != -1:
        if position % _OLE_ENTRY == 0 and data[position + 64 : position + 66] == length:
            return True
        position = data.find(needle, position + 1)
    return False


def is_encrypted_ooxml(data: bytes) -> bool:
    """Whether ``data`` is a password-protected Office 2007+ file (an OLE file, not a zip)."""
    return data.startswith(OLE_MAGIC) and (
        ole_has_stream(data, "EncryptionInfo") or ole_has_stream(data, "EncryptedPackage")
    )


def _ole_format(data: bytes) -> str:
    if is_encrypted_ooxml(data):
        return "docx-encrypted"
    for stream, name in _OLE_STREAMS:
        if ole_has_stream(data, stream):
            return name
    return "doc"  # the directory may lie beyond the sample; a Word file is the likely case


def _zip_names(data: bytes) -> list[str]:
    """Member names from the central directory, or from local headers when ``data`` is cut short."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, struct.error):
        pass  # e.g. "zip file version 9.9": fall back to the local headers
    names: list[str] = []
    position = data.find(b"PK\x03\x04")
    while position != -1 and position + 30 <= len(data) and len(names) < 1000:  # noqa: PLR2004
        (size,) = struct.unpack_from("<H", data, position + 26)
        names.append(data[position + 30 : position + 30 + size].decode("cp437"))
        position = data.find(b"PK\x03\x04", position + 30 + size)
    return names


def _zip_format(data: bytes) -> str:
    for mime, name in _ODF_TYPES:
        if mime in data[:256]:  # ODF/EPUB store their "mimetype" member first, uncompressed
            return name
    names = _zip_names(data)
    for prefix, name in _ZIP_PREFIXES:
        if any(member.startswith(prefix) for member in names):
            return name
    return "zip"


def _looks_like_html(data: bytes) -> bool:
    try:
        text = decode_text(data[:4096])
    except UnsupportedFormatError:
        return False
    head = text.lstrip("\ufeff \t\r\n").lower()[:2048]
    while head.startswith("<!--") and "-->" in head:
        head = head.split("-->", 1)[1].lstrip()
    if head.startswith(("<!doctype html", "<html")) or "<body" in head:
        return True
    if head.startswith("<?xml"):
        return "<html" in head
    tags = len(_HTML_TAGS.findall(head))
    return tags >= 3 or (head.startswith("<") and tags >= 1)  # noqa: PLR2004


def _binary_format(data: bytes) -> str | None:
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data.startswith(b"MZ") and b"\x00" in data[:64]:  # DOS/Windows executable header
        return "exe"
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    return None


def sniff_format(data: bytes) -> str | None:
    """Return the format ``data`` really holds (see the module docstring), or None if unknown."""
    if not data:
        return None
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return _ole_format(data)
    if data.startswith(_ZIP_MAGIC):
        return _zip_format(data)
    known = _binary_format(data)
    if known is not None or not looks_like_text(data):
        return known
    return "html" if _looks_like_html(data) else "text"


def formats_compatible(extension_format: str, content_format: str | None) -> bool:
    """Whether a file named as ``extension_format`` may be read although it holds ``content_format``.

    Text and HTML accept each other (Markdown may embed HTML; an ``.html`` file may be plain
    text); ``.docx`` accepts legacy, encrypted or damaged Office content so the DOCX reader can
    say exactly what is wrong. Unknown content (None) is left to the reader.

    >>> formats_compatible("text", "html"), formats_compatible("pdf", "docx")
    (True, False)
    """
    if content_format is None:
        return extension_format in _COMPATIBLE
    return content_format in _COMPATIBLE.get(extension_format, frozenset())
