"""Any sentence-transformers model: a saved folder (e.g. one we trained) or a hub name.

``SentenceTransformerEncoder(Path("models/my-model"))`` loads a folder written by
``SentenceTransformer.save()``; its ``model_id`` digests every file in it, so retrained weights
never reuse old cached vectors. ``SentenceTransformerEncoder("org/model")`` loads from the
Hugging Face hub: this needs internet and is never used by cvmatch's defaults or tests; its
``model_id`` is ``<org/model>@<revision>`` (pin ``revision`` for reproducible results). Any
loading failure becomes a :class:`~cvmatch.errors.ModelUnavailableError` that says what to
check.

Models run on the CPU with torch; a model whose config defines ``query``/``document`` prompts
gets them for the matching role. Chunks are re-split to the model's ``max_seq_length`` tokens.
"""

from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.packages import Requirement, folder_digest
from cvmatch.errors import ModelUnavailableError

_PROMPTS: dict[str, str] = {"query": "query", "passage": "document"}


def _load_errors() -> tuple[type[BaseException], ...]:
    """What loading a model raises when files or the hub are unavailable."""
    errors: tuple[type[BaseException], ...] = (OSError, ValueError, RuntimeError, ImportError)
    try:
        from huggingface_hub.errors import EntryNotFoundError  # noqa: PLC0415 (optional)
    except ImportError:
        return errors
    return (*errors, EntryNotFoundError)


class SentenceTransformerEncoder(DenseEncoder):
    """A sentence-transformers model from a local folder or the hub (see the module docstring).

    Args:
        source: A folder holding a saved model, or a hub name such as ``"org/model"``.
        revision: Hub revision (branch, tag or commit) to pin; ignored for folders.
        max_words: Chunk size in words; keep it below the model's token limit.
        batch_size: Chunks per forward pass.
    """

    name = "sentence-transformer"
    max_words = 160
    languages: ClassVar[tuple[str, ...]] = ("depends on the model",)
    description = "a sentence-transformers model from a folder or the hub"
    requirements: ClassVar[tuple[Requirement, ...]] = (
        ("sentence_transformers", "sentence-transformers"),
        ("torch", "torch"),
    )

    def __init__(
        self,
        source: str | Path,
        *,
        revision: str | None = None,
        max_words: int = 160,
        batch_size: int = 32,
    ) -> None:
        super().__init__()
        self.local = isinstance(source, Path)
        self.source = source
        self.revision = revision
        self.max_words = max_words
        self.batch_size = batch_size
        self._dim: int | None = None

    @property
    def dim(self) -> int:  # type: ignore[override]
        """Vector size (read from the model, which loads it, unless already known)."""
        if self._dim is None:
            self._dim = int(self._loaded().get_embedding_dimension())
        return self._dim

    @property
    def model_id(self) -> str:
        """``st:<folder>@<digest of its files>`` or ``<hub name>@<revision or "main">``."""
        if isinstance(self.source, Path):
            return f"st:{self.source.name.lower()}@{folder_digest(self.source)}"
        return f"{self.source}@{self.revision or 'main'}"

    def config(self) -> dict[str, Any]:
        """Base config plus where the model comes from."""
        return {**super().config(), "source": str(self.source), "revision": self.revision}

    def _cache_key(self, role: Role) -> str:
        # A loaded model may carry query/document prompts; keying by role is always safe.
        return f"{self.model_id}/{role}"

    def _load(self) -> Any:
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415 (lazy, heavy)

        where = self._location()
        try:
            if self.local:
                return SentenceTransformer(where, device="cpu", local_files_only=True)
            return SentenceTransformer(where, device="cpu", revision=self.revision)
        except _load_errors() as exc:
            hint = (
                "check that the folder was written by SentenceTransformer.save()"
                if self.local
                else f"no local folder {where!r} exists, and hub models need internet access "
                "and a correct name; offline, use a saved folder or a packaged encoder "
                "(`cvmatch models`)"
            )
            raise ModelUnavailableError(
                f"cannot load sentence-transformers model {where!r}: {exc}; {hint}"
            ) from exc

    def _location(self) -> str:
        """What to pass to ``SentenceTransformer``: the folder or the hub name."""
        return str(self.source)

    def _token_limit(self) -> int:
        return int(self._loaded().max_seq_length) - 2

    def _token_count(self, text: str, role: Role) -> int:  # noqa: ARG002
        ids = self._loaded().tokenizer(text, add_special_tokens=False)["input_ids"]
        return len(ids)

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        model = self._loaded()
        prompt = _PROMPTS[role] if (model.prompts or {}).get(_PROMPTS[role]) else None
        vectors = model.encode(
            texts,
            prompt_name=prompt,
            batch_size=len(texts),
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)
