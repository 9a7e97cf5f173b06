r"""HTML reader: the text a browser would show, one block per line, hidden text set apart.

Blocks (paragraphs, headings, list items, table rows) become lines; the cells of a table row are
joined by `` | `` (a cell holding blocks of its own is a layout cell: its blocks become lines).
``script``, ``style``, ``head``, ``svg`` and the like never count as text. Content a reader cannot
see goes to ``hidden_text`` and sets :attr:`Flag.HIDDEN_TEXT`: the ``hidden`` attribute,
``aria-hidden="true"``, ``display:none``, ``visibility:hidden``, zero opacity, a font under
2 px/pt, text pushed 999 px or more off-screen, and text whose colour matches its background
(white text on the default white page). Styles count when inline, in legacy attributes
(``<font color>``, ``bgcolor``) or in ``<style>`` rules with simple selectors (``p``, ``.cls``,
``#id``, ``p.cls``); rules inside ``@media`` blocks are ignored. A child cannot un-hide what its
parent hid.

Hostile input: nesting deeper than :data:`MAX_DEPTH` is flattened before parsing (the parser is
quadratic in depth) and the tree is walked without recursion.

>>> HtmlReader().read(b"<h1>Ann</h1><p>Python<span hidden>ignore</span></p>", Limits()).text
'Ann\n\nPython'
"""

import codecs
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from cvmatch.documents.base import Limits, RawText, Reader
from cvmatch.documents.text import clean_text, decode_text
from cvmatch.types import Flag

MAX_DEPTH = 512
"""Elements nested deeper than this are flattened into their ancestor (as browsers do)."""
MAX_CSS_CHARS = 1_000_000
"""Only this much ``<style>`` text is read for hiding rules."""
WHITE = "#ffffff"


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
# Tags that do not deepen the tree: void elements and those whose end tag is optional.
_FLAT = _tags(
    "area base br col embed hr img input link meta param source track wbr p li dt dd tr td th "
    "thead tbody tfoot option optgroup rp rt colgroup caption html head body"
)
_CELL_MARK = "\ue000"  # private-use character: a cell boundary until rows are assembled
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*>")
_META_CHARSET = re.compile(rb"<meta[^>]{0,500}?charset\s*=\s*[\"']?\s*([\w.:-]{1,40})", re.I)
_SPACES = re.compile(r"[^\S\n]+")
_BRACES = re.compile(r"[{}]")
_SELECTOR = re.compile(r"[a-z][a-z0-9]*|\.[\w-]+|#[\w-]+|[a-z][a-z0-9]*\.[\w-]+")
_LENGTH = re.compile(r"(-?\d*\.?\d+)([a-z%]*)")
_HEX = re.compile(r"#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})")
_RGB = re.compile(
    r"rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:[\s,/]+([\d.]+%?))?\s*\)"
)
_NAMED = {"white": WHITE, "black": "#000000", "transparent": "transparent"}
_NO_COLOUR = frozenset(("none", "inherit", "initial", "unset", "currentcolor", "revert"))

Rules = dict[str, dict[str, str]]


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


def _limit_nesting(html: str) -> str:
    """Drop start and end tags that would nest elements deeper than :data:`MAX_DEPTH`."""
    if html.count("<") <= MAX_DEPTH:
        return html
    depth = excess = 0

    def visit(tag: re.Match[str]) -> str:
        nonlocal depth, excess
        if tag.group(2).lower() in _FLAT or tag.group(0).endswith("/>"):
            return tag.group(0)
        if tag.group(1):
            if excess:
                excess -= 1
                return ""
            depth = max(depth - 1, 0)
        elif depth >= MAX_DEPTH:
            excess += 1
            return ""
        else:
            depth += 1
        return tag.group(0)

    return _TAG.sub(visit, html)


def _declarations(text: str) -> dict[str, str]:
    """Parse ``a: b; c: d`` into lowercase name → value (``!important`` dropped)."""
    found: dict[str, str] = {}
    for declaration in text.split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            found[name.strip().lower()] = value.lower().replace("!important", "").strip()
    return found


def _strip_comments(css: str) -> str:
    """Remove ``/* ... */`` in linear time (a regex rescans unclosed comments)."""
    kept: list[str] = []
    position = 0
    while (start := css.find("/*", position)) != -1:
        kept.append(css[position:start])
        end = css.find("*/", start + 2)
        if end == -1:
            return "".join(kept)
        position = end + 2
    kept.append(css[position:])
    return "".join(kept)


def _stylesheet(css: str) -> Rules:
    """Collect top-level rules with simple selectors; ``@media`` and other at-rules are skipped."""
    css = _strip_comments(css[:MAX_CSS_CHARS])
    rules: Rules = {}
    depth, start, body_start, prelude = 0, 0, 0, ""
    for brace in _BRACES.finditer(css):
        if brace.group() == "{":
            if depth == 0:
                prelude, body_start = css[start : brace.start()], brace.end()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                start = brace.end()
                if not prelude.lstrip().startswith("@"):
                    _add_rule(rules, prelude, _declarations(css[body_start : brace.start()]))
    return rules


def _add_rule(rules: Rules, prelude: str, declarations: dict[str, str]) -> None:
    for selector in prelude.lower().split(","):
        key = selector.strip()
        if _SELECTOR.fullmatch(key):
            rules.setdefault(key, {}).update(declarations)


def _element_style(node: LexborNode, tag: str, rules: Rules) -> dict[str, str]:
    """Merge stylesheet rules (tag < class < id), legacy attributes and the inline style."""
    attributes = node.attributes
    style: dict[str, str] = {}
    if rules:
        classes = (attributes.get("class") or "").lower().split()[:50]
        keys = [tag, *(f".{c}" for c in classes), *(f"{tag}.{c}" for c in classes)]
        keys.append(f"#{(attributes.get('id') or '').lower()}")
        for key in keys:
            style.update(rules.get(key, {}))
    if attributes.get("bgcolor"):
        style["background-color"] = (attributes["bgcolor"] or "").lower()
    if tag == "font" and attributes.get("color"):
        style["color"] = (attributes["color"] or "").lower()
    style.update(_declarations(attributes.get("style") or ""))
    return style


def _length(value: str | None) -> tuple[float, str] | None:
    if not value or len(value) > 40:  # noqa: PLR2004 - a long value is no length; bounds the regex
        return None
    match = _LENGTH.fullmatch(value.strip())
    return (float(match.group(1)), match.group(2)) if match else None


def _channel(text: str, scale: float = 1.0) -> float:
    return float(text[:-1]) * scale / 100 if text.endswith("%") else float(text)


def _colour(value: str | None) -> str | None:
    """Normalise a CSS colour to ``#rrggbb``, ``transparent`` or a colour name; None if unset."""
    value = (value or "").strip()
    if not value or value in _NO_COLOUR:
        return None
    if hex_match := _HEX.fullmatch(value):
        digits = hex_match.group(1)
        if len(digits) <= 4:  # noqa: PLR2004 - #rgb / #rgba short forms
            digits = "".join(c * 2 for c in digits)
        return "transparent" if digits[6:] == "00" else f"#{digits[:6]}"
    if rgb := _RGB.fullmatch(value):
        if rgb.group(4) is not None and _channel(rgb.group(4)) == 0:
            return "transparent"
        red, green, blue = (min(255, round(_channel(rgb.group(i), 255))) for i in (1, 2, 3))
        return f"#{red:02x}{green:02x}{blue:02x}"
    return _NAMED.get(value, value if value.isalpha() else None)


def _same_colour(ink: str, paper: str) -> bool:
    if ink.startswith("#") and paper.startswith("#"):
        return all(abs(int(ink[i : i + 2], 16) - int(paper[i : i + 2], 16)) <= 8 for i in (1, 3, 5))  # noqa: PLR2004
    return ink == paper


def _background(style: dict[str, str], inherited: str | None) -> str | None:
    """Background after ``style``: a colour, the inherited one, or None when unknown (images)."""
    value = style.get("background-color") or style.get("background")
    if value is None:
        return inherited
    if "url(" in value or "gradient(" in value:
        return None
    colour = _colour(value)
    if colour is None and (found := _HEX.search(value) or _RGB.search(value)):
        colour = _colour(found.group(0))
    if colour is None:
        return inherited if value.split()[0] in _NO_COLOUR else None
    return inherited if colour == "transparent" else colour


def _tiny(value: str | None) -> bool:
    length = _length(value)
    if length is None:
        return False
    size, unit = length
    floors = {"px": 2.0, "pt": 2.0, "em": 0.15, "rem": 0.15, "%": 15.0}
    return size <= 0 or size < floors.get(unit, 0.0)


def _invisible_box(style: dict[str, str]) -> bool:
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    opacity = _length(style.get("opacity"))
    if opacity is not None and opacity[0] <= 0.01:  # noqa: PLR2004
        return True
    font_size = (style.get("font") or "").split("/")[0].split(" ")[0]
    if _tiny(style.get("font-size")) or _tiny(font_size):
        return True
    offsets = (_length(style.get(p)) for p in ("text-indent", "left", "top", "margin-left"))
    return any(o is not None and o[0] <= -999 and o[1] == "px" for o in offsets)  # noqa: PLR2004


def _invisible_ink(style: dict[str, str], background: str | None) -> bool:
    ink = _colour(style.get("color"))
    if ink is None:
        return False
    return ink == "transparent" or (background is not None and _same_colour(ink, background))


def _hidden_by_attribute(node: LexborNode) -> bool:
    attributes = node.attributes
    return "hidden" in attributes or (attributes.get("aria-hidden") or "").strip() == "true"


@dataclass(frozen=True)
class _Context:
    """What an element inherits from its ancestors."""

    hidden: bool = False
    background: str | None = WHITE  # None: unknown (an image), so no colour counts as invisible
    pre: bool = False
    in_cell: bool = False


class _Sink:
    """Collects text and line breaks; a break only lands between two pieces of text."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending = 0

    def brk(self, newlines: int) -> None:
        self.pending = max(self.pending, newlines)

    def add(self, text: str, pre: bool = False) -> None:
        text = text if pre else _SPACES.sub(" ", text)
        if not text or (self.pending and not pre and text.isspace()):
            return
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

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.visible = _Sink()
        self.hidden = _Sink()
        self.tables = False

    def walk(self, root: LexborNode) -> None:
        stack: list[tuple[LexborNode | int, _Context]] = [(root, _Context())]
        while stack:
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
        style = _element_style(node, tag, self.rules)
        background = _background(style, context.background)
        inner = _Context(
            hidden=context.hidden
            or _hidden_by_attribute(node)
            or _invisible_box(style)
            or _invisible_ink(style, background),
            background=background,
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

    def _read(self, data: bytes, limits: Limits) -> RawText:
        del limits  # the base class enforces the byte and character ceilings
        parser = LexborHTMLParser(_limit_nesting(_decode(data)))
        css = "\n".join(node.text() for node in parser.css("style"))
        walker = _Walker(_stylesheet(css) if css.strip() else {})
        if parser.root is not None:
            walker.walk(parser.root)
        hidden = walker.hidden.result()
        flags = [Flag.HIDDEN_TEXT] if hidden else []
        if walker.tables:
            flags.append(Flag.TABLES)
        return RawText(text=walker.visible.result(), hidden_text=hidden, flags=tuple(flags))
