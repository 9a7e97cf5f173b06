"""Reading order of a page: find column gutters, read each column top-down, left column first.

A *gutter* is a vertical strip at least :data:`GUTTER_MIN_EM` wide that no fragment crosses over
a band covering :data:`GUTTER_MIN_SHARE` of the region's height, with text on both sides.
Fragments crossing the strip above or below the band (a name header, a footer) stay where they
are. The split recurses, so three columns, or a header + columns + full-width block + columns,
come out in order. This works on geometry only: a PDF that writes its right column first reads
the same as one that writes the left column first.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from statistics import median

import numpy as np
import numpy.typing as npt

from cvmatch.documents.pdf_layout import ROW_TOLERANCE_EM, Fragment, region_lines

GUTTER_MIN_EM = 1.0
"""Narrowest gutter, in em of the region's median font size (word gaps are ~0.3 em)."""
GUTTER_MIN_SHARE = 0.4
"""The gutter must stay empty over this share of the region's height (a header + two columns +
a full-width block + two more columns still splits: the larger column band is found first)."""
MIN_COLUMN_FRAGMENTS = 3
"""Each side of a gutter needs at least this many fragments."""
MIN_COLUMN_WIDTH_EM = 3.0
"""Each side must be this wide: a column of bullets or list numbers is not a column."""
LABEL_ALIGNED_SHARE = 0.8
LABEL_ISOLATED_SHARE = 0.5
"""A side whose fragments are mostly on the other side's rows (aligned share) and mostly alone
(no line of their own side within 1.5 line pitches of the other side) holds labels of those rows, such as dates
next to job titles: rows are then read across, not split into columns."""
_NEIGHBOUR_PITCHES = (
    1.5  # same-side lines closer than 1.5 line pitches of the other side are neighbours
)
MAX_DEPTH = 8
MAX_FRAGMENTS = 4000
MAX_WINDOWS = 2000
"""Bounds on the work for hostile layouts: split depth, fragments per region (a CV page has a
few hundred; beyond this the region is read row by row) and gutter positions tried."""

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class ColumnSplit:
    """A region cut by a gutter: full-width parts above and below, two columns in between."""

    above: list[Fragment]
    left: list[Fragment]
    right: list[Fragment]
    below: list[Fragment]
    band: float
    width: float


def fragments_text(fragments: Sequence[Fragment]) -> str:
    """Text of ``fragments`` in reading order: lines, blank lines between regions and blocks."""
    return "\n\n".join("\n".join(region_lines(region)) for region in reading_order(fragments))


def reading_order(fragments: Sequence[Fragment], depth: int = 0) -> list[list[Fragment]]:
    """Split ``fragments`` into regions (full-width blocks and columns) in reading order."""
    if not fragments:
        return []
    split = find_split(fragments) if depth < MAX_DEPTH else None
    if split is None:
        return [list(fragments)]
    parts = (split.above, split.left, split.right, split.below)
    return [region for part in parts for region in reading_order(part, depth + 1)]


def find_split(fragments: Sequence[Fragment]) -> ColumnSplit | None:
    """Return the best gutter split of ``fragments``, or None when they form one column."""
    if not 2 * MIN_COLUMN_FRAGMENTS <= len(fragments) <= MAX_FRAGMENTS:
        return None
    lefts = np.array([f.left for f in fragments])
    rights = np.array([f.right for f in fragments])
    width = GUTTER_MIN_EM * median(f.size for f in fragments)
    step = max(1.0, float(rights.max() - lefts.min()) / MAX_WINDOWS)
    starts = np.arange(lefts.min(), rights.max() - width, step)
    if starts.size == 0:
        return None
    crossing = (lefts[None, :] < starts[:, None] + width) & (rights[None, :] > starts[:, None])
    # Windows in one run block the same fragments, so one representative per run is enough.
    change = np.flatnonzero(np.any(crossing[1:] != crossing[:-1], axis=1)) + 1
    run_starts = np.concatenate(([0], change))
    run_ends = np.concatenate((change, [len(starts)]))
    # Cheap filter: fragments crossing the strip must leave room for the band.
    heights = np.array([f.top - f.bottom for f in fragments])
    region = max(f.top for f in fragments) - min(f.bottom for f in fragments)
    blocked = crossing[run_starts].astype(np.float64) @ heights
    best: ColumnSplit | None = None
    for first, end, cover in zip(run_starts, run_ends, blocked, strict=True):
        if cover > (1 - GUTTER_MIN_SHARE) * region:
            continue
        middle = float(starts[(first + end - 1) // 2])
        gutter = (middle, middle + width)
        split = _split_at(fragments, crossing[first], gutter, width + step * float(end - first - 1))
        if split is not None and (
            best is None or (split.band, split.width) > (best.band, best.width)
        ):
            best = split
    return best


def _split_at(
    fragments: Sequence[Fragment],
    blockers: npt.NDArray[np.bool_],
    gutter: tuple[float, float],
    gutter_width: float,
) -> ColumnSplit | None:
    region_top = max(f.top for f in fragments)
    region_bottom = min(f.bottom for f in fragments)
    band_top, band_bottom = _largest_band(
        [(f.top, f.bottom) for f, blocked in zip(fragments, blockers, strict=True) if blocked],
        region_top,
        region_bottom,
    )
    if band_top - band_bottom < GUTTER_MIN_SHARE * (region_top - region_bottom):
        return None
    above: list[Fragment] = []
    left: list[Fragment] = []
    right: list[Fragment] = []
    below: list[Fragment] = []
    for fragment, blocked in zip(fragments, blockers, strict=True):
        middle = (fragment.top + fragment.bottom) / 2
        if blocked or not band_bottom < middle < band_top:
            # The band lies between blockers, so every blocker is above or below it.
            (above if middle >= band_top else below).append(fragment)
        elif fragment.right <= gutter[0]:
            left.append(fragment)
        else:
            right.append(fragment)
    if not (_is_column(left) and _is_column(right)):
        return None
    if _is_label_side(left, right) or _is_label_side(right, left):
        return None
    return ColumnSplit(above, left, right, below, band=band_top - band_bottom, width=gutter_width)


def _largest_band(
    blockers: Sequence[tuple[float, float]], region_top: float, region_bottom: float
) -> tuple[float, float]:
    """Tallest vertical interval (top, bottom) of the region crossed by no blocker."""
    best = (region_top, region_top)
    cursor = region_top  # lowest point covered by the blockers seen so far
    for top, bottom in sorted(blockers, reverse=True):
        if cursor - top > best[0] - best[1]:
            best = (cursor, top)
        cursor = min(cursor, bottom)
    if cursor - region_bottom > best[0] - best[1]:
        best = (cursor, region_bottom)
    return best


def _is_column(side: Sequence[Fragment]) -> bool:
    if len(side) < MIN_COLUMN_FRAGMENTS:
        return False
    width = max(f.right for f in side) - min(f.left for f in side)
    return width >= MIN_COLUMN_WIDTH_EM * median(f.size for f in side)


def _is_label_side(side: Sequence[Fragment], other: Sequence[Fragment]) -> bool:
    baselines: Floats = np.array([f.baseline for f in side])
    tolerance: Floats = ROW_TOLERANCE_EM * np.array([f.size for f in side])
    others: Floats = np.array([f.baseline for f in other])
    aligned = np.abs(baselines[:, None] - others[None, :]).min(axis=1) <= tolerance
    distance = np.abs(baselines[:, None] - baselines[None, :])
    reach = _NEIGHBOUR_PITCHES * _line_pitch(other)
    neighbour = (distance > tolerance[:, None]) & (distance <= reach)
    isolated = ~neighbour.any(axis=1)
    return bool(aligned.mean() >= LABEL_ALIGNED_SHARE and isolated.mean() >= LABEL_ISOLATED_SHARE)


def _line_pitch(fragments: Sequence[Fragment]) -> float:
    """Typical baseline-to-baseline distance of consecutive lines (their font size if one line)."""
    size = median(f.size for f in fragments)
    baselines = sorted({round(f.baseline, 1) for f in fragments}, reverse=True)
    steps = [a - b for a, b in pairwise(baselines) if a - b > ROW_TOLERANCE_EM * size]
    return median(steps) if steps else size
