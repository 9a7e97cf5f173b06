"""Round 4 of docs/benchmarks/languages.md: the round-3 ensemble without its training handicap.

Round 3's e5 heads trained on a third of the train occupations (the e5 vectors of every training
text did not fit that time box). Round 4 trains them on **all** of them, the pairs of the shipped
USE-m3 heads (:func:`cvmatch.training.language_data.head_pairs`, same seeded sample), and saves
them as ``<heads>/e5all-<lang>.npz``. Candidates, one method for every language:

* ``ensemble-all``: 0.5 · cos(USE-m3 + head of L) + 0.5 · cos(e5 + ``e5all`` head of L);
* ``ensemble-all-wX``: (1 − X) · cos(USE-m3 + head of L) + X · cos(e5 + ``e5all`` head of L),
  for X in :data:`WEIGHTS` (``ensemble-all-w0.5`` is ``ensemble-all``); the validation phase
  reads every X once, and the rule names one of them ``ensemble-all-w``.
"""

from collections.abc import Callable
from pathlib import Path

import numpy as np

from bench.quality.language_round3 import (
    LANGUAGES,
    USE_DIM,
    Projector,
    Vectors,
    weighted_ensemble,
)
from bench.quality.language_tasks import Task, fit_and_save
from cvmatch.training.language_data import head_pairs

WEIGHTS = (0.3, 0.4, 0.6, 0.7)
"""The e5 side's weights the validation reads besides 0.5 (``ensemble-all``)."""
ROUND4 = ("ensemble-all", *(f"ensemble-all-w{w}" for w in WEIGHTS))


def round4_candidate(name: str, heads_dir: Path) -> Projector:
    """The projection of a round-4 candidate over joined ``[USE-m3 | e5]`` rows."""
    weight = 0.5 if name == "ensemble-all" else float(name.removeprefix("ensemble-all-w"))
    heads = {p.stem: dict(np.load(p)) for p in sorted(heads_dir.glob("*.npz"))}
    return lambda joined, lang: weighted_ensemble(
        joined, heads[lang], heads[f"e5all-{lang}"], weight
    )


def train4(context: Vectors, tasks: list[Task], heads_dir: Path) -> dict[str, object]:
    """Fit the ``e5all`` heads on every train occupation's pairs; return their histories."""
    heads_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {}
    for lang in LANGUAGES:
        pairs = head_pairs(context.esco, [lang], cross_language="en" if lang != "en" else None)
        own = [t for t in tasks if t.source == "esco" and t.query_language == lang]

        def validate(head: Callable[[np.ndarray], np.ndarray], own: list[Task] = own) -> float:
            return float(
                np.mean([t.evaluate(lambda j, _l: head(j[:, USE_DIM:])).mean() for t in own])
            )

        target = heads_dir / f"e5all-{lang}.npz"
        report[f"e5all-{lang}"] = fit_and_save(target, pairs, context.e5, validate)
    return report
