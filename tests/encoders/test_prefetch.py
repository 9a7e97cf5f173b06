"""Background embedding: same vectors, nothing embedded twice, failures never escape."""

import threading

import numpy as np
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.base import Role
from cvmatch.encoders.prefetch import Prefetcher

TEXTS = [f"python developer {i} with django and kafka" for i in range(40)]


def test_prefetched_texts_are_not_embedded_again() -> None:
    encoder = KeywordEncoder()
    with Prefetcher() as prefetch:
        for text in TEXTS:
            prefetch.submit(encoder, [text])
    sent = len(encoder.embedded)
    assert sorted(encoder.embedded) == sorted(TEXTS)  # each text reached the model once
    vectors = encoder.encode(TEXTS)
    assert len(encoder.embedded) == sent  # all from the memo
    np.testing.assert_array_equal(vectors, KeywordEncoder().encode(TEXTS))


def test_close_waits_and_stops_the_thread() -> None:
    prefetch = Prefetcher()
    encoder = KeywordEncoder()
    prefetch.submit(encoder, [TEXTS[0]])
    prefetch.close()
    prefetch.close()  # twice is fine
    assert encoder.embedded == [TEXTS[0]]
    assert not [t for t in threading.enumerate() if t.name == "cvmatch-prefetch" and t.is_alive()]


class _Broken(KeywordEncoder):
    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:  # noqa: ARG002
        raise RuntimeError("model exploded")


def test_a_failing_encoder_does_not_escape_the_background() -> None:
    broken, fine = _Broken(), KeywordEncoder()
    with Prefetcher() as prefetch:
        prefetch.submit(broken, [TEXTS[0]])
        prefetch.submit(fine, [TEXTS[1]])
    assert fine.embedded == [TEXTS[1]]
