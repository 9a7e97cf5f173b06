"""An encoder whose cosine is the mean of its parts' cosines (equal weights).

Each part embeds the text as a unit vector; the parts' vectors, each scaled by 1/√n, are joined
end to end. The joined vector has unit length, and the dot product of two joined vectors is
``(1/n) · Σ cos_part``: the mean of the parts' cosines, so every method that compares unit
vectors (``titles``, indexes) scores with the ensemble unchanged. Issue 20 item 4 measured the
ensemble of USE-m3 + its head of L and e5-small-q4 + its head of L this way
(docs/benchmarks/languages.md, round 3).

>>> import numpy as np
>>> a, b = np.array([1.0, 0.0]), np.array([0.6, 0.8])
>>> joined = lambda *parts: np.concatenate(parts) / np.sqrt(len(parts))
>>> round(float(joined(a, a) @ joined(b, a)), 3)  # (0.6 + 1.0) / 2
0.8
"""

import hashlib
from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.errors import InvalidInputError


class CosineMeanEncoder(DenseEncoder):
    """The parts' unit vectors joined, each scaled by 1/√n (see the module docstring).

    Args:
        name: Name of the ensemble (``cvmatch models``, model ids).
        parts: The dense encoders whose cosines are averaged (at least two).
        description: One line for ``cvmatch models``.
    """

    uses_roles: ClassVar[bool] = True
    """A part may embed queries and passages apart (E5): the role is passed on."""
    memo_size = 0
    """The parts keep their own memos and caches; the joined vectors are cheap to rebuild."""
    batch_size = 256
    """Texts per call to the parts (each batches for its own model)."""

    def __init__(self, name: str, parts: Sequence[DenseEncoder], description: str = "") -> None:
        super().__init__()
        if len(parts) < 2:  # noqa: PLR2004 (an ensemble has two parts or more)
            raise InvalidInputError(f"{name}: an ensemble needs two encoders or more")
        self.name = name
        self.parts = list(parts)
        self.dim = sum(part.dim for part in self.parts)
        # Titles and labels are short: chunk at the smallest part's size, so every part sees
        # each chunk whole.
        self.max_words = min(part.max_words for part in self.parts)
        self.overlap_words = min(part.overlap_words for part in self.parts)
        self.description = description

    @property
    def model_id(self) -> str:
        """``<name>@<sha256-12 of the parts' model ids>``."""
        ids = "+".join(part.model_id for part in self.parts)
        return f"{self.name}@{hashlib.sha256(ids.encode('utf-8')).hexdigest()[:12]}"

    def config(self) -> dict[str, Any]:
        """Base config plus the parts' model ids."""
        return {**super().config(), "parts": [part.model_id for part in self.parts]}

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        scale = 1.0 / np.sqrt(len(self.parts))
        joined = [part.encode(texts, role=role) * scale for part in self.parts]
        return np.concatenate(joined, axis=1).astype(np.float32)
