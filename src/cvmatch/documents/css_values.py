"""CSS values as the visibility check reads them: lengths, font sizes, colours, transforms.

Values come from the cascade as lowercase text; tinycss2 tokenises them here. Lengths resolve to
CSS pixels (a 1280 x 800 viewport for ``vw``/``vh``, 16 px root font); anything unknown (a
percentage without its reference, a keyword) is None and decides nothing.
"""

import tinycss2
from tinycss2 import color3

from cvmatch.documents.css_cascade import MAX_VARIABLE_CHARS

OFF_SCREEN_PX = -500.0
"""An offset this far left or up (CSS px) puts text off the page."""
MIN_SCALE = 0.05
"""A transform that scales an axis below this leaves a dot."""
MIN_BOX_PX = 1.0
"""A box this narrow or short with overflow hidden shows nothing."""
MAX_SUBSTITUTIONS = 10
"""``var()`` references replaced in one value (nested ones included)."""
ROOT_FONT_PX = 16.0
_VIEWPORT = (1280.0, 800.0)
_FONT_KEYWORDS = {
    "xx-small": 9.0,
    "x-small": 10.0,
    "small": 13.0,
    "medium": 16.0,
    "large": 18.0,
    "x-large": 24.0,
    "xx-large": 32.0,
    "xxx-large": 48.0,
}
_UNITS = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4}
Rgba = tuple[float, float, float, float]


def parse(value: str | None) -> list[tinycss2.ast.Node]:
    """The component values of ``value`` without white space, comments and commas."""
    if not value or len(value) > 2000:  # noqa: PLR2004 - no real value is this long
        return []
    return [
        t
        for t in tinycss2.parse_component_value_list(value)
        if t.type not in ("whitespace", "comment", "literal")
    ]


def token_px(token: tinycss2.ast.Node, font_px: float) -> float | None:
    """One length token in CSS px (``em`` against ``font_px``); None when not a length."""
    if token.type == "number" and token.value == 0:
        return 0.0
    if token.type != "dimension":
        return None
    unit = token.lower_unit
    scale = _UNITS.get(unit)
    if scale is None:
        relative = {
            "em": font_px,
            "ex": font_px / 2,
            "ch": font_px / 2,
            "rem": ROOT_FONT_PX,
            "vw": _VIEWPORT[0] / 100,
            "vh": _VIEWPORT[1] / 100,
        }
        scale = relative.get(unit)
    return None if scale is None else float(token.value) * scale


def px(value: str | None, font_px: float) -> float | None:
    """A single CSS length in px; None for percentages, keywords and anything else."""
    tokens = parse(value)
    return token_px(tokens[0], font_px) if len(tokens) == 1 else None


def font_size(value: str | None, parent_px: float) -> float:
    """The computed font size in px (keywords, ``%`` and ``em`` against the parent's)."""
    tokens = parse(value)
    if len(tokens) != 1:
        return parent_px
    token = tokens[0]
    if token.type == "ident":
        name = token.lower_value
        relative = {"smaller": parent_px / 1.2, "larger": parent_px * 1.2}
        return _FONT_KEYWORDS.get(name, relative.get(name, parent_px))
    if token.type == "percentage":
        return parent_px * float(token.value) / 100
    size = token_px(token, parent_px)
    return parent_px if size is None or size < 0 else size


def opacity(value: str | None) -> float:
    """``opacity`` as 0-1 (1 when unset or unreadable)."""
    tokens = parse(value)
    if len(tokens) != 1:
        return 1.0
    token = tokens[0]
    if token.type == "number":
        return min(max(float(token.value), 0.0), 1.0)
    if token.type == "percentage":
        return min(max(float(token.value) / 100, 0.0), 1.0)
    return 1.0


def rgba(value: str | None) -> Rgba | None:
    """A CSS colour as RGBA (0-1 channels); None when unset, unknown or ``currentColor``."""
    if not value or len(value) > 200:  # noqa: PLR2004 - no colour is this long
        return None
    parsed = color3.parse_color(value)
    if parsed is None or isinstance(parsed, str):  # unknown, or currentColor: inherit
        return None
    return parsed.red, parsed.green, parsed.blue, parsed.alpha


def clipped(value: str | None) -> bool:
    """``clip: rect(...)`` leaving at most one pixel each way."""
    for token in parse(value):
        if token.type == "function" and token.lower_name == "rect":
            sides = [token_px(t, ROOT_FONT_PX) for t in parse(tinycss2.serialize(token.arguments))]
            if len(sides) == 4 and None not in sides:  # noqa: PLR2004 - top right bottom left
                top, right, bottom, left = (s or 0.0 for s in sides)
                return right - left <= MIN_BOX_PX or bottom - top <= MIN_BOX_PX
    return False


def clip_path_empty(value: str | None) -> bool:
    """``clip-path: inset(50%)`` and larger, or a zero circle or ellipse."""
    for token in parse(value):
        if token.type != "function":
            continue
        arguments = parse(tinycss2.serialize(token.arguments))
        if token.lower_name == "inset":
            return any(t.type == "percentage" and t.value >= 50 for t in arguments)  # noqa: PLR2004
        if token.lower_name in ("circle", "ellipse") and arguments:
            first = arguments[0]
            return first.type in ("number", "dimension", "percentage") and first.value == 0
    return False


def transform_hides(value: str | None, font_px: float) -> bool:
    """A scale to (nearly) nothing, or a translation off-screen."""
    for token in parse(value):
        if token.type != "function":
            continue
        name = token.lower_name
        numbers = parse(tinycss2.serialize(token.arguments))
        values = [float(t.value) for t in numbers if t.type in ("number", "percentage")]
        if name in ("scale", "scalex", "scaley", "scale3d") and values:
            if any(abs(v) < MIN_SCALE for v in values[:2]):
                return True
        elif name == "matrix" and len(values) == 6:  # noqa: PLR2004 - a b c d e f
            a, b, c, d = values[:4]
            if abs(a * d - b * c) < MIN_SCALE**2:
                return True
        elif name in ("translate", "translatex", "translatey", "translate3d") and numbers:
            offsets = [token_px(t, font_px) for t in numbers[:2]]
            if any(o is not None and o <= OFF_SCREEN_PX for o in offsets):
                return True
    return False


def substitute(value: str, variables: dict[str, str]) -> str:
    """``var(--name, fallback)`` replaced by the variable (or its fallback), a few levels deep."""
    for _ in range(MAX_SUBSTITUTIONS):
        start = value.find("var(")
        if start == -1 or len(value) > MAX_VARIABLE_CHARS:
            break
        depth, end, comma = 0, len(value), -1
        for index in range(start + 3, len(value)):
            char = value[index]
            depth += (char == "(") - (char == ")")
            if char == "," and depth == 1 and comma == -1:
                comma = index
            if depth == 0:
                end = index
                break
        name = value[start + 4 : comma if comma != -1 else end].strip()
        fallback = value[comma + 1 : end].strip() if comma != -1 else ""
        value = value[:start] + variables.get(name, fallback) + value[end + 1 :]
    return value
