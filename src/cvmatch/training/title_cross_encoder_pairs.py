"""Training pairs of the title cross-encoder: ESCO labels of the *train* occupations only.

Protocol: docs/benchmarks/title-cross-encoder.md. Per train occupation with at least two labels
(preferred + alternative), up to ``positives`` pairs (label, another label of the same
occupation), each in a random order; per positive, ``hard`` labels of other occupations picked at
random among the first stage's top ``pool`` for the positive's query, and ``random`` labels of
random other occupations. The occupations of the validation and test splits
(:func:`cvmatch.training.language_data.occupation_split`) are never read, so the held-out tasks
of docs/benchmarks/languages.md stay unseen. ``group`` = the occupation URI.

The first stage is passed in as ``neighbours(texts, k)``: for each text, the indices of its
``k`` most similar texts of the same list, best first (an encoder's cosine in the bench script,
a fake in tests).

>>> from cvmatch.training.language_data import OccupationLabels
>>> occ = {"u": OccupationLabels("u", "en", "a", ("b",))}
>>> [p.label for p in title_pairs(occ, lambda texts, k: [[] for _ in texts], splits=None)]
[1.0]
"""

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from cvmatch.training.language_data import OccupationLabels, occupation_split
from cvmatch.training.records import TrainingPair

Neighbours = Callable[[Sequence[str], int], Sequence[Sequence[int]]]
"""``(texts, k)`` → per text, the indices of its ``k`` nearest texts (best first)."""


@dataclass(frozen=True)
class PairMix:
    """How many pairs of each kind: per occupation (positives) and per positive (negatives)."""

    positives: int = 4
    hard: int = 3
    random: int = 1
    pool: int = 20
    """First-stage top-``pool`` that hard negatives are drawn from."""
    seed: int = 42


def train_occupations(
    occupations: Mapping[str, OccupationLabels],
    splits: frozenset[str] | None = frozenset({"train"}),
) -> dict[str, OccupationLabels]:
    """The occupations whose split is in ``splits`` (``None``: all, for toy fixtures only)."""
    return {
        uri: occ
        for uri, occ in sorted(occupations.items())
        if splits is None or occupation_split(uri) in splits
    }


def title_pairs(
    occupations: Mapping[str, OccupationLabels],
    neighbours: Neighbours,
    mix: PairMix | None = None,
    splits: frozenset[str] | None = frozenset({"train"}),
) -> list[TrainingPair]:
    """Positives, hard and random negatives of the ``splits`` occupations (module docstring)."""
    mix = mix or PairMix()
    kept = train_occupations(occupations, splits)
    labels = sorted({label for occ in kept.values() for label in occ.labels})
    owners: dict[str, set[str]] = {}
    for uri, occ in kept.items():
        for label in occ.labels:
            owners.setdefault(label, set()).add(uri)
    rng = random.Random(mix.seed)  # noqa: S311 (a seeded sample, not a secret)
    positives = _positives(kept, mix.positives, rng)
    ranked = neighbours(labels, mix.pool + 1) if labels else []
    # The queries are labels too: each one's top ``pool`` among all labels, itself left out.
    near = {
        label: [labels[j] for j in ranked[i] if j != i][: mix.pool]
        for i, label in enumerate(labels)
    }
    out: list[TrainingPair] = []
    for pair in positives:
        own = owners[pair.query] | owners[pair.document]
        hard = [t for t in near[pair.query] if not owners[t] & own]
        out.append(pair)
        picked = rng.sample(hard, min(mix.hard, len(hard)))
        out.extend(TrainingPair(pair.query, t, 0.0, pair.group, origin="hard") for t in picked)
        others = [uri for uri in kept if uri not in own]
        for _ in range(min(mix.random, len(others))):
            text = rng.choice(kept[rng.choice(others)].labels)
            if not owners[text] & own:  # a label shared with the query's occupation is no negative
                out.append(TrainingPair(pair.query, text, 0.0, pair.group, origin="random"))
    return out


def _positives(
    kept: Mapping[str, OccupationLabels], per_occupation: int, rng: random.Random
) -> list[TrainingPair]:
    out = []
    for uri, occ in kept.items():
        same = [(a, b) for i, a in enumerate(occ.labels) for b in occ.labels[i + 1 :]]
        rng.shuffle(same)
        for a, b in same[:per_occupation]:
            q, d = (a, b) if rng.random() < 0.5 else (b, a)  # noqa: PLR2004 - a fair coin
            out.append(TrainingPair(q, d, 1.0, uri, origin="positive"))
    return out
