"""Fuse the 0–1 signals into the 0–100 match score.

``score = 100 × (w_dense × dense + w_lexical × lexical) / (w_dense + w_lexical)``, rounded to
one decimal so that the same input always prints the same score. Defaults: w_dense 0.6,
w_lexical 0.4 (``CVMATCH_DENSE_WEIGHT`` / ``CVMATCH_LEXICAL_WEIGHT``).
"""

from dataclasses import dataclass

from cvmatch.errors import InvalidInputError
from cvmatch.types import Signals


@dataclass(frozen=True)
class FusionWeights:
    """Relative weights of the signals (they need not sum to one)."""

    dense: float = 0.6
    lexical: float = 0.4

    def __post_init__(self) -> None:
        if self.dense < 0 or self.lexical < 0 or self.dense + self.lexical == 0:
            raise InvalidInputError(
                f"fusion weights must be ≥ 0 and not both 0 (got dense={self.dense}, "
                f"lexical={self.lexical})"
            )


def fuse(signals: Signals, weights: FusionWeights) -> float:
    """Return the 0–100 score of ``signals``.

    >>> fuse(Signals(dense=0.5, dense_raw=0.4, lexical=1.0, dense_model="m"), FusionWeights(0.5, 0.5))
    75.0
    """
    total = weights.dense + weights.lexical
    value = (weights.dense * signals.dense + weights.lexical * signals.lexical) / total
    return round(100.0 * value, 1)
