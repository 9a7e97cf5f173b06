"""``e5-use-m3``: the plain mean of the USE-m3 and e5-small-q4 cosines (docs/benchmarks/chinese.md)."""

import numpy as np
import pytest

from cvmatch.encoders.e5 import E5Encoder
from cvmatch.encoders.e5_use_m3 import E5UseM3Encoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.encoders.use_m3 import UseM3Encoder


def test_threads_reach_both_parts_and_nothing_loads() -> None:
    encoder = load_encoder("e5-use-m3", threads=1)
    assert isinstance(encoder, E5UseM3Encoder)
    assert [type(p) for p in encoder.parts] == [UseM3Encoder, E5Encoder]
    assert encoder.threads == 1
    assert [p.threads for p in encoder.parts] == [1, 1]
    assert all(p._model is None for p in encoder.parts)
    assert encoder.model_id.startswith("e5-use-m3@")
    assert encoder.dim == 512 + 384


@pytest.mark.models
@pytest.mark.disable_socket
def test_cosine_is_the_mean_of_the_parts_cosines() -> None:
    """cos_joined(a, b) = (cos_use(a, b) + cos_e5(a, b)) / 2, both sides embedded as queries."""
    titles = ["律师", "会计师", "lawyer"]
    encoder = E5UseM3Encoder(threads=1)
    joined = encoder.encode(titles, role="query")
    use = UseM3Encoder(threads=1).encode(titles, role="query")
    e5 = E5Encoder(threads=1).encode(titles, role="query")
    expected = (use @ use.T + e5 @ e5.T) / 2
    assert np.allclose(joined @ joined.T, expected, atol=1e-5)
