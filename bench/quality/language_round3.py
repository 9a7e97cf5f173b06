"""Round 3 of docs/benchmarks/languages.md: candidates over the second offline encoder, e5-small-q4.

* ``e5``: plain e5-small-q4 cosine (``"query: "`` on both sides);
* ``e5-per-language``: linear heads over e5-small-q4, one per language, trained like the shipped
  USE-m3 heads (same pairs, :func:`cvmatch.training.language_head.fit_head`, same settings);
* ``ensemble``: 0.5 · cos(USE-m3 + head of L) + 0.5 · cos(e5 + e5 head of L), computed as the dot
  product of the two unit vectors scaled by 1/√2 and concatenated.

The tasks read joined ``[USE-m3 (512) | e5 (384)]`` rows (:class:`JoinedVectors`), so every
candidate, old or new, is scored on the same task objects; a projector takes its columns.
Heads are saved as ``<heads>/e5-<lang>.npz`` (e5) beside round 1's ``<heads>/<lang>.npz`` (USE-m3).
"""

import hashlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

import numpy as np

from bench.quality.language_tasks import Task, fit_and_save
from cvmatch.training.language_data import OccupationLabels, head_pairs
from cvmatch.training.language_head import project
from cvmatch.training.records import TrainingPair

ROUND3 = ("e5", "e5-per-language", "ensemble")
LANGUAGES = ("en", "de", "es", "fr")
USE_DIM = 512
"""USE-m3's dimension: the first columns of a joined row."""
Projector = Callable[[np.ndarray, str], np.ndarray]
TRAIN3_BUCKET = 50
"""e5 heads train on the pairs of the train occupations with ``sha256(uri) mod 100 < 50``
(buckets 25-49: a third of the train occupations), see :func:`round3_pairs`."""


def round3_pairs(
    esco: Mapping[str, Mapping[str, OccupationLabels]], lang: str
) -> list[TrainingPair]:
    """The ``per-language`` pairs of ``lang`` whose occupation is in the round-3 third.

    The same pairs as the shipped heads' (same seeded sample), restricted to a fixed third of
    the train occupations: the e5 vectors of every training text did not fit the time box.
    """
    pairs = head_pairs(esco, [lang], cross_language="en" if lang != "en" else None)
    return [p for p in pairs if _bucket(p.group) < TRAIN3_BUCKET]


def _bucket(uri: str) -> int:
    return int(hashlib.sha256(uri.encode("utf-8")).hexdigest(), 16) % 100


class Vectors(Protocol):
    """What :func:`train3` reads of the bench's context."""

    esco: dict[str, dict[str, OccupationLabels]]
    vectors: dict[str, np.ndarray]
    e5: dict[str, np.ndarray]


class JoinedVectors(Mapping[str, np.ndarray]):
    """``text → [USE-m3 vector | e5 vector]``, joined on read (no 80k × 896 copy in memory)."""

    def __init__(self, use: Mapping[str, np.ndarray], e5: Mapping[str, np.ndarray]) -> None:
        self._use = use
        self._e5 = e5

    def __getitem__(self, text: str) -> np.ndarray:
        return np.concatenate([self._use[text], self._e5[text]])

    def __iter__(self) -> Iterator[str]:
        return iter(self._use)

    def __len__(self) -> int:
        return len(self._use)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)  # type: ignore[no-any-return]


def round3_candidate(name: str, heads_dir: Path) -> Projector:
    """The projection of a round-3 candidate over joined rows (see the module docstring)."""
    heads = {p.stem: dict(np.load(p)) for p in sorted(heads_dir.glob("*.npz"))}
    if name == "e5":
        return lambda joined, _lang: _unit(joined[:, USE_DIM:])
    if name == "e5-per-language":
        return lambda joined, lang: project(joined[:, USE_DIM:], heads[f"e5-{lang}"])
    if name == "ensemble":
        return lambda joined, lang: ensemble(joined, heads[lang], heads[f"e5-{lang}"])
    raise SystemExit(f"unknown round-3 candidate {name!r}; known: {', '.join(ROUND3)}")


def ensemble(
    joined: np.ndarray, use_head: Mapping[str, np.ndarray], e5_head: Mapping[str, np.ndarray]
) -> np.ndarray:
    """Rows whose dot products are the mean of the two heads' cosines (weights 0.5, fixed)."""
    return weighted_ensemble(joined, use_head, e5_head, 0.5)


def weighted_ensemble(
    joined: np.ndarray,
    use_head: Mapping[str, np.ndarray],
    e5_head: Mapping[str, np.ndarray],
    e5_weight: float,
) -> np.ndarray:
    """Unit rows whose dot products are ``(1 − w) · cos_USE-head + w · cos_e5-head``."""
    use = project(joined[:, :USE_DIM], dict(use_head)) * np.sqrt(1.0 - e5_weight)
    e5 = project(joined[:, USE_DIM:], dict(e5_head)) * np.sqrt(e5_weight)
    return np.concatenate([use, e5], axis=1)


def train3(context: Vectors, tasks: list[Task], heads_dir: Path, encoder: str) -> dict[str, object]:
    """Fit the per-language heads over ``encoder``; return their histories.

    ``e5-small-q4``: the ``e5-per-language`` heads; ``use-m3``: round 1's ``per-language`` heads
    again (same pairs, settings and seed), for the ensemble, where ``<heads>/<lang>.npz`` is missing.
    """
    heads_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {}
    todo = [
        lang
        for lang in LANGUAGES
        if encoder == "e5-small-q4" or not (heads_dir / f"{lang}.npz").exists()
    ]
    for lang in todo:
        e5 = encoder == "e5-small-q4"
        columns = slice(USE_DIM, None) if e5 else slice(0, USE_DIM)
        vectors = context.e5 if e5 else context.vectors
        if e5:
            pairs = round3_pairs(context.esco, lang)
        else:
            pairs = head_pairs(context.esco, [lang], cross_language="en" if lang != "en" else None)
        own = [t for t in tasks if t.source == "esco" and t.query_language == lang]

        def validate(
            head: Callable[[np.ndarray], np.ndarray],
            own: list[Task] = own,
            columns: slice = columns,
        ) -> float:
            return float(
                np.mean([t.evaluate(lambda j, _l: head(j[:, columns])).mean() for t in own])
            )

        name = f"e5-{lang}" if e5 else lang
        report[name] = fit_and_save(heads_dir / f"{name}.npz", pairs, vectors, validate)
    return report
