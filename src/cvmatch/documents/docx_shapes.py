"""Colours and positions of DOCX drawing objects: theme colours, shape fills, off-page boxes.

A colour is an RGB triple, or None when it cannot be known without rendering (a picture, a
gradient, a theme or style fill we do not resolve). Shapes come in two dialects: DrawingML
(``wp:anchor`` / ``wps:wsp``) and legacy VML (``w:pict`` / ``v:shape``).
"""

import re
from typing import Any

from cvmatch.documents.contrast import WHITE, Rgb, blend, hex_rgb

EMU_PER_TWIP = 635
EMU_PER_PT = 12_700
MIN_BACKDROP_EMU = 274_320
"""A behind-text object smaller than 0.3 inch either way is no banner (nor is an empty one)."""
OFF_PAGE_MARGIN_EMU = 914_400
"""A box is off the page when it lies beyond an edge by more than its size plus one inch."""

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V = "urn:schemas-microsoft-com:vml"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_THEME_NAMES = {
    "background1": "lt1",
    "light1": "lt1",
    "text1": "dk1",
    "dark1": "dk1",
    "background2": "lt2",
    "light2": "lt2",
    "text2": "dk2",
    "dark2": "dk2",
}
_DEFAULT_THEME = {"lt1": WHITE, "dk1": (0.0, 0.0, 0.0)}
VML_SHAPES = frozenset(f"{{{V}}}{name}" for name in ("shape", "rect", "roundrect", "oval"))
_VML_LENGTH = re.compile(r"(-?\d*\.?\d+)(pt|in|px|cm|mm|emu)?$")
_VML_UNITS = {"pt": EMU_PER_PT, "in": 914_400, "px": 9_525, "cm": 360_000, "mm": 36_000}
_NAMED = {"white": "FFFFFF", "black": "000000"}

Theme = dict[str, Rgb]


def read_theme(root: Any | None) -> Theme:
    """The colour scheme of a theme part (``a:clrScheme``), with Office defaults."""
    theme = dict(_DEFAULT_THEME)
    scheme = root.find(f".//{{{A}}}clrScheme") if root is not None else None
    for slot in scheme if scheme is not None else ():
        if not isinstance(slot.tag, str):
            continue
        name = slot.tag.rpartition("}")[2]
        for colour in slot:
            rgb = hex_rgb(
                colour.get("val") if colour.get("lastClr") is None else colour.get("lastClr")
            )
            if rgb is not None:
                theme[name] = rgb
    return theme


def theme_colour(name: str | None, theme: Theme) -> Rgb | None:
    """A WordprocessingML theme colour name (``background1``, ``accent1``...) as RGB."""
    if not name:
        return None
    return theme.get(_THEME_NAMES.get(name, name))


def tinted(colour: Rgb, tint: str | None, shade: str | None) -> Rgb:
    """Apply ``w:themeTint`` (towards white) and ``w:themeShade`` (towards black), hex 00-FF."""
    for value, target in ((tint, WHITE), (shade, (0.0, 0.0, 0.0))):
        try:
            amount = int(value, 16) / 255 if value else None
        except ValueError:
            amount = None
        if amount is not None:
            colour = blend(colour, target, amount)
    return colour


def drawing_fill(properties: Any | None, theme: Theme) -> tuple[bool, Rgb | None]:
    """The fill of a DrawingML shape's ``spPr``: ``(filled, colour)``.

    ``(False, None)``: no fill (transparent). ``(True, None)``: a fill we cannot resolve.
    """
    if properties is None:
        return False, None
    if properties.find(f"{{{A}}}noFill") is not None:
        return False, None
    solid = properties.find(f"{{{A}}}solidFill")
    if solid is not None:
        rgb = solid.find(f"{{{A}}}srgbClr")
        if rgb is not None:
            return True, hex_rgb(rgb.get("val"))
        scheme = solid.find(f"{{{A}}}schemeClr")
        name = scheme.get("val") if scheme is not None else None
        return True, theme.get({"bg1": "lt1", "tx1": "dk1"}.get(name or "", name or ""))
    filled = any(
        properties.find(f"{{{A}}}{kind}") is not None
        for kind in ("gradFill", "blipFill", "pattFill")
    )
    return filled, None


def vml_fill(shape: Any, theme: Theme) -> tuple[bool, Rgb | None]:
    """The fill of a VML shape: ``fillcolor`` unless ``filled="f"``; a picture is unknown."""
    del theme  # VML writes colours out, or names them
    if shape.get("filled") in ("f", "false"):
        return False, None
    if shape.find(f"{{{V}}}imagedata") is not None:
        return True, None
    value = (shape.get("fillcolor") or "white").split()[0].lstrip("#").lower()
    value = _NAMED.get(value, value)
    if len(value) == 3:  # noqa: PLR2004 - #rgb
        value = "".join(c * 2 for c in value)
    return True, hex_rgb(value.upper())


def box_fill(text_box: Any, theme: Theme) -> tuple[bool, Rgb | None]:
    """The fill behind a ``w:txbxContent``: that of the shape holding it."""
    for ancestor in text_box.iterancestors():
        if ancestor.tag == f"{{{WPS}}}wsp":
            filled, colour = drawing_fill(ancestor.find(f"{{{WPS}}}spPr"), theme)
            reference = ancestor.find(f"{{{WPS}}}style/{{{A}}}fillRef")
            styled = reference is not None and reference.get("idx", "0") != "0"
            return (True, None) if styled and not filled else (filled, colour)
        if ancestor.tag in VML_SHAPES:
            return vml_fill(ancestor, theme)
    return False, None


def anchor_extent(anchor: Any) -> tuple[int, int]:
    """Width and height of a ``wp:anchor`` / ``wp:inline`` in EMU (0 when missing)."""
    extent = anchor.find(f"{{{WP}}}extent")
    if extent is None:
        return 0, 0
    return _int(extent.get("cx")), _int(extent.get("cy"))


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def anchor_offset(anchor: Any, axis: str) -> int | None:
    """``wp:positionH`` / ``wp:positionV`` offset in EMU; None when aligned or missing."""
    position = anchor.find(f"{{{WP}}}position{axis}")
    offset = position.find(f"{{{WP}}}posOffset") if position is not None else None
    if offset is None or offset.text is None:
        return None
    return _int(offset.text.strip())


def vml_box(shape: Any) -> tuple[int | None, int | None, int, int]:
    """Left, top, width and height of a VML shape from its ``style`` (EMU)."""
    style: dict[str, str] = {}
    for declaration in (shape.get("style") or "")[:2000].split(";"):
        name, _, value = declaration.partition(":")
        style[name.strip().lower()] = value.strip().lower()
    left = _vml_length(style.get("margin-left") or style.get("left"))
    top = _vml_length(style.get("margin-top") or style.get("top"))
    return left, top, _vml_length(style.get("width")) or 0, _vml_length(style.get("height")) or 0


def _vml_length(value: str | None) -> int | None:
    match = _VML_LENGTH.match(value or "")
    if not match:
        return None
    return round(float(match.group(1)) * _VML_UNITS.get(match.group(2) or "px", 1))


def outside(offset: int | None, size: int, page: int) -> bool:
    """Whether a box at ``offset`` of ``size`` lies entirely off a page of extent ``page``."""
    if offset is None:
        return False
    return offset + size < -OFF_PAGE_MARGIN_EMU or offset > page + OFF_PAGE_MARGIN_EMU
