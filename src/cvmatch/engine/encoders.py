"""The engine's dense encoders: loaded once by name, sharing one embedding cache."""

from collections.abc import Callable, Mapping

import numpy as np

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.encoders.registry import load_encoder
from cvmatch.errors import ModelUnavailableError
from cvmatch.settings import Settings

ProgressCallback = Callable[[str, int, int], None]
"""Called as ``(stage, done, total)`` while long work runs (the CLI draws a progress bar)."""


class EncoderPool:
    """Dense encoders by name (a registry name, a local path or a hub id), loaded on first use.

    ``loaded`` maps names to the encoders built so far; the progress callback is shared with
    the engine's other stages through :meth:`progress`. ``ready`` encoders are used as given
    (no embedding cache is attached), e.g. a test's fake.
    """

    def __init__(
        self,
        settings: Settings,
        on_progress: ProgressCallback | None = None,
        ready: Mapping[str, DenseEncoder] | None = None,
    ) -> None:
        self.settings = settings
        self.on_progress = on_progress
        self.loaded: dict[str, DenseEncoder] = dict(ready or {})
        self._cache: EmbeddingCache | None = None

    def get(self, name: str) -> DenseEncoder:
        """The dense encoder called ``name``."""
        if name not in self.loaded:
            encoder = load_encoder(name, threads=self.settings.threads)
            if not isinstance(encoder, DenseEncoder):
                raise ModelUnavailableError(f"{name!r} is a lexical scorer, not a dense encoder")
            if self.settings.use_cache:
                encoder.cache = self._embedding_cache()
            self.loaded[name] = encoder
        return self.loaded[name]

    def model_id(self, name: str) -> str:
        """The model id of encoder ``name``."""
        return self.get(name).model_id

    def encode(self, texts: list[str], name: str, batch: int = 32) -> np.ndarray:
        """Embed ``texts`` with encoder ``name`` in batches, reporting progress."""
        encoder = self.get(name)
        parts = []
        for start in range(0, len(texts), batch):
            parts.append(encoder.encode(texts[start : start + batch]))
            self.progress(f"embedding ({name})", min(start + batch, len(texts)), len(texts))
        if not parts:
            return np.zeros((0, encoder.dim), dtype=np.float32)
        return np.asarray(np.vstack(parts), dtype=np.float64)

    def progress(self, stage: str, done: int, total: int) -> None:
        """Report progress to the callback given at construction, if any."""
        if self.on_progress is not None:
            self.on_progress(stage, done, total)

    def caches(self) -> list[EmbeddingCache]:
        """The on-disk caches in use: the shared one (when enabled) and any a ready encoder has."""
        found = [self._embedding_cache()] if self.settings.use_cache else []
        for encoder in self.loaded.values():
            if encoder.cache is not None and all(encoder.cache is not c for c in found):
                found.append(encoder.cache)
        return found

    def reset_memos(self) -> None:
        """Empty every loaded encoder's in-memory vectors (setting ``cache`` empties the memo)."""
        for encoder in self.loaded.values():
            encoder.cache = encoder.cache

    def _embedding_cache(self) -> EmbeddingCache:
        if self._cache is None:
            self.settings.cache_dir.mkdir(parents=True, exist_ok=True)
            self._cache = EmbeddingCache(self.settings.cache_dir / "embeddings.sqlite")
        return self._cache
