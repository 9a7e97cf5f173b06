"""Which DOCX runs a reader cannot see.

A run is hidden when, in any style layer (the run, its character style, the paragraph style,
the table style, the document defaults):

- it is marked ``w:vanish``;
- it is marked ``w:specVanish``, set below :data:`MIN_VISIBLE_HALF_POINTS` (``w:sz``),
  squeezed below :data:`MIN_CHARACTER_SCALE` percent of its width (``w:w``), spaced so
  tightly that its letters pile up (``w:spacing``, :data:`MAX_OVERLAP`) or raised or lowered
  off the page (``w:position``);
- its colour (hex, or a theme colour with its tint and shade) has too little contrast
  (:func:`~cvmatch.documents.contrast.invisible_on`) with what lies behind it: its highlight,
  the run, paragraph, cell or table shading, the fill of the text box it sits in, the page
  colour, else white. A table style with conditional shading leaves the background unknown.
  Pictures and filled shapes placed behind the text (a banner) are other possible
  backgrounds: text that shows only on one of them (or on a picture, colour unknown) stays
  visible while it fits on them: the characters' area (:data:`GLYPH_AREA` × size²) is taken
  from the backdrops' area in document order, and text beyond it is hidden. Empty,
  speck-sized or off-page drawing objects are no backdrop.

Text boxes (DrawingML or VML) and frames (``w:framePr``) placed entirely off the page hide
all their text.
"""

from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]  # no stubs; installed by python-docx

from cvmatch.documents import docx_shapes as shapes
from cvmatch.documents.contrast import WHITE, Rgb, blend, hex_rgb, invisible_on

MIN_VISIBLE_HALF_POINTS = 8
"""Runs set smaller than 4 pt (8 half-points) are hidden text."""
MIN_CHARACTER_SCALE = 30
"""Runs squeezed below 30 % of their width (``w:w``) are hidden text."""
MAX_OVERLAP = 0.6
"""Character spacing (``w:spacing``) tighter than -60 % of the font size piles letters up."""
MAX_POSITION_HALF_POINTS = 1000
"""Text raised or lowered (``w:position``) by more than 500 pt leaves the page."""
GLYPH_AREA = 0.6
"""Area of a character in units of its font size squared (half an em wide, 1.2 em line)."""
DEFAULT_HALF_POINTS = 20
"""Word's font size when no style sets one (10 pt)."""

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {
    "w": W,
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": shapes.WP,
    "a": shapes.A,
    "v": shapes.V,
}
_HIGHLIGHTS = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}
_UNKNOWN = object()  # a background that cannot be known without rendering


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


_VAL = _w("val")
# Innermost first: the run, its paragraph, the cell, the table (nested tables: inner first).
_LAYERS = etree.XPath(
    "ancestor-or-self::w:r[1] | ancestor::w:p[1] | ancestor::w:tc | ancestor::w:tbl"
    " | ancestor::w:txbxContent",
    namespaces=_NS,
)
_BEHIND = etree.XPath(
    ".//wp:anchor[@behindDoc='1' or @behindDoc='true'][not(ancestor::mc:Fallback)]"
    " | .//w:pict[not(ancestor::mc:Fallback)]//v:*[@fillcolor or v:imagedata]",
    namespaces=_NS,
)
_TABLE_STYLE = etree.XPath("ancestor::w:tbl[1]/w:tblPr/w:tblStyle/@w:val", namespaces=_NS)
_ANCHORS = etree.XPath("ancestor::wp:anchor[1]", namespaces=_NS)


def is_on(element: Any) -> bool:
    """Whether a toggle property such as ``<w:vanish/>`` is switched on."""
    return element.get(_VAL, "true") not in ("0", "false", "off")


class Styles:
    """Style lookups: run properties through the style hierarchy, and style shading."""

    def __init__(self, root: Any) -> None:
        self._by_id = {s.get(_w("styleId")): s for s in root.iterfind(_w("style"))}
        self._defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")

    def chain(self, style_id: str | None) -> Iterator[Any]:
        """``style_id`` and the styles it is based on (cycles cut)."""
        seen: set[str] = set()
        while style_id and style_id in self._by_id and style_id not in seen:
            seen.add(style_id)
            style = self._by_id[style_id]
            yield style
            based_on = style.find(_w("basedOn"))
            style_id = based_on.get(_VAL) if based_on is not None else None

    def run_property(self, run: Any, paragraph_style: str | None, tag: str) -> Any:
        """The element ``tag`` in effect for ``run``: direct, character, paragraph, table style."""
        run_style = run.find(f"{_w('rPr')}/{_w('rStyle')}")
        styles = [*self.chain(run_style.get(_VAL) if run_style is not None else None)]
        styles.extend(self.chain(paragraph_style))
        for table_style in _TABLE_STYLE(run):
            styles.extend(self.chain(table_style))
        sources = [run.find(_w("rPr")), *(s.find(_w("rPr")) for s in styles), self._defaults]
        for properties in sources:
            found = properties.find(tag) if properties is not None else None
            if found is not None:
                return found
        return None

    def paragraph_shading(self, style_id: str | None) -> Any:
        """The ``w:shd`` a paragraph style paints, if any."""
        for style in self.chain(style_id):
            shading = style.find(f"{_w('pPr')}/{_w('shd')}")
            if shading is not None:
                return shading
        return None

    def conditional_shading(self, style_id: str | None) -> bool:
        """Whether a table style shades some cells (banding, header rows): colour unknown."""
        return any(
            shading.get(_w("fill"), "auto") != "auto"
            for style in self.chain(style_id)
            for shading in style.iter(_w("shd"))
        )


def _shading(shading: Any | None, below: Any) -> Any:
    """The colour a ``w:shd`` paints over ``below`` (``below`` when it paints nothing)."""
    if shading is None:
        return below
    pattern = shading.get(_VAL, "clear")
    fill = hex_rgb(shading.get(_w("fill")))
    ink = hex_rgb(shading.get(_w("color"))) or (0.0, 0.0, 0.0)
    if pattern in ("clear", "nil"):
        return fill if fill is not None else below
    if pattern == "solid":
        return ink
    if pattern.startswith("pct") and pattern[3:].isdigit() and below is not _UNKNOWN:
        return blend(ink, fill or below, int(pattern[3:]) / 100)
    return _UNKNOWN


class DocxVisibility:
    """Hidden-text verdicts for one document (styles, theme, page and drawing backdrops)."""

    def __init__(self, styles: Styles, theme: shapes.Theme, body: Any, margins: list[Any]) -> None:
        self.styles = styles
        self.theme = theme
        background = (
            body.getparent().find(_w("background")) if body.getparent() is not None else None
        )
        self.page = self._page_colour(background)
        self.page_size = _page_size(body)
        self.backdrops = [*self._backdrops(body), *(b for m in margins for b in self._backdrops(m))]
        self.room = sum(area for _, area in self.backdrops)  # pt² of backdrop left to fill

    def _page_colour(self, background: Any | None) -> Rgb | None:
        if background is None:
            return WHITE
        colour = shapes.theme_colour(background.get(_w("themeColor")), self.theme)
        colour = colour or hex_rgb(background.get(_w("color")))
        return (
            colour if colour is not None or background.get(_w("color")) in (None, "auto") else None
        )

    def _backdrops(self, root: Any) -> Iterator[tuple[Rgb | None, float]]:
        """Colour (None: a picture) and area (pt²) of real pictures or shapes behind the text.

        Empty objects, specks (under :data:`~docx_shapes.MIN_BACKDROP_EMU` either way) and
        objects placed off the page are no backdrop.
        """
        page_width, page_height = self.page_size
        for element in _BEHIND(root):
            if element.tag == f"{{{shapes.WP}}}anchor":
                width, height = shapes.anchor_extent(element)
                left = shapes.anchor_offset(element, "H")
                top = shapes.anchor_offset(element, "V")
                properties = next(
                    element.iter(f"{{{shapes.WPS}}}spPr", f"{{{shapes.A}}}blip"), None
                )
                if properties is None:
                    continue
                picture = properties.tag == f"{{{shapes.A}}}blip"
                filled, colour = (
                    (True, None) if picture else shapes.drawing_fill(properties, self.theme)
                )
            else:
                left, top, width, height = shapes.vml_box(element)
                filled, colour = shapes.vml_fill(element, self.theme)
            on_page = not (
                shapes.outside(left, width, page_width) or shapes.outside(top, height, page_height)
            )
            if filled and on_page and min(width, height) >= shapes.MIN_BACKDROP_EMU:
                yield colour, width * height / shapes.EMU_PER_PT**2

    def run_hidden(self, run: Any, paragraph_style: str | None) -> bool:
        """Whether ``run`` is vanished, tiny, squeezed or invisible on what lies behind it."""
        prop = self.styles.run_property
        for toggle in ("vanish", "specVanish"):
            found = prop(run, paragraph_style, _w(toggle))
            if found is not None and is_on(found):
                return True
        if self._squeezed(run, paragraph_style):
            return True
        ink = self._ink(prop(run, paragraph_style, _w("color")))
        if ink is None:
            return False
        behind = self._background(run, paragraph_style)
        if behind is _UNKNOWN or not invisible_on(ink, behind):
            return False
        return not self._fits_on_backdrop(run, paragraph_style, ink)

    def _fits_on_backdrop(self, run: Any, paragraph_style: str | None, ink: Rgb) -> bool:
        """Whether a backdrop shows ``run`` and has room left for its characters."""
        if not any(c is None or not invisible_on(ink, c) for c, _ in self.backdrops):
            return False
        size = _number(self.styles.run_property(run, paragraph_style, _w("sz")))
        size = size or DEFAULT_HALF_POINTS
        need = sum(len(t.text or "") for t in run.iter(_w("t"))) * GLYPH_AREA * (size / 2) ** 2
        if need > self.room:
            return False
        self.room -= need
        return True

    def _squeezed(self, run: Any, paragraph_style: str | None) -> bool:
        """Tiny, squeezed, overlapped into one point, or raised or lowered off the page."""
        values = {
            tag: _number(self.styles.run_property(run, paragraph_style, _w(tag)))
            for tag in ("sz", "w", "spacing", "position")
        }
        size = values["sz"] if values["sz"] is not None else DEFAULT_HALF_POINTS
        if size < MIN_VISIBLE_HALF_POINTS:
            return True
        if values["w"] is not None and values["w"] < MIN_CHARACTER_SCALE:
            return True
        # w:spacing is in twentieths of a point, w:sz and w:position in half-points.
        spacing, position = values["spacing"], values["position"]
        if spacing is not None and spacing / 20 <= -MAX_OVERLAP * size / 2:
            return True
        return position is not None and abs(position) > MAX_POSITION_HALF_POINTS

    def _ink(self, colour: Any | None) -> Rgb | None:
        """The run's text colour; None for automatic colour (always readable)."""
        if colour is None:
            return None
        themed = shapes.theme_colour(colour.get(_w("themeColor")), self.theme)
        if themed is not None:
            return shapes.tinted(themed, colour.get(_w("themeTint")), colour.get(_w("themeShade")))
        return hex_rgb(colour.get(_VAL))

    def _background(self, run: Any, paragraph_style: str | None) -> Any:
        """What is painted directly behind ``run``: highlight, shadings, box fill, page."""
        highlight = run.find(f"{_w('rPr')}/{_w('highlight')}")
        if highlight is not None and highlight.get(_VAL) not in (None, "none"):
            return hex_rgb(_HIGHLIGHTS.get(highlight.get(_VAL, ""), "")) or _UNKNOWN
        below: Any = self.page if self.page is not None else _UNKNOWN
        layers = list(_LAYERS(run))
        for layer in layers:  # document order: outermost first
            below = self._layer(layer, paragraph_style, below)
        return _UNKNOWN if below is None else below

    def _layer(self, layer: Any, paragraph_style: str | None, below: Any) -> Any:
        tag = layer.tag
        if tag == _w("txbxContent"):
            filled, colour = shapes.box_fill(layer, self.theme)
            return (colour if colour is not None else _UNKNOWN) if filled else below
        if tag == _w("tbl"):
            style = layer.find(f"{_w('tblPr')}/{_w('tblStyle')}")
            if style is not None and self.styles.conditional_shading(style.get(_VAL)):
                below = _UNKNOWN
            return _shading(layer.find(f"{_w('tblPr')}/{_w('shd')}"), below)
        if tag == _w("tc"):
            return _shading(layer.find(f"{_w('tcPr')}/{_w('shd')}"), below)
        if tag == _w("p"):
            shading = layer.find(f"{_w('pPr')}/{_w('shd')}")
            return _shading(
                shading if shading is not None else self.styles.paragraph_shading(paragraph_style),
                below,
            )
        return _shading(layer.find(f"{_w('rPr')}/{_w('shd')}"), below)

    def box_hidden(self, text_box: Any) -> bool:
        """Whether a ``w:txbxContent`` sits in a shape placed entirely off the page."""
        width, height = self.page_size
        anchor = next(iter(_ANCHORS(text_box)), None)
        if anchor is not None:
            cx, cy = shapes.anchor_extent(anchor)
            return shapes.outside(shapes.anchor_offset(anchor, "H"), cx, width) or shapes.outside(
                shapes.anchor_offset(anchor, "V"), cy, height
            )
        for ancestor in text_box.iterancestors(*shapes.VML_SHAPES):
            left, top, cx, cy = shapes.vml_box(ancestor)
            return shapes.outside(left, cx, width) or shapes.outside(top, cy, height)
        return False

    def frame_hidden(self, paragraph: Any) -> bool:
        """Whether a paragraph's frame (``w:framePr``) is placed entirely off the page."""
        frame = paragraph.find(f"{_w('pPr')}/{_w('framePr')}")
        if frame is None:
            return False
        width, height = self.page_size
        x, y = _twips(frame.get(_w("x"))), _twips(frame.get(_w("y")))
        cx, cy = _twips(frame.get(_w("w"))) or 0, _twips(frame.get(_w("h"))) or 0
        emu = shapes.EMU_PER_TWIP
        return shapes.outside(x and x * emu, cx * emu, width) or shapes.outside(
            y and y * emu, cy * emu, height
        )


def theme_root(blob: bytes | None) -> Any | None:
    """The parsed theme part (entities and network off); None when absent or unreadable."""
    if not blob:
        return None
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(blob, parser)
    except etree.XMLSyntaxError:
        return None  # a damaged theme only loses theme colours: Office defaults apply


def _number(element: Any | None) -> int | None:
    """The integer ``w:val`` of a property element (``w:w`` may carry a ``%``)."""
    value = (element.get(_VAL, "") if element is not None else "").rstrip("%")
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _twips(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _page_size(body: Any) -> tuple[int, int]:
    """Width and height of the (last section's) page in EMU; US Letter when unset."""
    size = body.find(f"{_w('sectPr')}/{_w('pgSz')}")
    width = _twips(size.get(_w("w"))) if size is not None else None
    height = _twips(size.get(_w("h"))) if size is not None else None
    return (width or 12_240) * shapes.EMU_PER_TWIP, (height or 15_840) * shapes.EMU_PER_TWIP
