"""``Projection.arrays`` is a snapshot: later training steps must not change it."""

import numpy as np
import torch

from cvmatch.training.head import Projection


def test_arrays_do_not_follow_later_updates() -> None:
    head = Projection(4)
    before = head.arrays()
    saved = {name: array.copy() for name, array in before.items()}
    with torch.no_grad():
        head.linear.weight.add_(1.0)
        head.linear.bias.add_(1.0)
    for name, array in before.items():
        np.testing.assert_array_equal(array, saved[name])
    after = head.arrays()
    np.testing.assert_allclose(after["b0"], saved["b0"] + 1.0)
