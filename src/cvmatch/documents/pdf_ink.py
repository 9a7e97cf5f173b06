"""Where a rendered page has ink: cheap per-word pixel counts for the hidden-text check.

The hidden-text check (:mod:`cvmatch.documents.pdf_visibility`) looks at every word of a page:
the median colour of a ring of pixels around it (what the word is drawn on) and the pixels
inside it (whether the word left ink). Most words of a CV sit on white paper, where both
questions reduce to counting pixels, without sorting or converting any colour:

- the per-channel median of a ring of ``n`` pixels is exactly white when at most
  ``(n - 1) // 2`` of them are not pure white (the two middle values of every channel are 255);
- on white, a word left ink when some pixel inside has a channel at least ``min_ink`` below 255.

Words on any other background take the exact median path of the caller.
"""

import numpy as np
import numpy.typing as npt

Pixels = npt.NDArray[np.uint8]
Box = tuple[int, int, int, int]
"""``(x0, y0, x1, y1)`` in pixels, ``x1`` and ``y1`` exclusive, inside the image."""

WHITE = (255.0, 255.0, 255.0)
_WHITE = 255


class InkMap:
    """Non-white and inked masks of an RGB image, computed once per page.

    Args:
        pixels: ``(height, width, 3)`` uint8 RGB (a view of a wider pixel format is fine).
        min_ink: A pixel is inked when a channel is at least this far below white (255).
    """

    def __init__(self, pixels: Pixels, min_ink: int) -> None:
        # np.minimum over channel planes: ~15x faster than min(axis=2) on a strided view.
        darkest = np.minimum(np.minimum(pixels[:, :, 0], pixels[:, :, 1]), pixels[:, :, 2])
        self.height, self.width = darkest.shape
        self._pixels = pixels
        self._non_white = darkest < _WHITE
        self._inked = darkest <= _WHITE - min_ink

    def white_ring(self, box: Box, near: int, far: int) -> bool | None:
        """Whether the median of the ring around ``box`` is white; None when the ring is empty.

        The ring is four strips (above, below, left, right), ``near`` to ``far`` pixels away,
        cut as numpy slices are at the image edges (the caller's exact path uses the same).
        """
        x0, y0, x1, y1 = box
        left, right = max(x0 - near, 0), x1 + near
        strips = (
            self._non_white[max(y0 - far, 0) : max(y0 - near, 0), left:right],
            self._non_white[y1 + near : y1 + far, left:right],
            self._non_white[y0:y1, max(x0 - far, 0) : max(x0 - near, 0)],
            self._non_white[y0:y1, x1 + near : x1 + far],
        )
        total = sum(strip.size for strip in strips)
        if not total:
            return None
        non_white = sum(int(np.count_nonzero(strip)) for strip in strips)
        return non_white <= (total - 1) // 2

    def has_ink(self, box: Box) -> bool:
        """Whether a pixel inside ``box`` is inked (meaningful on a white background)."""
        x0, y0, x1, y1 = box
        return bool(self._inked[y0:y1, x0:x1].any())

    def under(self, box: Box) -> tuple[float, float, float]:
        """Median colour inside ``box``: white at the cost of a count when nothing is drawn."""
        x0, y0, x1, y1 = box
        if not self._non_white[y0:y1, x0:x1].any():
            return WHITE
        red, green, blue = (
            float(v) for v in np.median(self._pixels[y0:y1, x0:x1].reshape(-1, 3), axis=0)
        )
        return red, green, blue
