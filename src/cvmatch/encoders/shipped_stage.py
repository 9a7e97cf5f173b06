"""Trained scoring stages that ship inside the package: rankers and cross-encoders, by name.

A shipped stage lives beside the shipped encoders in ``cvmatch/encoders/weights/<name>/``:

- the model folder exactly as training writes it — ``cvmatch-model.json`` (the trained-model
  manifest: kind, config), the weights (``ranker.npz`` + ``features.json`` of a ranker,
  ``feedback-ranker.npz`` + ``features.json`` of a match-ranker; the
  int8 ``model.onnx`` + ``tokenizer.json`` [+ ``onnx-embeddings.json``] of a cross-encoder,
  :mod:`cvmatch.encoders.cross_encoder_onnx`) and the stored 0–100 calibration
  (``stage-calibration.json``, with a cross-encoder's fusion settings);
- ``manifest.json`` (:class:`StageManifest`): its ``kind``, the recipe and data it was trained
  on with checksums and licences, the licence of the weights, its held-out figures with their
  looks, the methods that use it by default (empty: opt-in) and the sha256 of **every** other
  file of the folder, checked before the stage first runs (:func:`verify_stage`).

Names resolve as :func:`resolve_stage` says (docs/benchmarks/defaults.md): ``name@vN`` is always
the user's trained-model registry; a bare ``name`` is the shipped stage when one has it, else
the latest version of the user's trained model; else a model folder.
"""

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cvmatch.encoders.shipped import MANIFEST_FILE, WEIGHTS_DIR, DataSource, HeldOutFigure
from cvmatch.encoders.trained import MANIFEST, read_manifest, resolve_trained
from cvmatch.errors import InvalidInputError, ModelUnavailableError

STAGE_KINDS = ("ranker", "match-ranker", "cross-encoder")
"""Trained-model kinds that run as stages (``--ranker``, ``--rerank``)."""
_DIGEST_CHARS = 12


class StageManifest(BaseModel):
    """``manifest.json`` of a shipped stage (see the module docstring)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: int = 1
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    kind: Literal["ranker", "match-ranker", "cross-encoder"]
    description: str
    languages: tuple[str, ...] = ("en",)
    trained_as: str
    """The registry reference of the run it comes from (``name@vN``)."""
    recipe: str
    """Path of the recipe in the repository (``cvmatch train --config RECIPE`` rebuilds it)."""
    recipe_config: dict[str, object]
    data: tuple[DataSource, ...] = Field(min_length=1)
    licence: str
    """Licence of the weights (an adaptation of the data carries the data's share-alike terms)."""
    files: dict[str, str] = Field(min_length=1)
    """Relative path → full sha256 (hex) of every file of the folder but ``manifest.json``."""
    held_out: tuple[HeldOutFigure, ...] = ()
    default_for: tuple[str, ...] = ()
    """Methods that run it without being asked (empty: opt-in only)."""

    @property
    def option(self) -> str:
        """The command-line option that runs it."""
        return "--rerank" if self.kind == "cross-encoder" else "--ranker"


def is_stage_manifest(path: Path) -> bool:
    """Whether ``path`` is a ``manifest.json`` whose ``kind`` is a stage kind."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("kind") in STAGE_KINDS


def read_stage_manifest(folder: Path) -> StageManifest:
    """The validated stage manifest of ``folder``.

    Raises:
        InvalidInputError: It is missing, not JSON, or does not match :class:`StageManifest`.
    """
    path = folder / MANIFEST_FILE
    try:
        return StageManifest.model_validate_json(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInputError(f"{path}: unreadable shipped-stage manifest ({error})") from None
    except ValidationError as error:
        raise InvalidInputError(f"{path}: invalid shipped-stage manifest: {error}") from None


def shipped_stages(root: Path | None = None) -> tuple[StageManifest, ...]:
    """Every shipped stage under ``root`` (default :data:`WEIGHTS_DIR`), by name."""
    return _stages_in(root or WEIGHTS_DIR)


@cache
def _stages_in(root: Path) -> tuple[StageManifest, ...]:
    """The stages of one folder, read once per process."""
    paths = sorted(root.glob(f"*/{MANIFEST_FILE}")) if root.is_dir() else []
    return tuple(read_stage_manifest(p.parent) for p in paths if is_stage_manifest(p))


def shipped_stage_folder(name: str, root: Path | None = None) -> Path | None:
    """The folder of the shipped stage called ``name``, else None."""
    if any(m.name == name for m in shipped_stages(root)):
        return (root or WEIGHTS_DIR) / name
    return None


def resolve_stage(reference: str, models_dir: Path, root: Path | None = None) -> Path | None:
    """The folder a stage name means (module docstring), or None when nothing has it."""
    shipped = None if "@" in reference else shipped_stage_folder(reference, root)
    folder = shipped or resolve_trained(reference, models_dir)
    if folder is None and (Path(reference) / MANIFEST).is_file():
        folder = Path(reference)
    return folder


def file_sha256(path: Path) -> str:
    """Full sha256 (hex) of a file."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def folder_files(folder: Path) -> dict[str, str]:
    """Relative path → sha256 of every file of ``folder`` but its ``manifest.json``."""
    return {
        p.relative_to(folder).as_posix(): file_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.relative_to(folder).as_posix() != MANIFEST_FILE
    }


def stage_digest(manifest: StageManifest) -> str:
    """First 12 hex digits of the sha256 over the manifest's file list (names and sha256s)."""
    text = json.dumps(manifest.files, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:_DIGEST_CHARS]


def verify_stage(folder: Path) -> StageManifest:
    """Check a shipped stage's files against its manifest; the manifest.

    Raises:
        ModelUnavailableError: A file is missing, altered or not listed, or the manifest's kind
            is not the model's (the install is damaged: reinstall cvmatch).
    """
    manifest = read_stage_manifest(folder)
    found = folder_files(folder)
    wrong = sorted(
        name
        for name in set(found) | set(manifest.files)
        if found.get(name) != manifest.files.get(name)
    )
    if wrong:
        raise ModelUnavailableError(
            f"shipped stage {manifest.name!r} ({folder}): files missing, altered or not listed "
            f"in its manifest: {', '.join(wrong)}; reinstall cvmatch"
        )
    trained_kind = read_manifest(folder).get("kind")
    if trained_kind != manifest.kind:
        raise ModelUnavailableError(
            f"shipped stage {manifest.name!r}: manifest kind {manifest.kind!r} but the model is "
            f"a {trained_kind!r}; reinstall cvmatch"
        )
    return manifest


def stage_model_id(folder: Path) -> str:
    """The id a stage's effects record: ``name@<digest>`` (shipped) or ``name@vN`` (trained).

    A shipped stage's files are verified first (:func:`verify_stage`).
    """
    if is_stage_manifest(folder / MANIFEST_FILE):
        manifest = verify_stage(folder)
        return f"{manifest.name}@{stage_digest(manifest)}"
    trained = read_manifest(folder)
    return f"{trained.get('name', folder.parent.name)}@v{trained.get('version', 0)}"


def write_stage_manifest(folder: Path, **fields: object) -> StageManifest:
    """Write ``manifest.json`` for the model in ``folder`` (``files`` computed here); it.

    ``fields`` are the other :class:`StageManifest` fields (``name``, ``kind``, ``recipe``, …).

    Raises:
        InvalidInputError: The fields do not make a valid manifest.
    """
    try:
        manifest = StageManifest.model_validate({**fields, "files": folder_files(folder)})
    except ValidationError as error:
        raise InvalidInputError(f"invalid shipped-stage manifest: {error}") from None
    text = manifest.model_dump_json(indent=2)
    (folder / MANIFEST_FILE).write_text(text + "\n", encoding="utf-8")
    return manifest
