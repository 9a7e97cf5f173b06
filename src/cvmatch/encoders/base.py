"""The two encoder bases: :class:`TextScorer` (anything that scores) and :class:`DenseEncoder`.

A :class:`TextScorer` turns queries and documents into a ``(queries, documents)`` float32 matrix
where higher means more similar; each implementation states its scale. A :class:`DenseEncoder`
is a scorer built on unit vectors: its public :meth:`~DenseEncoder.encode` owns chunking,
caching, batching and normalisation, and subclasses implement one hook,
:meth:`~DenseEncoder._encode_batch`, that embeds texts already cut to size.

Long texts are never silently truncated: a text is cut into chunks (``max_words`` words, see
:mod:`cvmatch.encoders.chunking`), each chunk is embedded, and the text vector is the
L2-normalised, word-count-weighted mean of its chunk vectors. A one-chunk text thus gets exactly
its chunk's vector, and a text without words is embedded as the empty string (one vector, so
shapes never change; its similarities carry no information).

Constructors only store parameters; weights load on the first call that needs them.
"""

import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, ClassVar, Literal, get_args

import numpy as np

from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.encoders.chunking import chunk_text, fit_chunks, word_count
from cvmatch.encoders.packages import Requirement, require
from cvmatch.errors import InvalidInputError, ModelUnavailableError

Role = Literal["query", "passage"]
"""What a text is: a search ``query`` or a ``passage`` (document). Some models embed them apart."""

Kind = Literal["lexical", "dense", "reranker"]
"""``reranker``: a trained cross-encoder or ranker (listed by ``cvmatch models``, not a scorer)."""


def check_texts(texts: Sequence[str], what: str) -> list[str]:
    """Return ``texts`` as a list, refusing a bare string and non-string items."""
    if isinstance(texts, str):
        raise InvalidInputError(f"{what} must be a list of texts, not one string: wrap it in [...]")
    items = list(texts)
    for i, text in enumerate(items):
        if not isinstance(text, str):
            raise InvalidInputError(f"{what}[{i}] is {type(text).__name__}, expected str")
    return items


class TextScorer(ABC):
    """Anything that scores queries against documents.

    Class attributes describe the scorer for ``cvmatch models`` without loading it.
    """

    name: str
    """Registry name, stable and lowercase."""
    kind: ClassVar[Kind]
    languages: ClassVar[tuple[str, ...]] = ("en",)
    """ISO codes the scorer is meant for, or ``("multilingual",)``."""
    description: str = ""
    """One line for ``cvmatch models``."""
    requirements: ClassVar[tuple[Requirement, ...]] = ()
    """``(import name, pip package)`` pairs needed at run time."""

    @property
    @abstractmethod
    def model_id(self) -> str:
        """Stable id of the exact weights or parameters, e.g. ``minilm-int8@<sha256-12>``."""

    def config(self) -> dict[str, Any]:
        """Parameters saved with results (name, model id and anything that changes scores)."""
        return {"name": self.name, "kind": self.kind, "model_id": self.model_id}

    @abstractmethod
    def similarity(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """Score every query against every document.

        Returns:
            A ``(len(queries), len(documents))`` float32 matrix; higher means more similar.
        """

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r})"


class DenseEncoder(TextScorer):
    """A scorer that embeds texts as unit vectors and compares them by cosine.

    Subclasses set ``name``, ``dim``, ``max_words`` (chunk size, below the model's token limit)
    and implement :meth:`_encode_batch`; the heavy model comes from :meth:`_load`, called once
    on first use under a lock. ``cache`` may be set at any time; cached vectors are keyed by
    :attr:`model_id` (and the role, for models that embed queries and passages apart).
    """

    kind: ClassVar[Kind] = "dense"
    dim: int
    max_words: int = 160
    overlap_words: int = 16
    batch_size: int = 32
    threads: int = 2
    """CPU threads for models that take a thread count; set it before the first encode."""
    uses_roles: ClassVar[bool] = False
    """True when queries and passages get different vectors (E5's prefixes)."""

    memo_size: int = 16384
    """Text vectors kept in memory (about 1.5 KB each at 384-d); 0 turns the memo off."""

    def __init__(self) -> None:
        self._cache: EmbeddingCache | None = None
        self._model: Any = None
        self._lock = threading.Lock()
        self._memo: dict[tuple[Role, str], np.ndarray] = {}

    @property
    def cache(self) -> EmbeddingCache | None:
        """The on-disk embedding cache, or None; setting it empties the in-memory memo."""
        return self._cache

    @cache.setter
    def cache(self, value: EmbeddingCache | None) -> None:
        self._cache = value
        self._memo = {}

    def config(self) -> dict[str, Any]:
        """Name, model id, dimension and the chunking and batching parameters."""
        return {
            **super().config(),
            "dim": self.dim,
            "max_words": self.max_words,
            "overlap_words": self.overlap_words,
            "batch_size": self.batch_size,
        }

    def similarity(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """Cosine similarity in [-1, 1] of query vectors (``role="query"``) to document vectors."""
        q = self.encode(queries, role="query")
        d = self.encode(documents, role="passage")
        return np.asarray(q @ d.T, dtype=np.float32)

    def encode(self, texts: Sequence[str], *, role: Role = "passage") -> np.ndarray:
        """Embed each text as one unit vector.

        Args:
            texts: The texts; any length (long ones are chunked, see the module docstring).
            role: ``"query"`` or ``"passage"``; only models with ``uses_roles`` tell them apart.

        Returns:
            An ``(len(texts), dim)`` float32 array of L2-normalised rows.
        """
        items = check_texts(texts, "texts")
        _check_role(role)
        if not items:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Text vectors seen before come from memory: re-ranking and per-CV evidence passes ask
        # for the same texts again and again (no splitting, token counting or cache query).
        memo = self._memo
        memo_role = role if self.uses_roles else "passage"  # like _cache_key: one vector a text
        found: dict[str, np.ndarray] = {}
        for text in items:
            vector = memo.get((memo_role, text))  # one atomic read: another thread may evict it
            if vector is not None:
                found[text] = vector
        missing = [text for text in dict.fromkeys(items) if text not in found]
        if missing:
            key = self._cache_key(role) if self.cache is not None else ""  # model id: not free
            chunked = [self._split(text, role, key) for text in missing]
            vectors = self._chunk_vectors([c for chunks in chunked for c in chunks], role)
            for text, chunks in zip(missing, chunked, strict=True):
                found[text] = _pool(chunks, vectors)
                self._remember(memo_role, text, found[text])
        return np.stack([found[text] for text in items])

    def _remember(self, role: Role, text: str, vector: np.ndarray) -> None:
        if self.memo_size <= 0:
            return
        with self._lock:
            if len(self._memo) >= self.memo_size:
                self._memo.pop(next(iter(self._memo)))  # the oldest first
            self._memo[role, text] = vector

    def encode_chunks(self, text: str, *, role: Role = "passage") -> tuple[list[str], np.ndarray]:
        """The chunks of ``text`` and their unit vectors (``(len(chunks), dim)``), for evidence."""
        _check_role(role)
        chunks = self._split(check_texts([text], "text")[0], role)
        vectors = self._chunk_vectors(chunks, role)
        return chunks, np.stack([vectors[c] for c in chunks])

    @abstractmethod
    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        """Embed texts already cut to chunk size: ``(len(texts), dim)``, normalised or not."""

    def _load(self) -> Any:
        """Build the model (called once, on first use); encoders without weights keep None."""
        return None

    def _loaded(self) -> Any:
        """The model from :meth:`_load`, checking the required packages first."""
        with self._lock:
            if self._model is None:
                require(self.name, self.requirements)
                self._model = self._load()
            return self._model

    def _token_count(self, text: str, role: Role) -> int | None:  # noqa: ARG002
        """Tokens the model would read for ``text``; None when unknown (no token check)."""
        return None

    def _token_limit(self) -> int | None:
        """Most tokens :meth:`_token_count` may report for one chunk; None for no limit."""
        return None

    def _split(self, text: str, role: Role, cache_key: str = "") -> list[str]:
        """``text`` cut to chunks that fit the model (``cache_key``: the cache's key, if known)."""
        chunks = chunk_text(text, self.max_words, self.overlap_words)
        limit = self._token_limit()
        if limit is None:
            return chunks
        cache = self.cache

        def count(chunk: str) -> int:
            if cache is not None and cache_key and cache.fits(cache_key, chunk):
                return 0  # embedded as a chunk before, so within the limit: no need to count
            tokens = self._token_count(chunk, role)
            return 0 if tokens is None else tokens

        return fit_chunks(chunks, count, limit, self.overlap_words)

    def _cache_key(self, role: Role) -> str:
        return f"{self.model_id}/{role}" if self.uses_roles else self.model_id

    def _chunk_vectors(self, chunks: list[str], role: Role) -> dict[str, np.ndarray]:
        """Unit vectors of the distinct ``chunks``: from the cache, else from the model."""
        unique = list(dict.fromkeys(chunks))
        cache = self.cache
        key = self._cache_key(role) if cache is not None else ""
        found = cache.get_many(key, unique) if cache is not None else {}
        vectors = {unique[i]: vector for i, vector in found.items()}
        missing = [text for i, text in enumerate(unique) if i not in found]
        if missing:
            fresh = self._embed(missing, role)
            vectors.update(zip(missing, fresh, strict=True))
            if cache is not None:
                cache.put_many(key, missing, fresh)
        return vectors

    def _parallel_batches(self) -> int:
        """How many batches may run at once in threads (1: sequential).

        Encoders whose model releases the GIL and is safe to call from several threads (one
        single-threaded session per worker) return more than 1: on a few cores, several
        single-threaded batches beat one batch spread over all threads.
        """
        return 1

    def _embed(self, texts: list[str], role: Role) -> np.ndarray:
        """Run the model over ``texts`` in batches of similar length; rows come back in order."""
        # Similar lengths in a batch waste less padding; the order is restored below. Token
        # counts (when the model has them) pad less than character counts: 3% vs 7% of the
        # 200-CV benchmark's chunks.
        lengths = [self._token_count(text, role) for text in texts]
        order = sorted(range(len(texts)), key=lambda i: (lengths[i] or 0, len(texts[i])))
        batches = [order[s : s + self.batch_size] for s in range(0, len(order), self.batch_size)]
        out = np.empty((len(texts), self.dim), dtype=np.float32)

        def run(rows: list[int]) -> None:
            batch = np.asarray(self._encode_batch([texts[i] for i in rows], role), np.float32)
            if batch.shape != (len(rows), self.dim) or not np.isfinite(batch).all():
                raise ModelUnavailableError(
                    f"encoder {self.name!r} returned shape {batch.shape} or non-finite values "
                    f"for {len(rows)} texts (expected ({len(rows)}, {self.dim})); "
                    "its model files may be damaged: reinstall its package"
                )
            out[rows] = normalise(batch)

        workers = min(self._parallel_batches(), len(batches))
        if workers <= 1:
            for rows in batches:
                run(rows)
            return out
        # Each batch's vectors depend on that batch only, so the schedule cannot change them.
        with ThreadPoolExecutor(workers, thread_name_prefix=f"embed-{self.name}") as pool:
            for future in [pool.submit(run, rows) for rows in batches]:
                future.result()
        return out


def normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit L2 norm (an all-zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return np.asarray(vectors / np.maximum(norms, 1e-12), dtype=np.float32)


def _pool(chunks: list[str], vectors: dict[str, np.ndarray]) -> np.ndarray:
    """Word-count-weighted mean of the chunk vectors, L2-normalised."""
    if len(chunks) == 1:
        return vectors[chunks[0]]
    weights = np.array([max(1, word_count(c)) for c in chunks], dtype=np.float32)
    stacked = np.stack([vectors[c] for c in chunks])
    return normalise(weights @ stacked / weights.sum())


def _check_role(role: str) -> None:
    if role not in get_args(Role):
        raise InvalidInputError(f"role must be 'query' or 'passage', got {role!r}")
