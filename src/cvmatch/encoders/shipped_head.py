"""Projection heads that ship inside the package, over a frozen multilingual encoder (issue 20).

Each lives in ``cvmatch/encoders/weights/<name>/``:

- ``head.npz``: ``w0`` (in × out) and ``b0`` float32, applied in numpy after the base encoder
  (:class:`cvmatch.encoders.trained.ProjectionEncoder`; no torch at inference);
- ``head.json`` (:class:`ShippedHeadManifest`): the base encoder, the language(s) it serves,
  its training data with licences, its held-out figures, the methods that use it
  by default for non-English texts, and reference cosines the shipped-head test checks.

A head may name other shipped heads in ``mean_with``: its encoder is then the mean of the
cosines of base + head and of those heads (:class:`cvmatch.encoders.cosine_mean.CosineMeanEncoder`),
weighted by ``mean_weights``: the ensemble measured in rounds 3–4 of docs/benchmarks/languages.md.

The manifest is not called ``manifest.json``, so :func:`cvmatch.encoders.shipped.shipped_models`
(int8 ONNX MiniLMs) does not read it.
"""

from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.cosine_mean import CosineMeanEncoder
from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.shipped import WEIGHTS_DIR, DataSource, HeldOutFigure, Probe
from cvmatch.encoders.trained import ProjectionEncoder
from cvmatch.errors import InvalidInputError

HEAD_MANIFEST = "head.json"
HEAD_FILE = "head.npz"


class ShippedHeadManifest(BaseModel):
    """``head.json`` of a shipped head (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int = 1
    name: str
    description: str
    base_model: str
    """Registry name of the frozen encoder the head follows (``use-m3``)."""
    languages: tuple[str, ...] = Field(min_length=1)
    """Languages it serves (ISO 639-1): a method routes titles in them to this head."""
    dim: int = Field(ge=1)
    sha256: str
    """First 12 hex digits of the sha256 of ``head.npz`` (checked by the tests)."""
    training: dict[str, object]
    """How it was trained: split, pairs, hyper-parameters, chosen epoch, command."""
    data: tuple[DataSource, ...] = Field(min_length=1)
    held_out: tuple[HeldOutFigure, ...] = ()
    default_for: tuple[str, ...] = ()
    """Methods that use base + head for texts in ``languages`` when no encoder is named."""
    probes: tuple[Probe, ...] = ()
    mean_with: tuple[str, ...] = ()
    """Other shipped heads whose cosines are averaged with this one's."""
    mean_weights: tuple[float, ...] = ()
    """Weights of this head's cosine and of each ``mean_with`` head's, in that order, summing
    to 1; empty: equal weights."""


def read_head_manifest(folder: Path) -> ShippedHeadManifest:
    """The validated ``head.json`` of one folder.

    Raises:
        InvalidInputError: It is missing, not JSON, or does not match the schema.
    """
    path = folder / HEAD_MANIFEST
    try:
        return ShippedHeadManifest.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInputError(f"{path}: unreadable shipped-head manifest ({error})") from None
    except ValidationError as error:
        raise InvalidInputError(f"{path}: invalid shipped-head manifest: {error}") from None


@cache
def shipped_heads(root: Path = WEIGHTS_DIR) -> tuple[ShippedHeadManifest, ...]:
    """Every shipped head under ``root``, by name (read once per process)."""
    folders = sorted(p.parent for p in root.glob(f"*/{HEAD_MANIFEST}")) if root.is_dir() else []
    return tuple(read_head_manifest(folder) for folder in folders)


def shipped_head_folder(name: str, root: Path = WEIGHTS_DIR) -> Path | None:
    """The folder of the shipped head called ``name``, else None."""
    if any(m.name == name for m in shipped_heads(root)):
        return root / name
    return None


class ShippedHeadEncoder(ProjectionEncoder):
    """A shipped head over its base encoder; id ``<name>@<sha256-12 of head.npz>``."""

    def __init__(self, folder: Path, base: DenseEncoder) -> None:
        manifest = read_head_manifest(folder)
        super().__init__(folder, {"name": manifest.name, "version": 0}, base)
        self.description = manifest.description

    @property
    def model_id(self) -> str:
        """``<name>@<sha256-12 of head.npz>``."""
        return f"{self.name}@{file_digest(self.folder / HEAD_FILE)}"

    def config(self) -> dict[str, Any]:
        """Base config plus the base encoder's id."""
        return {**super().config(), "base": self.base.model_id}


def head_encoder(folder: Path, load: Callable[[str], DenseEncoder]) -> DenseEncoder:
    """The encoder of a shipped head folder: base + head, or its mean with ``mean_with`` heads.

    Args:
        folder: The head's folder.
        load: Builds a dense encoder from a name (the base encoder, the other heads).
    """
    manifest = read_head_manifest(folder)
    head = ShippedHeadEncoder(folder, load(manifest.base_model))
    if not manifest.mean_with:
        return head
    parts = [head, *(load(name) for name in manifest.mean_with)]
    weights = manifest.mean_weights or None
    return CosineMeanEncoder(manifest.name, parts, manifest.description, weights)


def language_heads(method: str, root: Path = WEIGHTS_DIR) -> dict[str, str]:
    """``{language: head name}`` of the shipped heads made the default of ``method``.

    A head serves the languages of its manifest; the choice of which heads a method uses was
    made by measurement (docs/benchmarks/languages.md). Empty when none is: nothing changes.
    """
    found: dict[str, str] = {}
    for head in shipped_heads(root):
        if method in head.default_for:
            found |= dict.fromkeys(head.languages, head.name)
    return found
