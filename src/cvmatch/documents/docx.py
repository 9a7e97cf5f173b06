"""DOCX reader: paragraphs and tables in document order, then headers and footers.

python-docx opens the package; the text is read from its XML so that content controls
(``w:sdt``, common in CV templates), hyperlinks, tracked insertions and text boxes are not lost
(a text box's lines follow the paragraph it is anchored in; deleted text is skipped).
A table row becomes one line with its cells joined by `` | ``. Merged cells appear once: the
XML holds one ``w:tc`` per merged span and empty continuation cells are skipped. A row whose
cells hold several paragraphs is a layout table (a two-column CV), so each paragraph becomes a
line of its own. Headers and footers come after the body: they often hold contact details.

Hidden text (kept out of ``text``, returned as ``hidden_text`` with :attr:`Flag.HIDDEN_TEXT`):
see :mod:`~cvmatch.documents.docx_visibility` (vanished, tiny, squeezed, or too close in colour
to what lies behind; text boxes and frames off the page).

Refused: password-protected files (:class:`EncryptedDocumentError`), legacy ``.doc`` files
(:class:`UnsupportedFormatError`), damaged zips, XML or packages (wrong namespaces, overrides
without a part name, external relationships to required parts: :class:`CorruptDocumentError`),
and zip bombs (:class:`DocumentTooLargeError`): the sizes the zip declares are added up before
anything is decompressed, then the XML parts are inflated in small chunks under a hard cap
(``Limits.max_unpacked_bytes``, whatever the zip declares) and their tags counted against
``max_elements``; pictures and fonts are never inflated. python-docx reads that clean copy.
"""

import io
import logging
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree  # type: ignore[import-untyped]  # no stubs; installed by python-docx

from cvmatch.documents.base import Budget, Limits, RawText, Reader
from cvmatch.documents.docx_shapes import read_theme
from cvmatch.documents.docx_visibility import DocxVisibility, Styles, theme_root
from cvmatch.documents.sniff import OLE_MAGIC, is_encrypted_ooxml
from cvmatch.errors import (
    CorruptDocumentError,
    DocumentTooLargeError,
    EncryptedDocumentError,
    UnsupportedFormatError,
)
from cvmatch.types import Flag

logger = logging.getLogger(__name__)

MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
"""Ceiling on the summed uncompressed size of a DOCX's zip members (200 MiB) ..."""
UNCOMPRESSED_RATIO = 20
"""... or this many times ``Limits.max_bytes``, whichever is smaller."""
MAX_MEMBERS = 10_000
"""A DOCX with more zip members than this is refused."""

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": _W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
}
_BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    NotImplementedError,
    OverflowError,
    struct.error,
    etree.LxmlError,  # XMLSyntaxError, XPathEvalError, ...
    PackageNotFoundError,
)
_MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".jpe", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".ico"),
    *(".emf", ".wmf", ".emz", ".wmz", ".wdp", ".jxr", ".bin", ".odttf", ".ttf", ".otf"),
    *(".fntdata", ".mp3", ".mp4", ".m4a", ".wav", ".wma", ".avi", ".mov", ".wmv"),
)
"""Parts no text comes from (pictures, fonts, media, embedded objects): never inflated."""
_CHUNK = 1024 * 1024


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _R, _T, _TBL, _BR = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("br")
_VAL = _w("val")
_RUN_CHARS = {_w("tab"): "\t", _w("ptab"): "\t", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
_CONTAINERS = frozenset((_w("sdt"), _w("sdtContent"), _w("customXml"), _w("smartTag")))
# Paragraph content that is not the paragraph's own visible text: deletions, drawings and text
# boxes (read separately), and the fallback copy of alternate content.
_NOT_RUN_TEXT = frozenset(
    (_w("del"), _w("moveFrom"), _w("drawing"), _w("pict"), _w("object"), f"{{{_NS['mc']}}}Fallback")
)
_ROWS = etree.XPath("w:tr | w:sdt/w:sdtContent/w:tr | w:customXml/w:tr", namespaces=_NS)
_CELLS = etree.XPath("w:tc | w:sdt/w:sdtContent/w:tc | w:customXml/w:tc", namespaces=_NS)
_TEXT_BOXES = etree.XPath(".//w:txbxContent[not(ancestor::mc:Fallback)]", namespaces=_NS)


def _run_text(run: Any) -> str:
    parts: list[str] = []
    for child in run:
        if child.tag == _T:
            parts.append(child.text or "")
        elif child.tag == _BR and child.get(_w("type")) in (None, "textWrapping"):
            parts.append("\n")  # page and column breaks are layout, not text
        else:
            parts.append(_RUN_CHARS.get(child.tag, ""))
    return "".join(parts)


def _runs(paragraph: Any) -> Iterator[Any]:
    """The paragraph's runs in order, inside hyperlinks, fields and insertions included."""
    stack = list(reversed(paragraph))
    while stack:
        element = stack.pop()
        if element.tag == _R:
            yield element
        elif element.tag not in _NOT_RUN_TEXT:
            stack.extend(reversed(element))


def _join_lines(lines: list[str]) -> str:
    """One line per entry; blank lines collapsed to one and trimmed at both ends."""
    kept: list[str] = []
    for line in (line.rstrip() for line in lines):
        if line.strip() or (kept and kept[-1]):
            kept.append(line)
    return "\n".join(kept).strip("\n")


class _Extractor:
    """Walks WordprocessingML blocks, sorting run text into visible and hidden."""

    def __init__(self, visibility: DocxVisibility, budget: Budget | None = None) -> None:
        self.visibility = visibility
        self.hidden: list[str] = []
        self.tables = False
        self.budget = budget or Budget(Limits())
        self.hidden_room = self.budget.limits.max_hidden_chars

    def blocks(self, container: Any) -> list[str]:
        """Lines of the paragraphs and tables directly in ``container`` (body, cell, text box)."""
        lines: list[str] = []
        for child in container:
            self.budget.checkpoint()
            if child.tag == _P:
                lines.append(self.paragraph(child))
                lines.extend(self.text_boxes(child))
            elif child.tag == _TBL:
                lines.extend(self.table(child))
            elif child.tag in _CONTAINERS:
                lines.extend(self.blocks(child))
        return lines

    def paragraph(self, paragraph: Any) -> str:
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        style_id = style.get(_VAL) if style is not None else None
        visible: list[str] = []
        hidden: list[str] = []
        off_page = self.visibility.frame_hidden(paragraph)
        for run in _runs(paragraph):
            text = _run_text(run)
            if text:
                unseen = off_page or self.visibility.run_hidden(run, style_id)
                (hidden if unseen else visible).append(text)
        if "".join(hidden).strip() and self.hidden_room > 0:
            self.hidden.append("".join(hidden).strip()[: self.hidden_room])
            self.hidden_room -= len(self.hidden[-1])
        self.budget.add_chars(sum(map(len, visible)))
        return "".join(visible)

    def text_boxes(self, paragraph: Any) -> list[str]:
        """Lines of the text boxes anchored in ``paragraph`` (not those of nested paragraphs)."""
        lines: list[str] = []
        for box in _TEXT_BOXES(paragraph):
            if next(box.iterancestors(_P), None) is not paragraph:
                continue
            if self.visibility.box_hidden(box):  # placed off the page: all of it is hidden
                self.hidden.append(_join_lines(self.blocks(box)))
            else:
                lines.extend(self.blocks(box))
        return lines

    def table(self, table: Any) -> list[str]:
        lines: list[str] = []
        for row in _ROWS(table):
            cells = [[line for line in self.blocks(cell) if line.strip()] for cell in _CELLS(row)]
            if any(len(cell) > 1 for cell in cells):  # layout row: paragraphs stay lines
                lines.extend(line for cell in cells for line in cell)
            elif joined := " | ".join(cell[0].strip() for cell in cells if cell):
                lines.append(joined)
        self.tables |= bool(lines)
        return lines


def _refuse_ole(data: bytes) -> None:
    """An OLE file is either a password-protected DOCX or a legacy Word 97-2003 ``.doc``."""
    if not data.startswith(OLE_MAGIC):
        return
    if is_encrypted_ooxml(data):
        raise EncryptedDocumentError(
            "this DOCX is password-protected; remove the password in Word "
            "(File > Info > Protect Document) and save it again, or export it to PDF"
        )
    raise UnsupportedFormatError(
        "this is a legacy Word 97-2003 .doc file, not a .docx; open it in Word or LibreOffice "
        "and save it as .docx or PDF"
    )


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _BROKEN as error:
        raise CorruptDocumentError(
            f"this DOCX is damaged or is not a Word document ({error}); "
            "open it in Word and save it again, or export it to PDF"
        ) from error


def _check_members(members: list[zipfile.ZipInfo], limits: Limits) -> None:
    """Refuse zip bombs by what the zip declares, and encrypted members, before inflating."""
    ceiling = min(MAX_UNCOMPRESSED_BYTES, UNCOMPRESSED_RATIO * limits.max_bytes)
    if len(members) > MAX_MEMBERS:
        raise DocumentTooLargeError(
            f"this DOCX holds {len(members):,} files; the limit is {MAX_MEMBERS:,}"
        )
    total = sum(member.file_size for member in members)
    if total > ceiling:
        raise DocumentTooLargeError(
            f"this DOCX unpacks to {total:,} bytes; the limit is {ceiling:,} "
            f"({UNCOMPRESSED_RATIO}x CVMATCH_MAX_FILE_BYTES, at most {MAX_UNCOMPRESSED_BYTES:,})"
        )
    if any(member.flag_bits & 0x1 for member in members):
        raise EncryptedDocumentError(
            "this DOCX's zip is password-protected; save it without a password"
        )


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, room: int, limit: int) -> bytes:
    """Inflate ``member`` chunk by chunk, never past ``room`` bytes, whatever it declares.

    ``zipfile`` stops at the declared size and then checks the CRC, but reading a member whole
    lets zlib inflate up to 2 GB in one call first; small reads keep each call small.
    """
    chunks: list[bytes] = []
    size = 0
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            if size > room:
                raise DocumentTooLargeError(
                    f"this DOCX's XML unpacks to more than {limit:,} bytes "
                    "(set CVMATCH_MAX_UNPACKED_BYTES to change the limit)"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _unpack(data: bytes, budget: Budget) -> bytes:
    """A clean copy of the package: parts inflated under the budget, media parts emptied.

    Refuses damaged zips, encrypted members and zip bombs; parts are streamed with a hard cap
    on their total size and their tags count against ``max_elements``. Pictures, fonts and other
    media are never inflated (no text comes from them). python-docx then reads this copy
    (stored, not deflated) instead of the hostile original.
    """
    limits = budget.limits
    room = limits.max_unpacked_bytes
    out = io.BytesIO()
    with _open_zip(data) as archive, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        members = archive.infolist()
        _check_members(members, limits)
        for member in members:
            budget.checkpoint()
            if member.filename.lower().endswith(_MEDIA_SUFFIXES):
                clean.writestr(member.filename, b"")
                continue
            try:
                part = _inflate(archive, member, room, limits.max_unpacked_bytes)
            except _BROKEN as error:
                raise CorruptDocumentError(
                    f"this DOCX is damaged ({member.filename}: {error}); "
                    "open it in Word and save it again, or export it to PDF"
                ) from error
            room -= len(part)
            budget.add_elements(part.count(b"<"), "XML tags")
            clean.writestr(member.filename, part)
    return out.getvalue()


def _parts(document: Any, relationship: str) -> list[Any]:
    rels = document.part.rels.values()
    return [r.target_part.element for r in rels if not r.is_external and r.reltype == relationship]


class DocxReader(Reader):
    """Reads ``.docx`` files (see the module docstring for layout and hidden-text rules)."""

    name = "docx"
    extensions = (".docx",)

    def _read(self, data: bytes, budget: Budget) -> RawText:
        _refuse_ole(data)
        package = _unpack(data, budget)
        try:
            return _extract(package, budget)
        except (*_BROKEN, AttributeError, TypeError) as error:
            # python-docx's package reader and part loading assume a well-formed package
            # (namespaced parts, part names on every override, internal relationships).
            logger.debug("python-docx could not open the package", exc_info=error)
            reason = (
                "its package is malformed: a part, relationship or content type is missing or "
                "invalid"
                if isinstance(error, (AttributeError, TypeError))
                else str(error)
            )
            raise CorruptDocumentError(
                f"this DOCX cannot be opened ({reason}); open it in Word and save it again, "
                "or export it to PDF"
            ) from error


def _extract(package: bytes, budget: Budget) -> RawText:
    """Text of the clean ``package``: body, then headers and footers (module docstring)."""
    document = docx.Document(io.BytesIO(package))
    if document.element.tag != _w("document") or document.element.body is None:
        raise CorruptDocumentError(
            "this DOCX's main part is not a WordprocessingML document; open it in Word and "
            "save it again, or export it to PDF"
        )
    margins = _parts(document, RT.HEADER) + _parts(document, RT.FOOTER)
    themes = [
        r.target_part.blob
        for r in document.part.rels.values()
        if not r.is_external and r.reltype == RT.THEME
    ]
    visibility = DocxVisibility(
        Styles(document.styles.element),
        read_theme(theme_root(themes[0] if themes else None)),
        document.element.body,
        margins,
    )
    extractor = _Extractor(visibility, budget=budget)
    lines = extractor.blocks(document.element.body)
    seen: set[str] = set()
    for root in margins:
        extra = [line for line in extractor.blocks(root) if line.strip() not in seen]
        seen.update(line.strip() for line in extra)
        lines.extend(["", *extra])
    hidden = "\n".join(line for line in extractor.hidden if line)
    flags = [Flag.HIDDEN_TEXT] if hidden else []
    if extractor.tables:
        flags.append(Flag.TABLES)
    return RawText(text=_join_lines(lines), hidden_text=hidden, flags=tuple(flags))
