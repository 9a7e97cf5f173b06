"""CSS for the HTML reader: simple ``<style>`` rules, inline styles, and whether they hide text.

Only what decides visibility is read: ``display``, ``visibility``, ``opacity``, font size,
off-screen offsets, text and background colours. Selectors are simple (``p``, ``.cls``, ``#id``,
``p.cls``); ``@media`` blocks are ignored.
"""

import re

from selectolax.lexbor import LexborNode

MAX_CSS_CHARS = 1_000_000
"""Only this much ``<style>`` text is read for hiding rules."""
WHITE = "#ffffff"

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


def stylesheet(css: str) -> Rules:
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


def element_style(node: LexborNode, tag: str, rules: Rules) -> dict[str, str]:
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


def inherited_background(style: dict[str, str], inherited: str | None) -> str | None:
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


def invisible_box(style: dict[str, str]) -> bool:
    """``display:none``, ``visibility:hidden``, zero opacity, a tiny font or an off-screen offset."""
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


def invisible_ink(style: dict[str, str], background: str | None) -> bool:
    """Text colour equal to the background it sits on (``None``: background unknown)."""
    ink = _colour(style.get("color"))
    if ink is None:
        return False
    return ink == "transparent" or (background is not None and _same_colour(ink, background))


def hidden_by_attribute(node: LexborNode) -> bool:
    """The ``hidden`` attribute or ``aria-hidden="true"``."""
    attributes = node.attributes
    return "hidden" in attributes or (attributes.get("aria-hidden") or "").strip() == "true"
