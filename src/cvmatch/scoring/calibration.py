"""Platt calibration: raw 0–1 combination → probability that the pair is a match.

``p = 1 / (1 + exp(-(a × raw + b)))``. The shipped parameters (``calibration.json``, next to this
file) were fitted with scikit-learn's logistic regression on RJDB-derived labelled pairs by
``python -m bench.quality.requirements_rjdb --write-calibration`` (``make bench-requirements``); the file records the command, the data and the split.
"""

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cvmatch.errors import InvalidInputError

DEFAULT_PATH = Path(__file__).with_name("calibration.json")


@dataclass(frozen=True)
class Calibration:
    """Slope and intercept of a Platt sigmoid."""

    a: float = 10.0
    b: float = -5.0

    def probability(self, raw: float) -> float:
        """The calibrated probability of a raw score.

        >>> Calibration(10.0, -5.0).probability(0.5)
        0.5
        """
        z = self.a * raw + self.b
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@lru_cache(maxsize=4)
def load_calibration(path: Path = DEFAULT_PATH) -> Calibration:
    """Read fitted parameters; the neutral default when the file is absent."""
    if not path.is_file():
        return Calibration()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Calibration(float(data["a"]), float(data["b"]))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InvalidInputError(f"{path}: not a calibration file ({error})") from None
