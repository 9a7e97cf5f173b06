"""Characters → fragments → lines → text, in reading order.

Characters are grouped into rows by baseline; a row is cut into *fragments* wherever a gap is
wider than :data:`FRAGMENT_GAP_EM`, so text from two columns never shares a fragment.
:mod:`cvmatch.documents.pdf_columns` orders the fragments into regions (columns and full-width
blocks); each region becomes lines, with a blank line where the vertical gap shows a new
paragraph. Distances are in em: multiples of the font size.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from cvmatch.documents.pdf_chars import SOFT_HYPHEN, PdfChar

ROW_TOLERANCE_EM = 0.4
"""Baselines closer than this share a row (superscripts stay on their line)."""
SPACE_GAP_EM = 0.15
"""A gap wider than this between glyphs is a word space, even without a space character."""
FRAGMENT_GAP_EM = 0.8
"""A gap wider than this splits a row into fragments (columns, tab stops); kept below the
column detector's minimum gutter so a gutter always separates fragments."""
PARAGRAPH_GAP_EM = 0.7
"""Vertical white space (in em of the larger line) above which a blank line separates two lines:
a new block or paragraph. Measured on pdfium's loose boxes, lines set solid touch (gap ~0)."""
_DUPLICATE_OVERLAP = 0.7  # a glyph drawn twice at (almost) one place fakes bold: keep one
# Word endings that mark a line-end hyphen as a syllable break ("develop-" + "ment"), in the
# four supported languages; other hyphens are kept ("full-" + "stack" → "full-stack").
_SUFFIXES = (
    "ment", "ments", "tion", "tions", "sion", "sions", "ing", "ings", "ity", "ities", "ness",
    "ance", "ence", "able", "ible", "ally", "ive", "ives", "ure", "ures", "ogy", "ité", "ités",
    "ique", "iques", "eur", "eurs", "ung", "ungen", "keit", "heit", "schaft", "lich", "isch",
    "ción", "ciones", "miento", "mente", "idad", "idades",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Fragment:
    """Consecutive glyphs of one row with no wide gap: a line of a column, or a cell."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    baseline: float
    size: float

    @property
    def x(self) -> float:
        """Position along the row, for sorting."""
        return self.left


class _OnBaseline(Protocol):
    @property
    def baseline(self) -> float: ...
    @property
    def size(self) -> float: ...
    @property
    def x(self) -> float: ...


Item = TypeVar("Item", bound=_OnBaseline)


def group_rows(items: Sequence[Item]) -> list[list[Item]]:
    """Group items whose baselines lie within :data:`ROW_TOLERANCE_EM`; rows top-down, items left-right."""
    rows: list[list[Item]] = []
    anchor: Item | None = None
    for item in sorted(items, key=lambda i: (-i.baseline, i.x)):
        limit = ROW_TOLERANCE_EM * max(item.size, anchor.size) if anchor else 0.0
        if anchor is None or abs(anchor.baseline - item.baseline) > limit:
            rows.append([])
            anchor = item
        rows[-1].append(item)
    return [sorted(row, key=_x_order) for row in rows]


def _x_order(item: _OnBaseline) -> tuple[float, bool]:
    # A space shares its origin with the next glyph (pdfium puts inferred spaces there).
    return item.x, not getattr(item, "is_space", False)


def build_fragments(chars: Sequence[PdfChar]) -> list[Fragment]:
    """Cut each row of ``chars`` into fragments at gaps wider than :data:`FRAGMENT_GAP_EM`."""
    fragments: list[Fragment] = []
    for row in group_rows(chars):
        piece: list[PdfChar] = []
        previous: PdfChar | None = None
        for char in row:
            if char.is_space:
                if piece and not piece[-1].is_space:
                    piece.append(char)
                continue
            if previous is not None:
                if _is_duplicate(previous, char):
                    continue
                em = max(previous.size, char.size, 1.0)
                if char.left - previous.right > FRAGMENT_GAP_EM * em:
                    fragments.append(_fragment(piece))
                    piece = []
            piece.append(char)
            previous = char
        if previous is not None:
            fragments.append(_fragment(piece))
    return fragments


def _is_duplicate(previous: PdfChar, char: PdfChar) -> bool:
    # Cheapest tests first: most neighbours differ in text.
    if char.text != previous.text or char.object_id == previous.object_id:
        return False  # same object: a ligature split within one draw, not a fake bold
    em = max(previous.size, char.size, 1.0)
    if not abs(previous.baseline - char.baseline) < 0.2 * em:
        return False
    width = max(previous.right - previous.left, 1e-3)
    overlap = min(previous.right, char.right) - max(previous.left, char.left)
    return overlap / width > _DUPLICATE_OVERLAP


def _fragment(piece: Sequence[PdfChar]) -> Fragment:
    glyphs = [c for c in piece if not c.is_space]
    parts: list[str] = []
    last: PdfChar | None = None
    spaced = False
    for char in piece:
        if char.is_space:
            spaced = True
            continue
        if last is not None and (
            spaced or char.left - last.right > SPACE_GAP_EM * max(last.size, char.size, 1.0)
        ):
            parts.append(" ")
        parts.append(char.text)
        last, spaced = char, False
    return Fragment(
        text="".join(parts),
        left=min([c.left for c in glyphs]),
        bottom=min([c.bottom for c in glyphs]),
        right=max([c.right for c in glyphs]),
        top=max([c.top for c in glyphs]),
        baseline=glyphs[0].baseline,
        size=max([c.size for c in glyphs]),
    )


def region_lines(fragments: Sequence[Fragment]) -> list[str]:
    """Lines of one region, top-down; an empty string marks a paragraph gap."""
    lines: list[str] = []
    previous: list[Fragment] | None = None
    for row in group_rows(fragments):
        if previous is not None:
            gap = min(f.bottom for f in previous) - max(f.top for f in row)
            size = max(f.size for f in (*previous, *row))
            if gap > PARAGRAPH_GAP_EM * size:
                lines.append("")
        lines.append(" ".join(f.text for f in row))
        previous = row
    return dehyphenate(lines)


def dehyphenate(lines: Sequence[str]) -> list[str]:
    """Rejoin words broken across lines by a soft hyphen or a syllable-break hyphen.

    The rest of the word moves up, so line breaks stay where they were:

    >>> dehyphenate(["the develop-", "ment of tools", "full-", "stack"])
    ['the development', 'of tools', 'full-', 'stack']
    """
    out = list(lines)
    emptied: set[int] = set()
    for i in range(len(out) - 1):
        line, following = out[i].rstrip(), out[i + 1].lstrip()
        if not line or not following:
            continue
        word, _, rest = following.partition(" ")
        if line.endswith(SOFT_HYPHEN) or _is_syllable_break(line, word):
            out[i], out[i + 1] = line[:-1] + word, rest
            if not rest:
                emptied.add(i + 1)
    return [line.replace(SOFT_HYPHEN, "") for i, line in enumerate(out) if i not in emptied]


def _is_syllable_break(line: str, word: str) -> bool:
    if not (line.endswith("-") and line[-2:-1].isalpha()):
        return False
    if not word[:1].islower():
        return False
    return word.rstrip(".,;:!?)").lower().endswith(_SUFFIXES)
