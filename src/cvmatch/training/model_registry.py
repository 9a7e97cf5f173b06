"""The trained-model registry: each finished run becomes ``<name>@v<N>`` in the models folder.

Layout: ``<models dir>/<name>/v<N>/`` with the model files and ``cvmatch-model.json`` (see
:mod:`cvmatch.encoders.trained`, which resolves and loads them). Versions only grow: a new run of
the same name gets the next number; nothing is overwritten.
"""

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cvmatch.encoders.trained import MANIFEST, read_manifest, trained_models
from cvmatch.types import TrainedModel

_ENCODER = {"bi-encoder": "sentence-transformer", "adapt": "sentence-transformer"}


def next_version(root: Path, name: str) -> int:
    """One more than the highest version of ``name`` (1 for a new name)."""
    versions = [m.version for m in trained_models(root) if m.name == name]
    existing = [int(p.name[1:]) for p in (root / name).glob("v*") if p.name[1:].isdigit()]
    return max([0, *versions, *existing]) + 1


def register(
    folder: Path,
    root: Path,
    *,
    name: str,
    kind: str,
    extra: dict[str, Any],
) -> TrainedModel:
    """Copy a saved model folder into the registry as the next version of ``name``.

    ``extra`` goes into the manifest (base model, metrics, run id, config, languages, ...).
    A projection head is recognised by its ``head.npz``.
    """
    version = next_version(root, name)
    target = root / name / f"v{version}"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(folder, target)
    encoder = "projection" if (target / "head.npz").exists() else _ENCODER.get(kind)
    manifest = {
        "format": 1,
        "name": name,
        "version": version,
        "kind": kind,
        "encoder": encoder,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        **extra,
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True, default=str), encoding="utf-8"
    )
    read_manifest(target)  # fails loudly if it does not read back
    return next(m for m in trained_models(root) if m.name == name and m.version == version)
