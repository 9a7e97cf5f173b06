"""Turn a trained bi-encoder of the registry into a model that ships in the package.

:func:`ship_model` exports a ``cvmatch train`` fine-tune of MiniLM to int8 ONNX exactly as
``minilm-int8`` is built (:mod:`cvmatch.encoders.minilm_build`), measures how close its vectors
stay to the float32 model, and writes the folder :mod:`cvmatch.encoders.shipped` loads:
``model.onnx`` and ``manifest.json`` with the recipe, the training data's checksums and
licences, and reference cosines for the shipped-model test. Held-out figures are added with
:func:`add_figure` once measured (``cvmatch eval``).
"""

import json
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np

from cvmatch.encoders.minilm_build import build_minilm_int8, export_fp32
from cvmatch.encoders.minilm_onnx import minilm_tokenizer_path
from cvmatch.encoders.packages import file_digest
from cvmatch.encoders.shipped import (
    MANIFEST_FILE,
    MODEL_FILE,
    DataSource,
    HeldOutFigure,
    Probe,
    ShippedEncoder,
    ShippedManifest,
    read_shipped_manifest,
    shipped_models,
)
from cvmatch.encoders.trained import TrainedSentenceTransformer, read_manifest, resolve_trained
from cvmatch.errors import InvalidInputError
from cvmatch.training.config import TrainConfig, read_recipe
from cvmatch.training.runner import checksum, prepare

PROBES: tuple[tuple[str, str], ...] = (
    ("software engineer", "software developer"),
    ("software engineer", "registered nurse"),
    ("Sr. Java Dev (m/w/d) - Remote", "java developer"),
    ("head chef", "cook"),
    ("head chef", "database administrator"),
    ("truck driver", "heavy goods vehicle driver"),
    ("accountant", "financial controller"),
    ("primary school teacher", "teacher of young children"),
)
"""Title pairs whose int8 cosines the manifest keeps (the test checks them on every machine)."""


@dataclass(frozen=True)
class ShipRequest:
    """What to ship: a registry model, its recipe, its data's licences and how to describe it."""

    model: str
    """``name@vN`` in the trained-model registry."""
    name: str
    """The shipped name (what ``--model`` and ``-m METHOD:NAME`` accept)."""
    recipe: Path
    description: str
    data: tuple[DataSource, ...]
    languages: tuple[str, ...] = ("en",)


def ship_model(request: ShipRequest, models_dir: Path, out_root: Path) -> ShippedManifest:
    """Export ``request.model`` to ``out_root/<name>/`` (int8 ONNX + manifest) and return it.

    Raises:
        InvalidInputError: The model is missing, is not a mean-pooled MiniLM bi-encoder, or has
            another vocabulary than the packaged MiniLM.
    """
    folder = resolve_trained(request.model, models_dir)
    if folder is None:
        raise InvalidInputError(f"no trained model {request.model!r} in {models_dir}")
    trained = read_manifest(folder)
    _check_architecture(folder)
    target = out_root / request.name
    target.mkdir(parents=True, exist_ok=True)
    build_minilm_int8(target / MODEL_FILE, export=partial(export_fp32, source=folder))
    config = TrainConfig.model_validate(trained["config"])
    _, splits = prepare(config)
    manifest = ShippedManifest(
        name=request.name,
        description=request.description,
        languages=request.languages,
        trained_as=f"{trained['name']}@v{trained['version']}",
        base_model=str(trained.get("base_model", "")),
        recipe=request.recipe.as_posix(),
        recipe_config=read_recipe(request.recipe),
        data=request.data,
        training_pairs_sha256={
            part: checksum(getattr(splits, part)) for part in ("train", "validation", "test")
        },
        sha256=file_digest(target / MODEL_FILE),
        cosine_to_fp32=1.0,
        probes=(),
    )
    _write(target, manifest)
    shipped_models.cache_clear()
    encoder = ShippedEncoder(target, threads=1)
    cosine, probes = _measure(encoder, TrainedSentenceTransformer(folder, trained))
    manifest = manifest.model_copy(update={"cosine_to_fp32": cosine, "probes": probes})
    _write(target, manifest)
    return manifest


def _check_architecture(folder: Path) -> None:
    """The fine-tune must be a mean-pooled, normalised BERT with MiniLM's vocabulary."""
    modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    pooling = json.loads((folder / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    mean = pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens")
    if kinds != ["Transformer", "Pooling", "Normalize"] or not mean:
        raise InvalidInputError(f"{folder}: not a mean-pooled, normalised MiniLM ({kinds})")
    vocab = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    packaged = json.loads(minilm_tokenizer_path().read_text(encoding="utf-8"))["model"]["vocab"]
    if vocab != packaged:
        raise InvalidInputError(f"{folder}: its vocabulary differs from the packaged MiniLM's")


def _measure(
    shipped: ShippedEncoder, fp32: TrainedSentenceTransformer
) -> tuple[float, tuple[Probe, ...]]:
    """Mean int8 ↔ float32 cosine over the probe texts, and the int8 probe cosines."""
    texts = sorted({t for pair in PROBES for t in pair})
    low = shipped.encode(texts, role="query")
    high = fp32.encode(texts, role="query")
    agreement = float(np.mean(np.sum(low * high, axis=1)))
    vectors = dict(zip(texts, low, strict=True))
    probes = tuple(
        Probe(query=q, document=d, cosine=round(float(vectors[q] @ vectors[d]), 4))
        for q, d in PROBES
    )
    return round(agreement, 4), probes


def add_figure(folder: Path, figure: HeldOutFigure) -> ShippedManifest:
    """Add (or replace, by set, metric and baseline) a held-out figure in a shipped manifest."""
    manifest = read_shipped_manifest(folder)
    key = (figure.set, figure.metric, figure.baseline)
    kept = [f for f in manifest.held_out if (f.set, f.metric, f.baseline) != key]
    manifest = manifest.model_copy(update={"held_out": (*kept, figure)})
    _write(folder, manifest)
    return manifest


def set_defaults(folder: Path, methods: Sequence[str]) -> ShippedManifest:
    """Record which evaluation methods use the shipped model by default."""
    manifest = read_shipped_manifest(folder)
    manifest = manifest.model_copy(update={"default_for": tuple(methods)})
    _write(folder, manifest)
    return manifest


def _write(folder: Path, manifest: ShippedManifest) -> None:
    text = json.dumps(manifest.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    tmp = folder / f".{MANIFEST_FILE}.tmp"
    tmp.write_text(text, encoding="utf-8")
    shutil.move(tmp, folder / MANIFEST_FILE)
    read_shipped_manifest(folder)  # fails loudly if it does not read back
