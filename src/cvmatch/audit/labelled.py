"""Labelled CV snippets and the precision / recall of redaction over them.

The format (``tests/audit/data/redaction_labelled.txt``): ``#`` lines are comments, snippets are
separated by a line holding only ``---``, and personal data is marked ``⟦entity|text⟧``.

A gold span is *recalled* when every non-blank character of it lies inside predicted spans (of
any kind: masking it is what counts). A predicted span is *correct* when at least half of its
non-blank characters lie inside gold spans. Precision is per predicted kind, recall per gold kind.

>>> snippet = parse_snippet("⟦name|Ada Lovelace⟧ wrote ⟦email|a@b.org⟧")
>>> snippet.text, [(s.start, s.end, str(s.entity)) for s in snippet.spans]
('Ada Lovelace wrote a@b.org', [(0, 12, 'name'), (19, 26, 'email')])
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cvmatch.redaction import Entity, Span

__all__ = ["EntityScore", "Snippet", "evaluate", "load_snippets", "parse_snippet"]

_MARK = re.compile(r"⟦(\w+)\|(.*?)⟧")
_CORRECT_SHARE = 0.5


@dataclass(frozen=True)
class Snippet:
    """A text and its gold spans of personal data."""

    text: str
    spans: tuple[Span, ...]


@dataclass(frozen=True)
class EntityScore:
    """Counts behind the precision and recall of one kind of personal data."""

    entity: Entity
    gold: int
    recalled: int
    predicted: int
    correct: int

    @property
    def recall(self) -> float:
        """Share of gold spans fully masked (1.0 with no gold span)."""
        return self.recalled / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        """Share of predicted spans that mostly cover personal data (1.0 with none)."""
        return self.correct / self.predicted if self.predicted else 1.0


def parse_snippet(marked: str) -> Snippet:
    """A snippet from text with ``⟦entity|text⟧`` marks."""
    parts: list[str] = []
    spans: list[Span] = []
    position, length = 0, 0
    for found in _MARK.finditer(marked):
        before = marked[position : found.start()]
        parts.append(before)
        length += len(before)
        spans.append(Span(length, length + len(found.group(2)), Entity(found.group(1))))
        parts.append(found.group(2))
        length += len(found.group(2))
        position = found.end()
    parts.append(marked[position:])
    return Snippet("".join(parts), tuple(spans))


def load_snippets(path: Path) -> list[Snippet]:
    """Every snippet of a labelled file."""
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    blocks = "\n".join(lines).split("\n---\n")
    return [parse_snippet(block.strip("\n")) for block in blocks if block.strip()]


def evaluate(
    snippets: Sequence[Snippet], detect: Callable[[str], Iterable[Span]]
) -> list[EntityScore]:
    """Precision and recall of ``detect`` per kind of personal data, over ``snippets``."""
    counts = {entity: [0, 0, 0, 0] for entity in Entity}  # gold, recalled, predicted, correct
    for snippet in snippets:
        predicted = list(detect(snippet.text))
        masked = _covered(snippet.text, predicted)
        gold = _covered(snippet.text, snippet.spans)
        for span in snippet.spans:
            counts[span.entity][0] += 1
            counts[span.entity][1] += _share(snippet.text, span, masked) == 1.0
        for span in predicted:
            counts[span.entity][2] += 1
            counts[span.entity][3] += _share(snippet.text, span, gold) >= _CORRECT_SHARE
    return [EntityScore(entity, *values) for entity, values in counts.items() if any(values)]


def _covered(text: str, spans: Iterable[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end) if not text[i].isspace()}


def _share(text: str, span: Span, covered: set[int]) -> float:
    positions = [i for i in range(span.start, span.end) if not text[i].isspace()]
    return sum(i in covered for i in positions) / len(positions) if positions else 1.0
