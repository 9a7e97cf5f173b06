r"""Split long texts into word-bounded chunks that fit an encoder's token limit.

Dense encoders read a bounded number of tokens (MiniLM: 256 word-pieces). Instead of letting the
tokenizer drop the tail of a CV, :func:`chunk_text` cuts the text into chunks of at most
``max_words`` words, and :func:`fit_chunks` re-splits any chunk that still has too many tokens. The
encoder then pools the chunk vectors (see :class:`cvmatch.encoders.base.DenseEncoder`).

Rules, all deterministic:

- Lines are the first boundary: whole lines are packed into a chunk while it stays within
  ``max_words`` words. Blank lines are dropped; a kept line keeps its inner spacing.
- A line longer than ``max_words`` words is cut into windows of ``max_words`` words that overlap by
  ``overlap_words`` words (so a phrase spanning a cut is whole in at least one window).
- A text without any word gives ``[""]``: one empty chunk, so every text has one vector.

>>> chunk_text("Python\nDjango and Flask", max_words=3)
['Python', 'Django and Flask']
>>> chunk_text("a b c d e", max_words=3, overlap_words=1)
['a b c', 'c d e']
>>> chunk_text("  \n ", max_words=3)
['']
"""

from collections.abc import Callable

from cvmatch.errors import InvalidInputError


def word_count(text: str) -> int:
    """Number of whitespace-separated words in ``text``."""
    return len(text.split())


def _windows(words: list[str], max_words: int, overlap_words: int) -> list[str]:
    """Cut ``words`` into overlapping windows of ``max_words``; the last one ends at the end."""
    step = max_words - overlap_words
    out: list[str] = []
    start = 0
    while True:
        out.append(" ".join(words[start : start + max_words]))
        if start + max_words >= len(words):
            return out
        start += step


def chunk_text(text: str, max_words: int, overlap_words: int = 0) -> list[str]:
    """Split ``text`` into chunks of at most ``max_words`` words (see the module docstring).

    Args:
        text: Any text; line breaks are the preferred cut points.
        max_words: Largest number of words in one chunk (at least 1).
        overlap_words: Words shared by consecutive windows of an over-long line
            (``0 <= overlap_words < max_words``).

    Returns:
        The chunks in text order; ``[""]`` when the text holds no word.

    Raises:
        InvalidInputError: When ``max_words`` or ``overlap_words`` is out of range.
    """
    if max_words < 1:
        raise InvalidInputError(f"max_words must be at least 1, got {max_words}")
    if not 0 <= overlap_words < max_words:
        raise InvalidInputError(
            f"overlap_words must be in [0, max_words={max_words}), got {overlap_words}"
        )
    chunks: list[str] = []
    lines: list[str] = []
    size = 0
    for raw in text.splitlines():
        words = raw.split()
        if not words:
            continue
        if size + len(words) > max_words and lines:
            chunks.append("\n".join(lines))
            lines, size = [], 0
        if len(words) > max_words:
            chunks.extend(_windows(words, max_words, overlap_words))
            continue
        lines.append(raw.strip())
        size += len(words)
    if lines:
        chunks.append("\n".join(lines))
    return chunks or [""]


def fit_chunks(
    chunks: list[str],
    count_tokens: Callable[[str], int],
    max_tokens: int,
    overlap_words: int = 0,
) -> list[str]:
    """Re-split every chunk whose token count exceeds ``max_tokens``.

    Word counts only estimate token counts (codes, URLs and non-English words take more pieces),
    so a chunk found too long is split again with proportionally fewer words, until it fits or is
    a single word (which the encoder then truncates: there is no smaller unit to cut).

    >>> fit_chunks(["a b c d"], count_tokens=lambda t: 3 * len(t.split()), max_tokens=6)
    ['a b', 'c d']
    """
    out: list[str] = []
    for chunk in chunks:
        tokens = count_tokens(chunk)
        words = word_count(chunk)
        if tokens <= max_tokens or words <= 1:
            out.append(chunk)
            continue
        # Shrink by the measured tokens-per-word ratio, at least by one word, to converge.
        smaller = max(1, min(words - 1, words * max_tokens // tokens))
        pieces = chunk_text(chunk, smaller, min(overlap_words, smaller // 4))
        out.extend(fit_chunks(pieces, count_tokens, max_tokens, overlap_words))
    return out
