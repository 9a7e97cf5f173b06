"""Deduplicate pairs and split them into train / validation / test, grouped.

Two pairs are *connected* when they share a group or a text (on either side, compared
case-folded). A connected component goes wholly into one split, so the same document (a CV, a job
title) never appears in two splits and an occupation is never both trained on and tested. The
split of a component is drawn from a seeded hash of its smallest key, so it does not depend on the
order of the input; the fractions hold over components, not pairs.

A pair's hard negative does not connect: negatives mined over a whole file point at other
groups' texts, and would merge everything into one component (no validation, no test). Instead a
negative that is a text of another split is dropped from its pair (counted in
``Splits.negatives_dropped``), so no text still crosses a split.
"""

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from cvmatch.training.pairs import normalise
from cvmatch.training.records import TrainingPair

_SCALE = float(2**64)


@dataclass(frozen=True)
class Splits:
    """The three splits and how many duplicate pairs were removed before splitting."""

    train: tuple[TrainingPair, ...]
    validation: tuple[TrainingPair, ...]
    test: tuple[TrainingPair, ...]
    duplicates: int = 0
    negatives_dropped: int = 0


def deduplicate(pairs: Sequence[TrainingPair]) -> tuple[list[TrainingPair], int]:
    """First occurrence of each (query, document) pair, either order, case-folded."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for pair in pairs:
        a, b = normalise(pair.query), normalise(pair.document)
        key = (a, b) if a <= b else (b, a)
        if key not in seen:
            seen.add(key)
            kept.append(pair)
    return kept, len(pairs) - len(kept)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = self.parent.setdefault(key, key)
        while root != self.parent[root]:
            root = self.parent[root]
        while key != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _keys(pair: TrainingPair) -> list[str]:
    keys = ["t:" + normalise(pair.query), "t:" + normalise(pair.document)]
    if pair.group:
        keys.append("g:" + pair.group)
    return keys


def _fraction(seed: int, key: str) -> float:
    digest = hashlib.sha256(f"{seed}\x1f{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def split_pairs(pairs: Sequence[TrainingPair], validation: float, test: float, seed: int) -> Splits:
    """Deduplicate, then split by connected component (see the module docstring)."""
    unique, duplicates = deduplicate(pairs)
    forest = _UnionFind()
    for pair in unique:
        keys = _keys(pair)
        for key in keys[1:]:
            forest.union(keys[0], key)
    parts: dict[str, list[TrainingPair]] = {"train": [], "validation": [], "test": []}
    split_of: dict[str, str] = {}
    for pair in unique:
        keys = _keys(pair)
        value = _fraction(seed, forest.find(keys[0]))
        name = "test" if value < test else "validation" if value < test + validation else "train"
        parts[name].append(pair)
        split_of.update(dict.fromkeys(keys[:2], name))  # its two texts
    dropped = 0
    for name, part in parts.items():
        for index, pair in enumerate(part):
            if pair.negative and split_of.get("t:" + normalise(pair.negative), name) != name:
                part[index] = dataclasses.replace(pair, negative=None)
                dropped += 1
    return Splits(
        tuple(parts["train"]),
        tuple(parts["validation"]),
        tuple(parts["test"]),
        duplicates,
        dropped,
    )
