"""Models trained with ``cvmatch train``: manifests, ``name@vN`` resolution and loading.

A trained model is a folder holding ``cvmatch-model.json`` (the manifest) beside its weights,
kept in the registry folder as ``<models dir>/<name>/v<N>/`` (``Settings.trained_models_dir``).
``load_encoder`` accepts ``name@vN``, ``name`` (its latest version) or the folder itself.

Manifest keys: ``name``, ``version``, ``kind`` (bi-encoder, cross-encoder, ranker, adapt),
``encoder`` (``sentence-transformer``, ``projection`` or ``null`` for non-encoders),
``base_model``, ``created``, ``metrics``, ``languages``, ``dim`` and, for projections,
``activation``. The ``model_id`` of a trained encoder is ``<name>@v<N>:<digest of its files>``,
which stored embeddings and results record.
"""

import json
import re
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.encoders.packages import folder_digest
from cvmatch.encoders.sentence_transformer import SentenceTransformerEncoder
from cvmatch.errors import InvalidInputError, ModelUnavailableError
from cvmatch.types import TrainedModel

MANIFEST = "cvmatch-model.json"
_REF = re.compile(r"^(?P<name>[a-z0-9][a-z0-9._-]*)(?:@v(?P<version>[0-9]+))?$")


def read_manifest(folder: Path) -> dict[str, Any]:
    """The manifest of a trained-model folder.

    Raises:
        InvalidInputError: It is missing or not a JSON object.
    """
    path = folder / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InvalidInputError(f"{path}: unreadable trained-model manifest ({error})") from None
    if not isinstance(data, dict):
        raise InvalidInputError(f"{path}: the manifest must be a JSON object")
    return data


def _info(folder: Path, data: dict[str, Any]) -> TrainedModel:
    metrics = data.get("metrics") or {}
    return TrainedModel(
        name=str(data.get("name", folder.parent.name)),
        version=int(data.get("version", 0)),
        path=str(folder),
        kind=str(data.get("kind", "")),
        base_model=str(data.get("base_model", "")),
        created=str(data.get("created", "")),
        metrics=tuple(sorted((str(k), float(v)) for k, v in metrics.items())),
    )


def trained_models(root: Path) -> list[TrainedModel]:
    """Every model under ``root`` (``<name>/v<N>/`` with a manifest), by name then version."""
    found = []
    for manifest in root.glob(f"*/v*/{MANIFEST}") if root.is_dir() else []:
        try:
            found.append(_info(manifest.parent, read_manifest(manifest.parent)))
        except InvalidInputError:
            continue  # a half-written folder is not a model; `cvmatch models` lists the rest
    return sorted(found, key=lambda m: (m.name, m.version))


def resolve_trained(reference: str, root: Path) -> Path | None:
    """The folder of ``name@vN`` (or of the latest version of ``name``), else None."""
    match = _REF.match(reference)
    if match is None:
        return None
    versions = [m for m in trained_models(root) if m.name == match["name"]]
    if match["version"] is not None:
        versions = [m for m in versions if m.version == int(match["version"])]
    return Path(versions[-1].path) if versions else None


class TrainedSentenceTransformer(SentenceTransformerEncoder):
    """A fine-tuned sentence-transformers folder with a manifest (id ``name@vN:<digest>``)."""

    description = "trained with cvmatch train"

    def __init__(self, folder: Path, manifest: dict[str, Any]) -> None:
        super().__init__(folder)
        self.ref = f"{manifest.get('name', folder.name)}@v{manifest.get('version', 0)}"
        self.name = str(manifest.get("name", folder.name))

    @property
    def model_id(self) -> str:
        """``<name>@v<N>:<digest of the folder>``."""
        return f"{self.ref}:{folder_digest(Path(self.source))}"


class ProjectionEncoder(DenseEncoder):
    """A frozen base encoder followed by a trained projection (``head.npz``: ``w0, b0[, w1, b1]``).

    The projection runs in numpy (no torch at inference); output vectors are L2-normalised.
    """

    description = "trained projection head over a frozen encoder"
    languages: ClassVar[tuple[str, ...]] = ("multilingual",)

    def __init__(self, folder: Path, manifest: dict[str, Any], base: DenseEncoder) -> None:
        super().__init__()
        self.folder = folder
        self.base = base
        self.name = str(manifest.get("name", folder.name))
        self.ref = f"{self.name}@v{manifest.get('version', 0)}"
        self.activation = str(manifest.get("activation", "none"))
        self.max_words = base.max_words
        self.overlap_words = base.overlap_words
        with np.load(folder / "head.npz") as arrays:
            self.layers = [
                (arrays[f"w{i}"], arrays[f"b{i}"]) for i in range(len(arrays.files) // 2)
            ]
        self.dim = int(self.layers[-1][0].shape[1])

    @property
    def model_id(self) -> str:
        """``<name>@v<N>:<digest of the folder>``."""
        return f"{self.ref}:{folder_digest(self.folder)}"

    def project(self, vectors: np.ndarray) -> np.ndarray:
        """Apply the head to base vectors."""
        out = np.asarray(vectors, dtype=np.float32)
        for index, (weight, bias) in enumerate(self.layers):
            out = out @ weight + bias
            if index < len(self.layers) - 1 and self.activation == "relu":
                out = np.maximum(out, 0.0)
        return out

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        return self.project(self.base.encode(texts, role=role))


def load_trained(folder: Path, base_loader: Any) -> DenseEncoder:
    """The encoder of a trained-model folder; ``base_loader(name)`` builds a projection's base.

    Raises:
        ModelUnavailableError: The folder holds a model that is not an encoder (a
            cross-encoder or ranker re-ranks; it does not embed).
    """
    manifest = read_manifest(folder)
    encoder = manifest.get("encoder")
    if encoder == "sentence-transformer":
        return TrainedSentenceTransformer(folder, manifest)
    if encoder == "projection":
        base = base_loader(str(manifest["base_model"]))
        if not isinstance(base, DenseEncoder):
            raise ModelUnavailableError(f"{folder}: base {manifest['base_model']!r} is not dense")
        return ProjectionEncoder(folder, manifest, base)
    raise ModelUnavailableError(
        f"{folder} holds a trained {manifest.get('kind')!r} model, not an encoder: "
        "use it to re-rank (see docs/training.md), not as --model"
    )
