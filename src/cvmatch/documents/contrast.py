"""Colour arithmetic shared by the hidden-text checks of every reader.

Text is invisible when its ink is (nearly) the colour of what it is drawn on. The test is the
WCAG 2 contrast ratio of the two colours, with an escape for colours of the same lightness and
another hue (yellow on white has a ratio of 1.07 yet is plainly seen).
"""

import math
from collections.abc import Sequence

MIN_CONTRAST_RATIO = 1.2
"""WCAG contrast ratio between glyph and background below which text is invisible.
#F0F0F0 on white is 1.14 (hidden); #E0E0E0 on white is 1.32 (faint but visible)."""
MIN_COLOUR_DISTANCE = 64.0
"""...unless glyph and background differ this much in RGB (0-441): same lightness, other hue."""
WHITE = (255.0, 255.0, 255.0)
_SRGB_KNEE = 0.04045

Rgb = tuple[float, float, float]


def contrast_ratio(first: Sequence[float], second: Sequence[float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (0-255 channels): 1.0 (same) to 21.0.

    >>> round(contrast_ratio([0, 0, 0], [255, 255, 255]), 1)
    21.0
    >>> contrast_ratio([255, 255, 255], [255, 255, 255])
    1.0
    """
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: Sequence[float]) -> float:
    # sRGB transfer function (IEC 61966-2-1), then Rec. 709 luminance weights.
    linear = [
        c / 12.92 if c <= _SRGB_KNEE else ((c + 0.055) / 1.055) ** 2.4
        for c in (channel / 255.0 for channel in colour)
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def blend(ink: Sequence[float], paper: Sequence[float], alpha: float) -> Rgb:
    """``ink`` painted over ``paper`` with opacity ``alpha`` (0-1).

    >>> blend((0, 0, 0), (255, 255, 255), 0.5)
    (127.5, 127.5, 127.5)
    """
    alpha = min(max(alpha, 0.0), 1.0)
    red, green, blue = (alpha * i + (1.0 - alpha) * p for i, p in zip(ink, paper, strict=True))
    return red, green, blue


def invisible_on(ink: Sequence[float], paper: Sequence[float]) -> bool:
    """Whether ``ink`` on ``paper`` cannot be read (low contrast and no other hue).

    >>> invisible_on((240, 240, 240), WHITE), invisible_on((224, 224, 224), WHITE)
    (True, False)
    >>> invisible_on((255, 255, 0), WHITE)
    False
    """
    distance = math.dist(ink, paper)
    return contrast_ratio(ink, paper) < MIN_CONTRAST_RATIO and distance < MIN_COLOUR_DISTANCE


def hex_rgb(value: str | None) -> Rgb | None:
    """``RRGGBB`` (as DOCX writes colours) to an RGB triple; None for ``auto`` or junk.

    >>> hex_rgb("F0F0F0"), hex_rgb("auto")
    ((240.0, 240.0, 240.0), None)
    """
    if value is None or len(value) != 6:  # noqa: PLR2004 - RRGGBB
        return None
    try:
        red, green, blue = (float(int(value[i : i + 2], 16)) for i in (0, 2, 4))
    except ValueError:
        return None
    return red, green, blue
