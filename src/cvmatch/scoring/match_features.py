"""The feature vector of a scored job–CV pair, read from its stored :class:`~cvmatch.types.Match`.

Every value comes from what the pipeline already computed and the store keeps per candidate
(``matches.payload``), so learning from recruiters never re-runs an encoder:

* ``score`` — the calibrated job score / 100;
* ``dense`` / ``dense_raw`` / ``lexical`` / ``coverage`` / ``experience`` — the 0–1 signals;
* ``must_have_missing`` — share of the required requirements whose evidence is missing
  (0 when the job states none);
* ``years`` — for experience requirements that ask years, the mean of
  ``min(found / required, 1)`` (1 when no years are asked, as in the RJDB ranker feature);
* ``knockout`` — 1 when a hard requirement capped the score.

>>> from cvmatch.types import Match, Signals
>>> match_features(Match("j", "c", 80.0, Signals(0.9, 0.5, 0.4, "m", 0.7, 0.2))).tolist()
[0.8, 0.9, 0.5, 0.4, 0.7, 0.2, 0.0, 1.0, 0.0]
"""

from collections.abc import Sequence

import numpy as np

from cvmatch.types import Evidence, EvidenceStatus, Importance, Match, RequirementKind

MATCH_FEATURES = (
    "score",
    "dense",
    "dense_raw",
    "lexical",
    "coverage",
    "experience",
    "must_have_missing",
    "years",
    "knockout",
)
"""Column names of :func:`match_features`, in order."""


def must_have_missing_share(evidence: Sequence[Evidence]) -> float:
    """Share of the required requirements whose evidence is missing (0 when none is required)."""
    required = [e for e in evidence if e.requirement.importance is Importance.REQUIRED]
    if not required:
        return 0.0
    return sum(e.status is EvidenceStatus.MISSING for e in required) / len(required)


def years_held_share(evidence: Sequence[Evidence]) -> float:
    """Mean share of each asked number of years that the CV holds (1 when none is asked)."""
    shares = [
        min((e.found_years or 0.0) / e.required_years, 1.0)
        for e in evidence
        if e.requirement.kind is RequirementKind.EXPERIENCE
        and e.required_years
        and e.required_years > 0
    ]
    return float(np.mean(shares)) if shares else 1.0


def match_features(match: Match) -> np.ndarray:
    """One row of :data:`MATCH_FEATURES` (float64) for a scored pair."""
    s = match.signals
    return np.asarray(
        [
            match.score / 100.0,
            s.dense,
            s.dense_raw,
            s.lexical,
            s.coverage,
            s.experience,
            must_have_missing_share(match.evidence),
            years_held_share(match.evidence),
            float(match.knockout),
        ],
        dtype=np.float64,
    )


def feature_table(matches: Sequence[Match]) -> np.ndarray:
    """``(len(matches), len(MATCH_FEATURES))`` features, rows aligned with ``matches``."""
    if not matches:
        return np.zeros((0, len(MATCH_FEATURES)), dtype=np.float64)
    return np.stack([match_features(m) for m in matches])
