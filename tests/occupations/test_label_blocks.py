"""Max over labels in query blocks (issue 25) equals the full ``queries x labels`` product."""

import numpy as np

from cvmatch.occupations.index import LabelRows, OccupationIndex
from cvmatch.occupations.signals import max_over_labels
from cvmatch.types import LocalisedText, OccupationEntry


def test_blocked_max_over_labels_equals_the_full_matrix() -> None:
    rng = np.random.default_rng(3)
    owner = np.sort(rng.integers(0, 40, 900))
    owner[:40] = np.arange(40)  # every occupation has a label
    owner = np.sort(owner)
    entries = [
        OccupationEntry(
            uri=f"o{i}", code=str(i), isco_group="", preferred=(LocalisedText("en", f"o{i}"),)
        )
        for i in range(40)
    ]
    rows = LabelRows(tuple(f"l{i}" for i in range(900)), ("en",) * 900, owner)
    vectors = rng.standard_normal((900, 8)).astype(np.float32)
    zeros = np.zeros((40, 8), np.float32)
    index = OccupationIndex(entries, rows, vectors, zeros, zeros, "test", "sum")
    queries = rng.standard_normal((70, 8)).astype(np.float32)
    full = np.maximum.reduceat(queries @ vectors.T, index.label_starts, axis=1)
    blocked = max_over_labels(index, queries, budget=5 * 900 * 4)  # 5 queries per block
    assert blocked.dtype == full.dtype
    assert np.array_equal(blocked, full)
    assert max_over_labels(index, queries[:0]).shape == (0, 40)
