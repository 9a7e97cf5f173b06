"""Hand-made occupation indexes for tests of the ad ingredients and tuning (no encoder)."""

import numpy as np

from cvmatch.occupations.index import LabelRows, OccupationIndex
from cvmatch.types import LocalisedText, OccupationEntry


def make_index(n: int, dim: int = 4) -> OccupationIndex:
    """``n`` occupations with one label each; every text and label vector is zero."""
    entries = [
        OccupationEntry(
            uri=f"o{i}", code=f"{i}", isco_group="", preferred=(LocalisedText("en", f"l{i}"),)
        )
        for i in range(n)
    ]
    labels = LabelRows(tuple(f"l{i}" for i in range(n)), ("en",) * n, np.arange(n, dtype=np.int64))
    zeros = np.zeros((n, dim), np.float32)
    return OccupationIndex(entries, labels, zeros.copy(), zeros.copy(), zeros.copy(), "t", "s")
