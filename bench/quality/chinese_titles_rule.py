"""The selection rule of docs/benchmarks/chinese.md, as two pure functions.

* :func:`choose` — on dev: a candidate replaces ``use-m3`` only if its mean MAP over the two
  tasks is ≥ :data:`MARGIN` above ``use-m3``'s; the best such candidate wins, and candidates
  within :data:`TIE` of it go by simplicity (:data:`SIMPLICITY`).
* :func:`confirmed` — on test: the choice stands only if no task's paired 95 % CI of
  Δ (choice − ``use-m3``) lies entirely below 0.

>>> choose({"use-m3": 0.40, "e5-small-q4": 0.415, "mean": 0.418})
'e5-small-q4'
>>> choose({"use-m3": 0.40, "e5-small-q4": 0.405, "mean": 0.409})
'use-m3'
>>> confirmed({"zh-zh-titles": (-0.02, -0.05, 0.01), "zh-en-link": (0.03, 0.01, 0.05)})
True
"""

from collections.abc import Mapping

BASELINE = "use-m3"
SIMPLICITY = ("use-m3", "e5-small-q4", "mean")
"""The candidates, simplest first (a tie goes to the earlier)."""
MARGIN = 0.01
"""How far above ``use-m3``'s dev score a candidate must be to replace it."""
TIE = 0.005
"""Dev scores this close count as equal."""


def choose(dev_scores: Mapping[str, float]) -> str:
    """The chosen route from each candidate's dev score (mean MAP of the two tasks).

    Args:
        dev_scores: ``{candidate: dev score}``; must hold :data:`BASELINE`.

    Raises:
        KeyError: When the baseline or an unknown candidate is given.
    """
    baseline = dev_scores[BASELINE]
    passing = {
        name: score
        for name, score in dev_scores.items()
        if name != BASELINE and score >= baseline + MARGIN - 1e-12
    }
    if not passing:
        return BASELINE
    best = max(passing.values())
    tied = [name for name, score in passing.items() if score >= best - TIE - 1e-12]
    return min(tied, key=SIMPLICITY.index)


def confirmed(deltas: Mapping[str, tuple[float, float, float]]) -> bool:
    """Whether the choice holds on test: ``{task: (Δ mean, CI low, CI high)}`` vs ``use-m3``."""
    return all(high >= 0.0 for _mean, _low, high in deltas.values())
