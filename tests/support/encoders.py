"""Deterministic fake dense encoders for fast unit tests (no model, no I/O).

``tests/conftest.py`` registers :class:`KeywordEncoder` as ``fake-keywords`` for the tests that
ask for it (fixture ``fake_registered``); tests may also build one directly.
"""

import hashlib

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role


def _slot(word: str, slots: int) -> int:
    return int(hashlib.sha256(word.lower().encode()).hexdigest(), 16) % slots


FAKE = "fake-keywords"
"""The registry name of :class:`KeywordEncoder`."""


class KeywordEncoder(DenseEncoder):
    """Bag-of-words vectors: one hashed slot per word plus a constant slot (never all-zero).

    Records every text it embeds in ``calls`` so tests can see what reached the "model".
    """

    name = FAKE
    dim = 32
    max_words = 20
    overlap_words = 4
    batch_size = 4

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[list[str]] = []

    @property
    def model_id(self) -> str:
        return f"{FAKE}@1"

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:  # noqa: ARG002
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        out[:, -1] = 0.5
        for row, text in enumerate(texts):
            for word in text.split():
                out[row, _slot(word, self.dim - 1)] += 1.0
        return out

    @property
    def embedded(self) -> list[str]:
        """Every text sent to the model, in call order."""
        return [text for batch in self.calls for text in batch]


class RoleEncoder(KeywordEncoder):
    """Like :class:`KeywordEncoder` but queries and passages get different vectors."""

    name = "fake-roles"
    uses_roles = True

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        out = super()._encode_batch(texts, role)
        if role == "query":
            out[:, 0] += 3.0
        return out
