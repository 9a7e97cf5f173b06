"""Which elements of an HTML page show their text: computed styles, then visibility rules.

The cascade (:mod:`~cvmatch.documents.css_cascade`) gives each element its declared values;
this module computes what matters for visibility, with inheritance, and decides for every
element whether its own text can be seen. Text is hidden when:

- the element or an ancestor is not rendered: ``display:none``, the ``hidden`` attribute,
  ``aria-hidden="true"``, ``content-visibility:hidden``, opacity near 0, a box of (nearly) zero
  width or height with overflow hidden (the "sr-only" pattern), a ``clip`` or ``clip-path`` that
  leaves nothing, a position, margin, indent or translation far off-screen, ``transform``
  scaled to (nearly) 0, or the content of a closed ``<details>`` (its ``<summary>`` shows);
- the element's own computed ``visibility`` is ``hidden`` or ``collapse`` (a child may show
  again with ``visibility:visible``, as in browsers);
- its computed font is smaller than :data:`MIN_FONT_PX`;
- its ink (text colour with its alpha and the opacity of its ancestors) has too little contrast
  with the background under it (:func:`~cvmatch.documents.contrast.invisible_on`): the nearest
  background colour up the tree, white by default; behind an image the colour is unknown and
  no contrast verdict is given.
"""

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, replace

import cssselect2
from selectolax.lexbor import LexborHTMLParser, LexborNode

from cvmatch.documents import css_cascade, css_values
from cvmatch.documents.contrast import WHITE, Rgb, blend, invisible_on
from cvmatch.errors import DocumentTooLargeError

MAX_ELEMENTS = 100_000
"""A page with more elements than this is refused (a CV has a few thousand)."""
MAX_VARIABLES = 200
"""Custom properties beyond this many are ignored (each state carries them)."""
MIN_FONT_PX = 4.0
"""Text set smaller than this (3 pt) is a speck, not something a reader sees."""
MIN_OPACITY = 0.02
"""An element this transparent (or more) shows nothing."""
_CLIPPING = frozenset(("hidden", "clip"))
_POSITIONED = frozenset(("absolute", "fixed"))
_BLACK = (0.0, 0.0, 0.0, 1.0)


@dataclass(frozen=True)
class _State:
    """The computed values of an element that its children inherit or build on."""

    removed: bool = False  # not rendered at all: neither it nor its descendants show
    invisible: bool = False  # computed visibility hidden (children may override)
    colour: css_values.Rgba = _BLACK
    background: Rgb | None = WHITE  # None: an image, so no colour verdict
    font_px: float = css_values.ROOT_FONT_PX
    opacity: float = 1.0
    variables: tuple[tuple[str, str], ...] = ()  # custom properties (--name), inherited


class Visibility:
    """Verdicts for one page: whether each element's own text can be seen."""

    def __init__(self, hidden: set[int]) -> None:
        self._hidden = hidden

    def hides(self, node: LexborNode) -> bool:
        """Whether the text directly inside ``node`` is hidden."""
        return node.mem_id in self._hidden


def page_css(parser: LexborHTMLParser) -> str:
    """The style sheets a browser applies on screen: ``<style>`` and ``data:`` links.

    Linked style sheets on the network are not fetched (the reader works offline).
    """
    sheets: list[str] = []
    for node in parser.css("style, link"):
        attributes = node.attributes
        if not css_cascade.screen_media(attributes.get("media")):
            continue
        if node.tag == "style":
            sheets.append(node.text())
        elif "stylesheet" in (attributes.get("rel") or "").lower().split():
            sheets.append(css_cascade.data_url_css(attributes.get("href")) or "")
    return "\n".join(sheets)


def page_visibility(root: LexborNode, css: str) -> Visibility:
    """Resolve the styles of every element under ``root`` with the page's ``css``."""
    sheet = css_cascade.stylesheet(css) if css.strip() else css_cascade.StyleSheet()
    mirror, places = _mirror(root)
    resolver = _Resolver(sheet)
    states: dict[int, _State] = {}
    hidden: set[int] = set()
    if sheet.size:
        pairs = (
            (w.etree_element, w.parent.etree_element if w.parent is not None else None, w)
            for w in cssselect2.ElementWrapper.from_html_root(mirror).iter_subtree()
        )
    else:  # no rules to match: skip cssselect2's wrappers
        pairs = ((e, parent, None) for parent, e in _with_parents(mirror))
    for element, parent, wrapper in pairs:
        place = places[id(element)]
        inherited = states[id(parent)] if parent is not None else _State()
        state, own_hidden = resolver.resolve(element, wrapper, place, inherited)
        states[id(element)] = state
        if own_hidden:
            hidden.add(place[0])
    return Visibility(hidden)


def _with_parents(root: ET.Element) -> Iterator[tuple[ET.Element | None, ET.Element]]:
    """``(parent, element)`` in document order (parents first)."""
    stack: list[tuple[ET.Element | None, ET.Element]] = [(None, root)]
    while stack:
        parent, element = stack.pop()
        yield parent, element
        stack.extend((element, child) for child in reversed(element))


class _Resolver:
    """Computed state of one element from its parent's; memoised (pages repeat their styles)."""

    def __init__(self, sheet: css_cascade.StyleSheet) -> None:
        self.sheet = sheet
        self._inline: dict[str, css_cascade.Declarations] = {}
        self._states: dict[tuple[tuple[tuple[str, str], ...], _State], _State] = {}
        self._verdicts: dict[tuple[_State, bool], bool] = {}

    def resolve(
        self,
        element: ET.Element,
        wrapper: cssselect2.ElementWrapper | None,
        place: "Place",
        inherited: _State,
    ) -> tuple[_State, bool]:
        """The element's computed state and whether its own text is hidden."""
        _, depth, index, closed_details = place
        attributes = element.attrib
        rules = (
            self.sheet.match(wrapper, attributes, element.tag, (depth, index))
            if wrapper is not None
            else []
        )
        style = attributes.get("style", "")
        if style not in self._inline:
            self._inline[style] = css_cascade.parse_declarations(style) if style else []
        hints = _hints(element.tag, attributes)
        declared = css_cascade.cascade(rules, self._inline[style], hints)
        key = (tuple(sorted(declared.items())), inherited)
        if key not in self._states:
            self._states[key] = _compute(declared, inherited)
        state = self._states[key]
        if closed_details or "hidden" in attributes or attributes.get("aria-hidden") == "true":
            state = replace(state, removed=True)
        # Text directly in a closed <details> (outside its <summary>) is hidden too.
        closed = element.tag == "details" and "open" not in attributes
        verdict = (state, closed)
        if verdict not in self._verdicts:
            self._verdicts[verdict] = closed or _own_text_hidden(state)
        return state, self._verdicts[verdict]


Place = tuple[int, int, int, bool]
"""``(mem_id, depth, index among element siblings, hidden by a closed <details>)``."""


def _mirror(root: LexborNode) -> tuple[ET.Element, dict[int, Place]]:
    """An ElementTree copy of the element tree (cssselect2 matches on ElementTree)."""
    top = ET.Element(root.tag or "html", _attributes(root))
    places: dict[int, Place] = {id(top): (root.mem_id, 0, 0, False)}
    stack = [(root, top, 0)]
    while stack:
        node, mirror, depth = stack.pop()
        closed = node.tag == "details" and "open" not in node.attributes
        summary_seen = False
        for index, child in enumerate(
            c for c in node.iter(include_text=False) if c.is_element_node
        ):
            if len(places) >= MAX_ELEMENTS:
                raise DocumentTooLargeError(
                    f"this HTML page has more than {MAX_ELEMENTS:,} elements; "
                    "export the CV to PDF or simplify the page"
                )
            tag = child.tag or "unknown"
            shown_summary = closed and tag == "summary" and not summary_seen
            summary_seen |= tag == "summary"
            copy = ET.SubElement(mirror, tag, _attributes(child))
            places[id(copy)] = (child.mem_id, depth + 1, index, closed and not shown_summary)
            stack.append((child, copy, depth + 1))
    return top, places


def _attributes(node: LexborNode) -> dict[str, str]:
    return {name: value or "" for name, value in node.attributes.items()}


def _hints(tag: str, attributes: dict[str, str]) -> css_cascade.Declarations:
    """Presentational attributes as declarations (``bgcolor``, ``<font color>``)."""
    hints: css_cascade.Declarations = []
    if attributes.get("bgcolor"):
        hints.append(("background-color", attributes["bgcolor"].lower(), False))
    if tag == "font" and attributes.get("color"):
        hints.append(("color", attributes["color"].lower(), False))
    return hints


def _compute(declared: dict[str, str], parent: _State) -> _State:
    variables = _variables(declared, parent.variables)
    if variables or any("var(" in value for value in declared.values()):
        lookup = dict(variables)
        declared = {
            name: css_values.substitute(value, lookup)
            for name, value in declared.items()
            if not name.startswith("--")
        }
    if "background" in declared:
        declared = {**declared, **dict(css_cascade.expand_background(declared["background"]))}
    font_px = css_values.font_size(declared.get("font-size"), parent.font_px)
    visibility = declared.get("visibility")
    colour = css_values.rgba(declared.get("-webkit-text-fill-color") or declared.get("color"))
    return _State(
        removed=parent.removed or _removed(declared, font_px),
        invisible=visibility in ("hidden", "collapse")
        if visibility in ("hidden", "collapse", "visible")
        else parent.invisible,
        colour=colour or parent.colour,
        background=_background(declared, parent.background),
        font_px=font_px,
        opacity=parent.opacity * css_values.opacity(declared.get("opacity")),
        variables=variables,
    )


def _variables(
    declared: dict[str, str], inherited: tuple[tuple[str, str], ...]
) -> tuple[tuple[str, str], ...]:
    """Custom properties in effect: the inherited ones, overridden by the element's own."""
    own = {name: value for name, value in declared.items() if name.startswith("--")}
    if not own:
        return inherited
    merged = dict(inherited)
    for name, value in own.items():
        if name in merged or len(merged) < MAX_VARIABLES:
            merged[name] = css_values.substitute(value, merged)
    return tuple(sorted(merged.items()))


def _own_text_hidden(state: _State) -> bool:
    if state.removed or state.invisible or state.opacity <= MIN_OPACITY:
        return True
    if state.font_px < MIN_FONT_PX:
        return True
    if state.background is None:
        return False
    red, green, blue, alpha = state.colour
    ink = blend((red * 255, green * 255, blue * 255), state.background, alpha * state.opacity)
    return invisible_on(ink, state.background)


def _removed(declared: dict[str, str], font_px: float) -> bool:
    """Whether the element's box shows nothing of its content."""
    if declared.get("display") == "none" or declared.get("content-visibility") == "hidden":
        return True
    if css_values.opacity(declared.get("opacity")) <= MIN_OPACITY or css_values.clip_path_empty(
        declared.get("clip-path")
    ):
        return True
    if declared.get("position") in _POSITIONED and css_values.clipped(declared.get("clip")):
        return True
    return (
        _collapsed(declared, font_px)
        or _off_screen(declared, font_px)
        or css_values.transform_hides(declared.get("transform"), font_px)
    )


def _collapsed(declared: dict[str, str], font_px: float) -> bool:
    """A box of (nearly) zero width or height that clips its overflow ("sr-only")."""
    if not {declared.get("overflow-x"), declared.get("overflow-y")} & _CLIPPING:
        return False
    return any(
        (size := css_values.px(declared.get(name), font_px)) is not None
        and size <= css_values.MIN_BOX_PX
        for name in ("height", "max-height", "width", "max-width")
    )


def _off_screen(declared: dict[str, str], font_px: float) -> bool:
    """An offset, margin or indent that pushes the text far left of or above the page."""
    for name in ("left", "top", "margin-left", "margin-top", "text-indent"):
        tokens = css_values.parse(declared.get(name))
        if len(tokens) != 1:
            continue
        if tokens[0].type == "percentage":
            if tokens[0].value <= -100:  # noqa: PLR2004 - a whole container's size away
                return True
        elif (
            offset := css_values.token_px(tokens[0], font_px)
        ) is not None and offset <= css_values.OFF_SCREEN_PX:
            return True
    return False


def _background(declared: dict[str, str], behind: Rgb | None) -> Rgb | None:
    """The colour under the element's content: its background painted over its parent's."""
    image = declared.get("background-image")
    if image is not None and image not in ("none", "initial", "unset", "inherit"):
        return None
    colour = css_values.rgba(declared.get("background-color"))
    if colour is None or behind is None:
        return behind
    red, green, blue, alpha = colour
    return blend((red * 255, green * 255, blue * 255), behind, alpha)
