r"""Plain-text and Markdown reader, plus the byte-decoding helpers the HTML reader and sniffing share.

Decoding order: a byte-order mark wins; UTF-16 without a BOM is recognised by its NUL pattern;
then strict UTF-8; then Windows-1252 when the text reads like a Western European language (the
short French, German or Spanish CVs that charset-normalizer misreads as Big5 or EBCDIC); then
charset-normalizer. Binary data (NULs, control bytes) raises :class:`UnsupportedFormatError`.

Markdown is recognised by its content (the reader only sees bytes) and reduced to its text:
heading marks, emphasis, link syntax and images go; code blocks stay as text.

>>> TextReader().read("# Anna Lee\n**Python** [site](https://a.b)".encode(), Limits()).text
'Anna Lee\nPython site'
"""

import codecs
import re
import unicodedata
from typing import Any

from charset_normalizer import from_bytes

from cvmatch.documents.base import Budget, Limits, RawText, Reader  # noqa: F401 - the doctest
from cvmatch.errors import UnsupportedFormatError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 65536
MAX_NUL_SHARE = 0.01
"""Text with more NUL bytes than this share (and no UTF-16 pattern) is treated as binary."""
MAX_CONTROL_SHARE = 0.05
"""Text with more control bytes than this share (tabs and newlines excepted) is binary."""
MIN_BINARY_BYTES = 2
"""This many NUL or control bytes (or fewer) never make a file binary."""
_CONTROL_BYTES = frozenset(set(range(32)) - set(b"\t\n\r\f\v\x1b") | {0x7F})
_NEWLINES = re.compile(r"\r\n|[\r\v\f\x85\u2028\u2029]")
# C0/C1 controls except tab and newline, plus the BOM and non-characters left by bad converters.
_JUNK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
# Non-ASCII characters common in EN/FR/DE/ES/IT/PT text written in Windows-1252.
_WESTERN_CHARS = frozenset(
    "àâäáãåæçéèêëíìîïñóòôöõøœßúùûüýÿÀÂÄÁÃÅÆÇÉÈÊËÍÌÎÏÑÓÒÔÖÕØŒÚÙÛÜÝŸ"
    "€\u2013\u2014\u2018\u2019\u201a“”„•…«»°©®™·§±\u00d7²³½¼¾¡¿ªº\xa0"  # dashes, quotes, x
)
_WORD = re.compile(r"[^\W\d_]+")


def _bom_codec(data: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _utf16_codec(data: bytes) -> str | None:
    """Guess UTF-16 without a BOM: ASCII-heavy UTF-16 has a NUL in every other byte."""
    sample = data[: _SAMPLE & ~1]
    half = len(sample) // 2
    if half < 2:  # noqa: PLR2004 - one character says nothing
        return None
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    codec = None
    if odd > 0.3 and even < 0.02:  # noqa: PLR2004 - low byte first: "A\0"
        codec = "utf-16-le"
    elif even > 0.3 and odd < 0.02:  # noqa: PLR2004
        codec = "utf-16-be"
    if codec is None:
        return None
    decoded = sample.decode(codec, errors="replace")
    controls = len(_JUNK.findall(decoded))  # binary with a NUL pattern decodes to control codes
    return codec if controls <= MAX_CONTROL_SHARE * len(decoded) else None


def _is_binary(data: bytes) -> bool:
    """NULs or control bytes above their share; a stray one or two in short text are tolerated."""
    sample = data[:_SAMPLE]
    nuls = sample.count(0)
    if nuls > MIN_BINARY_BYTES and nuls > MAX_NUL_SHARE * len(sample):
        return True
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return controls > MIN_BINARY_BYTES and controls > MAX_CONTROL_SHARE * len(sample)


def looks_like_text(data: bytes) -> bool:
    """Return whether ``data`` (or its first bytes) is text in some encoding rather than binary."""
    return _bom_codec(data) is not None or _utf16_codec(data) is not None or not _is_binary(data)


def _western(text: str) -> bool:
    """Whether text decoded as cp1252 reads like EN/FR/DE/ES (accents inside ASCII words).

    Cyrillic or Greek bytes decoded as cp1252 give words made only of accented letters, and CJK
    bytes give rare symbols such as "ƒ": both fail this test and go to charset-normalizer.
    """
    foreign = [c for c in text if not c.isascii()]
    if not foreign:
        return True
    if sum(1 for c in foreign if c in _WESTERN_CHARS) < 0.95 * len(foreign):
        return False
    accented = [w for w in _WORD.findall(text) if not w.isascii()]
    all_foreign = sum(1 for w in accented if len(w) > 1 and not any(c.isascii() for c in w))
    return all_foreign <= 0.2 * len(accented)


def decode_text(data: bytes) -> str:
    """Decode ``data`` whatever its encoding; raise :class:`UnsupportedFormatError` on binary data."""
    bom = _bom_codec(data)
    if bom is not None:
        return data[bom[1] :].decode(bom[0], errors="replace")
    utf16 = _utf16_codec(data)
    if utf16 is not None:
        return data.decode(utf16, errors="replace")
    if _is_binary(data):
        raise UnsupportedFormatError(
            "this file holds binary data, not text; save the CV as PDF, DOCX, TXT or HTML"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    western = data.decode("cp1252", errors="replace")
    if "\ufffd" not in western and _western(western):
        return western
    best = from_bytes(data).best()
    if best is None:
        raise UnsupportedFormatError(
            "could not recognise the text encoding; save the file as UTF-8 and try again"
        )
    return str(best)


def clean_text(text: str) -> str:
    r"""Normalise newlines to ``\n``, compose accents (NFC) and drop control characters.

    >>> clean_text("a\r\nb\x00c\u2028d")
    'a\nbc\nd'
    """
    text = _NEWLINES.sub("\n", text)
    return unicodedata.normalize("NFC", _JUNK.sub("", text))


# Markdown. Every pattern is bounded so a hostile line of 100k "*" stays linear.
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_RULE = re.compile(r"^\s{0,3}([-=*_])(\s*\1){2,}\s*$")  # horizontal rule or setext underline
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]{1,500}\]:\s+\S")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$")
_QUOTE = re.compile(r"^\s{0,3}(?:>\s?)+")
_CODE_SPAN = re.compile(r"(`+)([^`]{1,2000}?)\1")
_INLINE = (
    (re.compile(r"!\[[^\[\]]{0,500}\]\([^()]{0,2000}\)"), ""),  # images carry no CV text
    (re.compile(r"\[([^\[\]]{1,500})\]\([^()]{0,2000}\)"), r"\1"),
    (re.compile(r"\[([^\[\]]{1,500})\]\[[^\[\]]{0,500}\]"), r"\1"),
    (re.compile(r"<((?:https?|mailto):[^<>\s]{1,2000})>"), r"\1"),
    (re.compile(r"<!--.{0,2000}?-->"), ""),
    (re.compile(r"(\*\*|__)(?=\S)([^*_]{1,500}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)([^*]{1,500}?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<![\w_])_(?=\S)([^_]{1,500}?)(?<=\S)_(?![\w_])"), r"\1"),
    (re.compile(r"~~(?=\S)([^~]{1,500}?)(?<=\S)~~"), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])"), r"\1"),
)
_MARKDOWN_SIGNS = re.compile(
    r"^\s{0,3}(?:#{1,6}\s+\S|`{3}|~{3})|\[[^\[\]\n]{1,500}\]\([^()\s]{1,2000}\)|\*\*[^*\n]{1,500}\*\*",
    re.MULTILINE,
)


def looks_like_markdown(text: str) -> bool:
    """Return whether ``text`` uses Markdown syntax (headings, links, fences or bold)."""
    return _MARKDOWN_SIGNS.search(text) is not None


def _strip_inline(line: str) -> str:
    parts: list[str] = []
    last = 0
    for span in _CODE_SPAN.finditer(line):  # code spans keep their text verbatim
        parts.extend((_strip_spans(line[last : span.start()]), span.group(2)))
        last = span.end()
    parts.append(_strip_spans(line[last:]))
    return "".join(parts)


def _strip_spans(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def strip_markdown(text: str) -> str:
    r"""Keep the words of a Markdown text and drop its markup.

    >>> strip_markdown("## Skills ##\n- *Python*, `C++`\n```\nx = 1\n```")
    'Skills\n- Python, C++\nx = 1'
    """
    lines: list[str] = []
    fence = ""
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1)[0] == fence[0]):
            fence = "" if fence else opening.group(1)
            continue
        if fence:
            lines.append(line)
        elif not (_RULE.match(line) or _TABLE_RULE.match(line) or _REF_DEF.match(line)):
            heading = _HEADING.match(line)
            body = (heading.group(1) or "") if heading else _QUOTE.sub("", line)
            lines.append(_strip_inline(body))
    return "\n".join(lines)


class TextReader(Reader):
    """Reads ``.txt`` and Markdown files in any encoding.

    Args:
        markdown: strip Markdown syntax; ``None`` (default) decides from the content.
    """

    name = "text"
    extensions = (".txt", ".md", ".markdown", ".text")

    def __init__(self, markdown: bool | None = None) -> None:
        self.markdown = markdown

    def config(self) -> dict[str, Any]:
        """Return the reader's name and Markdown mode."""
        return {"name": self.name, "markdown": self.markdown}

    def _read(self, data: bytes, budget: Budget) -> RawText:
        # Every step is linear (the Markdown patterns are bounded), so checking the budget
        # between steps is enough; the base class checks the characters of the result.
        text = clean_text(decode_text(data))
        budget.checkpoint()
        markdown = looks_like_markdown(text) if self.markdown is None else self.markdown
        if markdown:
            text = strip_markdown(text)
            budget.checkpoint()
        return RawText(text=text.strip("\n"))
