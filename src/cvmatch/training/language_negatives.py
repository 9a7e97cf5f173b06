"""Hard negatives for head-training pairs: the nearest preferred label of another occupation.

For a pair (query, document) of occupation O, whose document is in language T, the hard
negative is the preferred label in T of the *train* occupation other than O whose base vector is
nearest (cosine) to the query's. Only train occupations are candidates, so no held-out
occupation reaches training through a negative (docs/benchmarks/languages.md, round 2).
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np

from cvmatch.training.language_data import OccupationLabels, occupation_split
from cvmatch.training.records import TrainingPair

_BLOCK = 2048
"""Queries scored at once (bounds the block of cosines)."""


def document_language(
    pair: TrainingPair, esco: Mapping[str, Mapping[str, OccupationLabels]]
) -> str:
    """The language of the pair's document: English for cross-language pairs, else the origin's."""
    own = pair.origin.removeprefix("esco-")
    english = esco.get("en", {}).get(pair.group)
    if own != "en" and english is not None and pair.document == english.preferred:
        return "en"
    return own


def with_hard_negatives(
    pairs: Sequence[TrainingPair],
    esco: Mapping[str, Mapping[str, OccupationLabels]],
    vectors: Mapping[str, np.ndarray],
) -> list[TrainingPair]:
    """``pairs`` in the same order, each with ``negative`` set (see the module docstring)."""
    by_language: dict[str, list[int]] = {}
    for index, pair in enumerate(pairs):
        by_language.setdefault(document_language(pair, esco), []).append(index)
    out = list(pairs)
    for language, indices in sorted(by_language.items()):
        uris = sorted(u for u in esco[language] if occupation_split(u) == "train")
        labels = [esco[language][u].preferred for u in uris]
        candidates = _unit(np.stack([vectors[label] for label in labels]))
        column = {uri: c for c, uri in enumerate(uris)}
        for start in range(0, len(indices), _BLOCK):
            block = indices[start : start + _BLOCK]
            cosines = _unit(np.stack([vectors[pairs[i].query] for i in block])) @ candidates.T
            for row, i in enumerate(block):
                own = column.get(pairs[i].group)
                if own is not None:
                    cosines[row, own] = -np.inf
            for row, best in enumerate(np.argmax(cosines, axis=1)):
                out[block[row]] = replace(pairs[block[row]], negative=labels[int(best)])
    return out


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.asarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)
