"""An encoder whose cosine is a weighted mean of its parts' cosines (equal weights by default).

Each part embeds the text as a unit vector; the parts' vectors, each scaled by √wᵢ (1/√n when
equal), are joined end to end. With weights summing to 1 the joined vector has unit length, and
the dot product of two joined vectors is ``Σ wᵢ · cos_part_i``: the weighted mean of the parts'
cosines, so every method that compares unit vectors (``titles``, indexes) scores with the
ensemble unchanged. Issue 20 item 4 measured the ensemble of USE-m3 + its head of L and
e5-small-q4 + its head of L this way (docs/benchmarks/languages.md, rounds 3 and 4: round 4
chose weights 0.7 e5 / 0.3 USE-m3 on validation).

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
        weights: One per part, positive, summing to 1; None: equal weights.
    """

    uses_roles: ClassVar[bool] = True
    """A part may embed queries and passages apart (E5): the role is passed on."""
    memo_size = 0
    """The parts keep their own memos and caches; the joined vectors are cheap to rebuild."""
    batch_size = 256
    """Texts per call to the parts (each batches for its own model)."""

    def __init__(
        self,
        name: str,
        parts: Sequence[DenseEncoder],
        description: str = "",
        weights: Sequence[float] | None = None,
    ) -> None:
        super().__init__()
        if len(parts) < 2:  # noqa: PLR2004 (an ensemble has two parts or more)
            raise InvalidInputError(f"{name}: an ensemble needs two encoders or more")
        if weights is not None and (
            len(weights) != len(parts)
            or min(weights) <= 0
            or not np.isclose(sum(weights), 1.0, atol=1e-6)
        ):
            raise InvalidInputError(
                f"{name}: weights {list(weights)} must be one per part, positive, summing to 1"
            )
        self.name = name
        self.parts = list(parts)
        self.weights = None if weights is None else tuple(float(w) for w in weights)
        self.dim = sum(part.dim for part in self.parts)
        # Titles and labels are short: chunk at the smallest part's size, so every part sees
        # each chunk whole.
        self.max_words = min(part.max_words for part in self.parts)
        self.overlap_words = min(part.overlap_words for part in self.parts)
        self.description = description

    @property
    def model_id(self) -> str:
        """``<name>@<sha256-12 of the parts' model ids (and weights, when not equal)>``."""
        ids = "+".join(part.model_id for part in self.parts)
        if self.weights is not None:
            ids += "|" + ",".join(f"{w:g}" for w in self.weights)
        return f"{self.name}@{hashlib.sha256(ids.encode('utf-8')).hexdigest()[:12]}"

    def config(self) -> dict[str, Any]:
        """Base config plus the parts' model ids (and their weights, when not equal)."""
        config = {**super().config(), "parts": [part.model_id for part in self.parts]}
        if self.weights is not None:
            config["weights"] = list(self.weights)
        return config

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        weights = self.weights or (1.0 / len(self.parts),) * len(self.parts)
        joined = [
            part.encode(texts, role=role) * np.sqrt(weight)
            for part, weight in zip(self.parts, weights, strict=True)
        ]
        return np.concatenate(joined, axis=1).astype(np.float32)
