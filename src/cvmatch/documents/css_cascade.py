"""The CSS cascade of an HTML page: which declared value wins for each element.

tinycss2 parses the ``<style>`` text and inline ``style`` attributes; cssselect2 compiles the
selectors and tests them on an ElementTree mirror of the page. The winner of each property
follows CSS Cascading 4: ``!important`` first, then inline over stylesheet, then specificity,
then order. Rules inside ``@media`` count unless the query is for print or speech only;
``@supports``, ``@layer`` and ``@container`` blocks count as if unconditional. Legacy
attributes (``bgcolor``, ``<font color>``) are presentational hints, beaten by any rule.

Only the properties that decide visibility are kept (:data:`PROPERTIES`).

Hostile input is bounded before work is done: selectors are cut to a bounded number of walks
(:mod:`~cvmatch.documents.css_selectors`; they then match a superset, so a hiding rule still
hides), and the matching work (candidate selectors × the walks they may take) is estimated per
element and refused above :data:`MAX_MATCH_COST`.
"""

import base64
import binascii
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

import cssselect2
import tinycss2
from cssselect2 import parser as css_parser
from cssselect2.compiler import CompiledSelector

from cvmatch.documents.css_selectors import bounded
from cvmatch.errors import DocumentTooLargeError

_DATA_URL = re.compile(r"data:text/css(?:;charset=[\w-]+)?(;base64)?,(.*)", re.I | re.S)

MAX_CSS_CHARS = 2_000_000
"""A page with more ``<style>`` text than this is refused (truncating would let rules slip)."""
MAX_SELECTORS = 20_000
"""A page whose style sheets hold more selectors than this is refused."""
MAX_MATCH_COST = 15_000_000
"""Ceiling on the estimated selector-matching work for a page (about 2 s here)."""
TEST_COST = 10
"""Cost of one selector test before any walk (calibrated: a test costs ~10 ancestor steps)."""
MAX_IMPORT_DEPTH = 3
"""``@import`` of ``data:`` style sheets is followed this deep."""
MAX_VARIABLE_CHARS = 1000
"""Custom properties (``--name``) with longer values are ignored."""
PROPERTIES = frozenset(
    [
        "background",  # kept whole when it holds var(): expanded after substitution
        "display",
        "visibility",
        "opacity",
        "color",
        "-webkit-text-fill-color",
        "background-color",
        "background-image",
        "font-size",
        "overflow-x",
        "overflow-y",
        "height",
        "max-height",
        "width",
        "max-width",
        "clip",
        "clip-path",
        "position",
        "left",
        "top",
        "right",
        "bottom",
        "margin-left",
        "margin-top",
        "text-indent",
        "transform",
        "content-visibility",
    ]
)
_NOT_SCREEN = frozenset(("print", "speech", "aural", "braille", "embossed", "tty", "tv"))
_LONG_NUMBER = re.compile(r"\d{100,}")

Priority = tuple[bool, bool, tuple[int, int, int], int]
"""``(important, inline, specificity, order)``: the larger wins."""
Declarations = list[tuple[str, str, bool]]
"""``(property, value, important)`` in source order."""


@dataclass(frozen=True)
class _Rule:
    test: Any
    specificity: tuple[int, int, int]
    order: int
    declarations: Declarations
    descendant_walks: int
    sibling_walks: int


@dataclass
class StyleSheet:
    """Compiled author rules, bucketed like cssselect2's Matcher (id, class, tag, others)."""

    by_id: dict[str, list[_Rule]] = field(default_factory=dict)
    by_class: dict[str, list[_Rule]] = field(default_factory=dict)
    by_tag: dict[str, list[_Rule]] = field(default_factory=dict)
    others: list[_Rule] = field(default_factory=list)
    size: int = 0
    cost: int = 0
    chars: int = 0

    def candidates(self, attributes: dict[str, str], tag: str) -> Iterator[_Rule]:
        """Rules whose rightmost compound may match an element (cheap pre-filter)."""
        if self.by_id and "id" in attributes:
            yield from self.by_id.get(attributes["id"], ())
        if self.by_class and "class" in attributes:
            for name in attributes["class"].split():
                yield from self.by_class.get(name, ())
        yield from self.by_tag.get(tag.lower(), ())
        yield from self.others

    def match(
        self,
        element: cssselect2.ElementWrapper,
        attributes: dict[str, str],
        tag: str,
        place: tuple[int, int],
    ) -> list[_Rule]:
        """Rules matching ``element``; charges their estimated cost to the page's budget.

        ``place`` is the element's depth and index among its siblings: a test costs
        :data:`TEST_COST` plus one per ancestor (sibling) it may walk, per walk.
        """
        depth, index = place
        matched: list[_Rule] = []
        for rule in self.candidates(attributes, tag):
            self.cost += (
                TEST_COST + (depth + 1) ** rule.descendant_walks * (index + 1) ** rule.sibling_walks
            )
            if self.cost > MAX_MATCH_COST:
                raise DocumentTooLargeError(
                    "this HTML page's style sheets are too complex to check for hidden text "
                    f"(estimated {MAX_MATCH_COST:,} steps of selector matching); simplify it or "
                    "export it to PDF"
                )
            if rule.test(element):
                matched.append(rule)
        return matched

    def add(self, selector: css_parser.Selector, declarations: Declarations) -> None:
        """Compile ``selector`` (simplified when too costly) and file it in its bucket."""
        tree, descendant, sibling = bounded(selector.parsed_tree)
        compiled = CompiledSelector(css_parser.Selector(tree, selector.pseudo_element))
        self.size += 1
        if self.size > MAX_SELECTORS:
            raise DocumentTooLargeError(
                f"this HTML page has more than {MAX_SELECTORS:,} CSS selectors; "
                "simplify it or export it to PDF"
            )
        if compiled.never_matches or compiled.pseudo_element is not None:
            return  # ::before and the like style generated content, not the page's text
        rule = _Rule(
            compiled.test, compiled.specificity, self.size, declarations, descendant, sibling
        )
        if compiled.id is not None:
            self.by_id.setdefault(compiled.id, []).append(rule)
        elif compiled.class_name is not None:
            self.by_class.setdefault(compiled.class_name, []).append(rule)
        elif compiled.lower_local_name is not None:
            self.by_tag.setdefault(compiled.lower_local_name, []).append(rule)
        else:
            self.others.append(rule)


def parse_declarations(tokens: str | Sequence[Any]) -> Declarations:
    """The declarations of a rule body or ``style`` attribute, shorthands expanded."""
    found: Declarations = []
    if isinstance(tokens, str):
        tokens = _tame(tokens)
    for item in tinycss2.parse_blocks_contents(tokens, skip_comments=True, skip_whitespace=True):
        if item.type != "declaration":
            continue
        value = tinycss2.serialize(item.value).strip().lower()
        if item.name.startswith("--"):  # a custom property, for var(): names keep their case
            if len(value) <= MAX_VARIABLE_CHARS:
                found.append((item.name, value, bool(item.important)))
            continue
        for name, longhand in _expand(item.lower_name, value, item.value):
            if name in PROPERTIES:
                found.append((name, longhand, bool(item.important)))
    return found


def _expand(name: str, value: str, tokens: Sequence[Any]) -> Iterator[tuple[str, str]]:
    """Longhands of the shorthands that can hide text; other properties pass through."""
    words = [
        tinycss2.serialize([t]).lower() for t in tokens if t.type not in ("whitespace", "comment")
    ]
    if name == "background" and "var(" in value:
        yield "background", value  # expanded once the variables are known
    elif name == "background":
        image = any(
            t.type == "url" or (t.type == "function" and "gradient" in t.lower_name) for t in tokens
        )
        yield "background-image", "image" if image else "none"
        colours = [w for w in words if tinycss2.color3.parse_color(w) is not None]
        yield "background-color", colours[-1] if colours else "transparent"
    elif name == "font":
        sizes = [w.split("/")[0] for w in words if w[:1].isdigit() or w[:1] == "."]
        if sizes:
            yield "font-size", sizes[0]
    elif name == "overflow":
        yield "overflow-x", words[0] if words else value
        yield "overflow-y", words[-1] if words else value
    elif name in ("inset", "margin"):
        sides = (words * 4)[:4] if len(words) == 1 else [*words, *words[:2]][:4]
        prefix = "" if name == "inset" else "margin-"
        yield from (
            (f"{prefix}{side}", w)
            for side, w in zip(("top", "right", "bottom", "left"), sides, strict=False)
        )
    else:
        yield name, value


def expand_background(value: str) -> list[tuple[str, str]]:
    """``background-color`` and ``background-image`` of a ``background`` shorthand value."""
    tokens = tinycss2.parse_component_value_list(_tame(value))
    return list(_expand("background", value, tokens))


def stylesheet(css: str) -> StyleSheet:
    """Compile the rules of ``css`` that apply on a screen."""
    if len(css) > MAX_CSS_CHARS:
        raise DocumentTooLargeError(
            f"this HTML page has {len(css):,} characters of CSS; the limit is {MAX_CSS_CHARS:,}"
        )
    sheet = StyleSheet()
    _add_rules(
        sheet, tinycss2.parse_stylesheet(_tame(css), skip_comments=True, skip_whitespace=True)
    )
    return sheet


def data_url_css(url: str | None) -> str | None:
    """The style sheet inside a ``data:text/css`` URL (links and ``@import``); None otherwise.

    >>> data_url_css("data:text/css,p%7Bdisplay:none%7D")
    'p{display:none}'
    """
    match = _DATA_URL.fullmatch((url or "").strip()[: MAX_CSS_CHARS * 2])
    if match is None:
        return None
    if match.group(1):
        try:
            return base64.b64decode(match.group(2), validate=False).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            return None
    return unquote(match.group(2))


def _tame(css: str) -> str:
    """Cut runs of 100+ digits to 99: tinycss2 refuses numbers over Python's int digit limit."""
    return _LONG_NUMBER.sub(lambda number: number.group()[:99], css)


def _add_import(sheet: StyleSheet, rule: Any, depth: int) -> None:
    """``@import url(data:text/css,...) [media]``: its rules, when the media fit a screen."""
    tokens = [t for t in rule.prelude if t.type not in ("whitespace", "comment")]
    if not tokens or depth >= MAX_IMPORT_DEPTH:
        return
    first = tokens[0]
    url = first.value if first.type in ("url", "string") else None
    if first.type == "function" and first.lower_name == "url" and first.arguments:
        url = getattr(first.arguments[0], "value", None)
    css = data_url_css(url)
    if css is None or not screen_media(tinycss2.serialize(tokens[1:])):
        return
    sheet.chars += len(css)
    if sheet.chars > MAX_CSS_CHARS:
        raise DocumentTooLargeError(
            f"this HTML page has more than {MAX_CSS_CHARS:,} characters of CSS"
        )
    parsed = tinycss2.parse_stylesheet(_tame(css), skip_comments=True, skip_whitespace=True)
    _add_rules(sheet, parsed, depth + 1)


def _add_rules(sheet: StyleSheet, rules: Iterable[Any], depth: int = 0) -> None:
    for rule in rules:
        if rule.type == "qualified-rule":
            try:
                selectors = list(css_parser.parse(rule.prelude))
            except css_parser.SelectorError:
                continue  # browsers drop a rule whose selector they cannot parse
            declarations = parse_declarations(rule.content)
            if declarations:
                for selector in selectors:
                    sheet.add(selector, declarations)
        elif rule.type == "at-rule" and rule.lower_at_keyword == "import":
            _add_import(sheet, rule, depth)
        elif rule.type == "at-rule" and rule.content is not None and _applies(rule):
            inner = tinycss2.parse_stylesheet(
                rule.content, skip_comments=True, skip_whitespace=True
            )
            _add_rules(sheet, inner)


def _applies(rule: Any) -> bool:
    """Whether the rules inside an at-rule apply on a screen."""
    if rule.lower_at_keyword in ("supports", "layer", "container", "document", "scope"):
        return True
    if rule.lower_at_keyword != "media":
        return False  # @font-face, @keyframes, @page...: no selectors inside
    return screen_media(tinycss2.serialize(rule.prelude))


def screen_media(media: str | None) -> bool:
    """Whether a media query list (``@media`` prelude, ``<style media>``) holds on a screen.

    >>> screen_media("print"), screen_media("screen and (min-width: 1px)"), screen_media(None)
    (False, True, True)
    """
    if not media or not media.strip():
        return True
    return any(_screen_query(query.split()) for query in media.lower().split(","))


def _screen_query(words: list[str]) -> bool:
    """One media query: applies unless it names a non-screen type (or negates screen/all)."""
    words = [w for w in words if w != "only"]
    if not words:
        return True
    if words[0] == "not":
        return len(words) > 1 and words[1] not in ("screen", "all")
    return words[0] not in _NOT_SCREEN


def cascade(rules: Iterable[_Rule], inline: Declarations, hints: Declarations) -> dict[str, str]:
    """The winning value of each property for one element."""
    winners: dict[str, tuple[Priority, str]] = {}
    entries: list[tuple[Priority, str, str]] = [
        ((False, False, (0, 0, 0), -1), name, value) for name, value, _ in hints
    ]
    for rule in rules:
        entries.extend(
            ((important, False, rule.specificity, rule.order), name, value)
            for name, value, important in rule.declarations
        )
    entries.extend(
        ((important, True, (0, 0, 0), 0), name, value) for name, value, important in inline
    )
    for priority, name, value in entries:
        if name not in winners or priority >= winners[name][0]:
            winners[name] = (priority, value)
    return {name: value for name, (_, value) in winners.items()}
