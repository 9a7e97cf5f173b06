r"""HTML reader: the text a browser would show, one block per line, hidden text set apart.

Blocks (paragraphs, headings, list items, table rows) become lines; the cells of a table row are
joined by `` | `` (a cell holding blocks of its own is a layout cell: its blocks become lines).
``script``, ``style``, ``head``, ``svg`` and the like never count as text. Content a reader cannot
see goes to ``hidden_text`` (capped) and sets :attr:`Flag.HIDDEN_TEXT`: every element's style is
computed by a real CSS cascade over the page's ``<style>`` rules (screen media), inline styles
and legacy attributes, and judged by :mod:`~cvmatch.documents.html_css` (``display:none``,
``visibility``, opacity, zero boxes with overflow hidden, clipping, off-screen offsets, scale 0,
closed ``<details>``, tiny fonts, and text colour too close to its background).

Hostile input: :func:`~cvmatch.documents.html_guard.guard_html` counts elements (and the
formatting elements the parser would re-open) against the budget and flattens nesting deeper
than :data:`MAX_DEPTH` before parsing; the tree is walked without recursion, checking the
budget's time and memory as it goes and counting visible characters; hidden text beyond
``max_hidden_chars`` is not collected.

>>> HtmlReader().read(b"<h1>Ann</h1><p>Python<span hidden>ignore</span></p>", Limits()).text
'Ann\n\nPython'
"""

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cvmatch.documents.base import Budget, Limits, RawText, Reader  # noqa: F401 - the doctest
from cvmatch.documents.html_css import Visibility, page_css, page_visibility
from cvmatch.documents.html_guard import MAX_DEPTH, guard_html
from cvmatch.documents.text import clean_text, decode_text
from cvmatch.types import Flag


def _tags(names: str) -> frozenset[str]:
    return frozenset(names.split())


_DROP = _tags("head script style noscript template svg math iframe object embed canvas audio video")
_PARAGRAPH = _tags("p h1 h2 h3 h4 h5 h6 blockquote pre table ul ol dl section")
_BLOCK = _PARAGRAPH | _tags(
    "address article aside body center dd details dialog dir div dt fieldset figcaption figure "
    "footer form header hgroup hr html legend li main menu nav option summary tr caption"
)
_CELLS = frozenset(("td", "th"))
_PRE = frozenset(("pre", "textarea", "listing", "plaintext"))
_CELL_MARK = "\ue000"  # private-use character: a cell boundary until rows are assembled
_META_CHARSET = re.compile(rb"<meta[^>]{0,500}?charset\s*=\s*[\"']?\s*([\w.:-]{1,40})", re.I)
_SPACES = re.compile(r"[^\S\n]+")
_CHECK_EVERY = 512
"""Nodes walked between two checks of the reading time and memory."""
__all__ = ["MAX_DEPTH", "HtmlReader"]


def _decode(data: bytes) -> str:
    """Decode by BOM, then by ``<meta charset>``, then by content."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data)
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
        except LookupError:
            codec = "utf-8"
        # WHATWG: Latin-1 and ASCII labels mean windows-1252; a UTF-16 label in ASCII bytes is wrong.
        codec = "cp1252" if codec in ("iso8859-1", "ascii") else codec
        if not codec.startswith(("utf-16", "utf-32")):
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass  # mislabelled: let the content decide
    return decode_text(data)


@dataclass(frozen=True)
class _Context:
    """What an element inherits from its ancestors."""

    hidden: bool = False
    pre: bool = False
    in_cell: bool = False


class _Sink:
    """Collects text and line breaks; a break only lands between two pieces of text."""

    def __init__(self, count: Callable[[int], None] | None = None, cap: int | None = None) -> None:
        self.parts: list[str] = []
        self.pending = 0
        self.count = count  # called with the length of each piece of text (the char budget)
        self.room = cap  # characters still collected (None: no cap)

    def brk(self, newlines: int) -> None:
        self.pending = max(self.pending, newlines)

    def add(self, text: str, pre: bool = False) -> None:
        text = text if pre else _SPACES.sub(" ", text)
        if not text or (self.pending and not pre and text.isspace()):
            return
        if self.room is not None:
            if self.room <= 0:
                return
            text = text[: self.room]
            self.room -= len(text)
        if self.count is not None:
            self.count(len(text))
        if self.pending and self.parts:
            self.parts.append("\n" * self.pending)
        self.pending = 0
        self.parts.append(text)

    def result(self) -> str:
        """Assemble lines: rows' cells joined by `` | ``, spaces collapsed, one blank line at most."""
        lines: list[str] = []
        for line in "".join(self.parts).split("\n"):
            if _CELL_MARK in line:
                cells = (_SPACES.sub(" ", cell).strip() for cell in line.split(_CELL_MARK))
                joined = " | ".join(cell for cell in cells if cell)
            else:
                joined = _SPACES.sub(" ", line).strip()
            if joined or (lines and lines[-1]):
                lines.append(joined)
        return clean_text("\n".join(lines).strip())


def _breaks(node: LexborNode, tag: str) -> tuple[int, int]:
    """Line breaks before and after an element: 2 = blank line, 1 = new line, 0 = inline."""
    if tag in _PARAGRAPH:
        return 2, 2
    if tag in _BLOCK:
        return 1, 1
    if tag in _CELLS and node.css_first("p, div, ul, ol, li, table, br, h1, h2, h3, h4, h5, h6"):
        return 1, 1  # a layout cell: its blocks are lines of their own
    return 0, 0


class _Walker:
    """Depth-first walk with an explicit stack (no recursion limit on hostile nesting)."""

    def __init__(self, visibility: Visibility, budget: Budget) -> None:
        self.visibility = visibility
        self.budget = budget
        self.visible = _Sink(count=budget.add_chars)
        self.hidden = _Sink(cap=budget.limits.max_hidden_chars)
        self.tables = False

    def walk(self, root: LexborNode) -> None:
        stack: list[tuple[LexborNode | int, _Context]] = [(root, _Context())]
        steps = 0
        while stack:
            steps += 1
            if steps % _CHECK_EVERY == 0:
                self.budget.checkpoint()
            node, context = stack.pop()
            sink = self.hidden if context.hidden else self.visible
            if isinstance(node, int):
                sink.brk(node)
            elif node.is_text_node:
                text = (node.text_content or "").replace(_CELL_MARK, " ")
                sink.add(text, context.pre)
                self.tables |= context.in_cell and not context.hidden and not text.isspace()
            elif node.is_element_node and (node.tag or "") not in _DROP:
                stack.extend(self._enter(node, node.tag or "", context))

    def _enter(
        self, node: LexborNode, tag: str, context: _Context
    ) -> list[tuple[LexborNode | int, _Context]]:
        """Open ``node``: emit its leading break; return its closing break and children, reversed."""
        inner = _Context(
            hidden=self.visibility.hides(node),
            pre=context.pre or tag in _PRE,
            in_cell=context.in_cell or tag in _CELLS,
        )
        sink = self.hidden if inner.hidden else self.visible
        before, after = (1, 0) if tag == "br" else _breaks(node, tag)
        sink.brk(before)
        if tag in _CELLS and not before:
            sink.add(_CELL_MARK)
        children = list(node.iter(include_text=True))
        return [(after, inner), *((child, inner) for child in reversed(children))]


class HtmlReader(Reader):
    """Reads ``.html`` / ``.htm`` files (see the module docstring for what counts as hidden)."""

    name = "html"
    extensions = (".html", ".htm")

    def _read(self, data: bytes, budget: Budget) -> RawText:
        parser = LexborHTMLParser(guard_html(_decode(data), budget))
        budget.checkpoint()
        css = page_css(parser)
        visibility = page_visibility(parser.root, css) if parser.root else Visibility(set())
        budget.checkpoint()
        walker = _Walker(visibility, budget)
        if parser.root is not None:
            walker.walk(parser.root)
        hidden = walker.hidden.result()
        flags = [Flag.HIDDEN_TEXT] if hidden else []
        if walker.tables:
            flags.append(Flag.TABLES)
        return RawText(text=walker.visible.result(), hidden_text=hidden, flags=tuple(flags))
