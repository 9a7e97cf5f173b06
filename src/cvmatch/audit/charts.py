"""The pool report's charts as inline SVG (matplotlib, no browser-side code, no CDN).

Each function draws one chart on a fresh :class:`~matplotlib.figure.Figure` (no pyplot state,
so it is safe in a server thread) and returns the ``<svg>`` element as text.
"""

import io
from collections.abc import Mapping, Sequence

from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from cvmatch.audit.pool import BANDS
from cvmatch.types import EvidenceStatus

__all__ = ["bar_chart", "score_histogram", "status_chart", "years_histogram"]

_BAND_COLOURS = ("#f2d0cc", "#f6e7c1", "#d7ebd0", "#b8dcb0")
_STATUS_COLOURS = {
    EvidenceStatus.MET: "#3a8d3f",
    EvidenceStatus.PARTIAL: "#e0a526",
    EvidenceStatus.MISSING: "#c8453b",
}
_WIDTH = 7.0


def score_histogram(scores: Sequence[float]) -> str:
    """Scores in bins of 5 points over the calibrated bands, each band shaded and named."""
    figure = Figure(figsize=(_WIDTH, 3.0))
    axes = figure.add_subplot()
    for (name, low, high), colour in zip(BANDS, _BAND_COLOURS, strict=True):
        axes.axvspan(low, min(high, 100.0), color=colour, zorder=0)
        axes.text(
            (low + min(high, 100.0)) / 2,
            1.0,
            name,
            ha="center",
            va="top",
            transform=axes.get_xaxis_transform(),
            fontsize=9,
        )
    axes.hist(list(scores), bins=list(range(0, 105, 5)), color="#2f5d8a", zorder=2)
    axes.set(xlim=(0, 100), xlabel="score (0–100, calibrated)", ylabel="CVs")
    return _svg(figure)


def bar_chart(counts: Sequence[tuple[str, int]], xlabel: str) -> str:
    """A horizontal bar per label, the largest on top."""
    figure = Figure(figsize=(_WIDTH, 0.8 + 0.32 * max(len(counts), 1)))
    axes = figure.add_subplot()
    labels = [_short(label) for label, _ in reversed(counts)]
    axes.barh(labels, [value for _, value in reversed(counts)], color="#2f5d8a")
    axes.set(xlabel=xlabel)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    figure.tight_layout()
    return _svg(figure)


def years_histogram(years: Sequence[float]) -> str:
    """Total dated years of experience per CV, in bins of 2 years."""
    figure = Figure(figsize=(_WIDTH, 2.6))
    axes = figure.add_subplot()
    top = max([*years, 10.0])
    axes.hist(list(years), bins=list(range(0, int(top) + 3, 2)), color="#2f5d8a")
    axes.set(xlabel="years of dated experience", ylabel="CVs")
    figure.tight_layout()
    return _svg(figure)


def status_chart(counts: Mapping[str, Mapping[EvidenceStatus, int]]) -> str:
    """One stacked bar per requirement: how many CVs meet, partly meet or miss it."""
    names: list[str] = list(reversed(list(counts)))
    figure = Figure(figsize=(_WIDTH, 0.9 + 0.34 * max(len(names), 1)))
    axes = figure.add_subplot()
    left = [0] * len(names)
    for status, colour in _STATUS_COLOURS.items():
        values = [counts[name].get(status, 0) for name in names]
        axes.barh([_short(n) for n in names], values, left=left, color=colour, label=str(status))
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set(xlabel="CVs")
    axes.legend(loc="lower right", fontsize=8)
    figure.tight_layout()
    return _svg(figure)


def _short(label: str, width: int = 48) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _svg(figure: Figure) -> str:
    """The figure as an ``<svg>`` element (the XML prolog and doctype dropped)."""
    buffer = io.StringIO()
    # No date: the same pool gives the same file. Ids of clip paths are hashed from this salt.
    with rc_context({"svg.hashsalt": "cvmatch"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg") :]
