"""The encoder registry: every built-in scorer by stable name, plus :func:`load_encoder`.

Built-ins register here through explicit imports; the constructors do no I/O, so building any
entry is cheap and weights load on first use.

- ``tfidf-word`` (lexical): TF-IDF cosine over word 1-2-grams, 0-1.
- ``tfidf-char`` (lexical): TF-IDF cosine over char_wb 3-5-grams, 0-1.
- ``bm25`` (lexical): BM25 with stemming and stopwords; raw scores, unbounded.
- ``minilm`` (dense, English): all-MiniLM-L6-v2 float32 with torch.
- ``minilm-int8`` (dense, English, the default): all-MiniLM-L6-v2 int8 ONNX built locally.
- ``minilm-int8-packaged`` (dense, English): the packaged int8 ONNX file as shipped.
- ``minilm-bf16`` (dense, English): all-MiniLM-L6-v2 in bfloat16 with torch (fast on AMX CPUs).
- ``use-m3`` (dense, multilingual): Universal Sentence Encoder multilingual v3.
- ``e5-small-q4`` (dense, multilingual): multilingual-e5-small, 4-bit.
- ``e5-use-m3`` (dense, multilingual): the mean of the two above's cosines (Chinese titles).

Trained models that ship in the package (:mod:`cvmatch.encoders.shipped`) load by their name too;
shipped scoring stages (:mod:`cvmatch.encoders.shipped_stage`: rankers, cross-encoders) are
listed by :func:`encoder_status` and run by ``--ranker`` / ``--rerank``, not as encoders.
"""

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cvmatch.encoders.base import DenseEncoder, Kind, TextScorer
from cvmatch.encoders.bm25 import BM25Scorer
from cvmatch.encoders.cache import EmbeddingCache
from cvmatch.encoders.e5 import E5Encoder
from cvmatch.encoders.e5_use_m3 import E5UseM3Encoder
from cvmatch.encoders.minilm_bf16 import MiniLMBf16Encoder
from cvmatch.encoders.minilm_onnx import MiniLMInt8Encoder, MiniLMOnnxEncoder
from cvmatch.encoders.minilm_torch import MiniLMTorchEncoder
from cvmatch.encoders.packages import missing_packages
from cvmatch.encoders.sentence_transformer import SentenceTransformerEncoder
from cvmatch.encoders.shipped import ShippedEncoder, ShippedManifest, shipped_folder, shipped_models
from cvmatch.encoders.shipped_head import (
    ShippedHeadManifest,
    head_encoder,
    shipped_head_folder,
    shipped_heads,
)
from cvmatch.encoders.shipped_stage import StageManifest, shipped_stages
from cvmatch.encoders.tfidf import TfidfScorer
from cvmatch.encoders.trained import MANIFEST, load_trained, resolve_trained, trained_models
from cvmatch.encoders.use_m3 import UseM3Encoder
from cvmatch.errors import (
    CvmatchError,
    InvalidInputError,
    ModelUnavailableError,
    UnknownNameError,
)
from cvmatch.registry import Registry
from cvmatch.settings import get_settings

ENCODERS: Registry[TextScorer] = Registry("encoder")
ENCODERS.add("tfidf-word", partial(TfidfScorer, "word"))
ENCODERS.add("tfidf-char", partial(TfidfScorer, "char"))
ENCODERS.add("bm25", BM25Scorer)
ENCODERS.add("minilm", MiniLMTorchEncoder)
ENCODERS.add("minilm-int8", MiniLMInt8Encoder)
ENCODERS.add("minilm-int8-packaged", MiniLMOnnxEncoder)
ENCODERS.add("minilm-bf16", MiniLMBf16Encoder)
ENCODERS.add("use-m3", UseM3Encoder)
ENCODERS.add("e5-small-q4", E5Encoder)
ENCODERS.add("e5-use-m3", E5UseM3Encoder)

# Hub names look like "org/model": two path-safe parts around one slash.
_HUB_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


@dataclass(frozen=True)
class EncoderInfo:
    """What ``cvmatch models`` shows for one registered encoder (nothing is loaded)."""

    name: str
    kind: Kind
    installed: bool
    languages: tuple[str, ...]
    dim: int | None
    description: str
    packages: tuple[str, ...] = ()
    """pip packages it needs."""
    active: tuple[str, ...] = ()
    """Methods that use it when none is named (shipped trained models only)."""
    held_out: tuple[str, ...] = ()
    """Its held-out figures, one line each (shipped trained models only)."""
    stage: str | None = None
    """For a shipped scoring stage, the option that runs it (``--ranker`` or ``--rerank``)."""
    opt_in: bool = False
    """A shipped stage that runs only when asked for (no method uses it by default)."""


def encoder_status() -> list[EncoderInfo]:
    """One :class:`EncoderInfo` per registered encoder, sorted by name."""
    infos = []
    for name in ENCODERS:
        scorer = ENCODERS.create(name)
        infos.append(
            EncoderInfo(
                name=name,
                kind=scorer.kind,
                installed=not missing_packages(scorer.requirements),
                languages=scorer.languages,
                dim=scorer.dim if isinstance(scorer, DenseEncoder) else None,
                description=scorer.description,
                packages=tuple(pip for _, pip in scorer.requirements),
            )
        )
    return infos + _shipped_status() + _head_status() + _stage_status() + _trained_status()


def _shipped_status() -> list[EncoderInfo]:
    """Trained models that ship in the package, with what uses them and their figures."""
    return [
        EncoderInfo(
            name=m.name,
            kind="dense",
            installed=not missing_packages(ShippedEncoder.requirements),
            languages=m.languages,
            dim=m.dim,
            description=f"{m.description} (shipped; trained as {m.trained_as})",
            packages=tuple(pip for _, pip in ShippedEncoder.requirements),
            active=m.default_for,
            held_out=tuple(_figure(m, i) for i in range(len(m.held_out))),
        )
        for m in shipped_models()
    ]


def _head_status() -> list[EncoderInfo]:
    """Projection heads that ship in the package (used for non-English texts)."""
    return [
        EncoderInfo(
            name=m.name,
            kind="dense",
            installed=not missing_packages(ENCODERS.create(m.base_model).requirements),
            languages=m.languages,
            dim=m.dim,
            description=f"{m.description} (shipped head over {m.base_model})",
            active=m.default_for,
            held_out=tuple(_figure(m, i) for i in range(len(m.held_out))),
        )
        for m in shipped_heads()
    ]


def _stage_status() -> list[EncoderInfo]:
    """Scoring stages that ship in the package (opt-in unless a method uses them by default)."""
    return [
        EncoderInfo(
            name=m.name,
            kind="reranker",
            installed=True,
            languages=m.languages,
            dim=None,
            description=f"{m.description} (shipped {m.kind}: {m.option} {m.name}; "
            f"trained as {m.trained_as}; weights {m.licence})",
            active=m.default_for,
            held_out=tuple(_figure(m, i) for i in range(len(m.held_out))),
            stage=m.option,
            opt_in=not m.default_for,
        )
        for m in shipped_stages()
    ]


def _figure(model: ShippedManifest | ShippedHeadManifest | StageManifest, index: int) -> str:
    """One held-out figure as text: ``set metric value (Δ vs baseline [lo, hi]; looks)``."""
    f = model.held_out[index]
    text = f"{f.set} {f.metric} {f.value:.3f}"
    extra = []
    if f.delta is not None:
        extra.append(f"{f.delta:+.3f} vs {f.baseline}" if f.baseline else f"{f.delta:+.3f}")
    if f.ci95 is not None:
        extra.append(f"[{f.ci95[0]:+.3f}, {f.ci95[1]:+.3f}]")
    if f.looks:
        extra.append(f"looks: {f.looks}")
    return f"{text} ({'; '.join(extra)})" if extra else text


def _trained_status() -> list[EncoderInfo]:
    """Models of the trained-model registry (``cvmatch train``), listed as ``name@vN``."""
    infos = []
    for model in trained_models(get_settings().trained_models_dir):
        shown = {"test_mrr", "test_map", "test_auc"}
        metrics = ", ".join(f"{k}={v:.3f}" for k, v in model.metrics if k in shown)
        infos.append(
            EncoderInfo(
                name=model.model_ref,
                kind="dense" if model.kind in {"bi-encoder", "adapt"} else "reranker",
                installed=True,
                languages=(),
                dim=None,
                description=f"trained {model.kind} from {model.base_model} ({model.created[:10]})"
                + (f"; {metrics}" if metrics else ""),
            )
        )
    return infos


def load_encoder(
    name_or_path: str | Path,
    *,
    threads: int | None = None,
    cache: EmbeddingCache | None = None,
) -> TextScorer:
    """Build a scorer from a registry name, a saved model folder or a hub name.

    Resolution order: a registered name (``"minilm-int8"``); a shipped trained model
    (:mod:`cvmatch.encoders.shipped`) or shipped head (:mod:`cvmatch.encoders.shipped_head`); a trained model ``name@vN`` or
    ``name`` of the trained-model registry (:mod:`cvmatch.encoders.trained`); an existing folder
    (one with a ``cvmatch-model.json`` manifest, or saved by ``SentenceTransformer.save()``); a
    hub name ``"org/model"`` (needs internet, loaded on first use). Nothing is loaded here.

    Args:
        name_or_path: The name, folder or hub name.
        threads: CPU threads for dense encoders that take a thread count.
        cache: Embedding cache to attach to a dense encoder.

    Raises:
        UnknownNameError: When the name is none of the above; lists the registered names.
        ModelUnavailableError: When a trained or shipped model is not an encoder (a
            cross-encoder or a ranker).
        InvalidInputError: When the path exists but is not a folder.
    """
    text = str(name_or_path)
    path = Path(name_or_path)
    shipped = None if text in ENCODERS else shipped_folder(text)
    head = None if text in ENCODERS or shipped else shipped_head_folder(text)
    packaged = text in ENCODERS or shipped is not None or head is not None
    trained = None if packaged else resolve_trained(text, get_settings().trained_models_dir)
    if text in ENCODERS:
        scorer = ENCODERS.create(text)
    elif shipped is not None:
        scorer = ShippedEncoder(shipped)
    elif head is not None:
        scorer = _shipped_head(head, threads)
    elif trained is not None or (path.is_dir() and (path / MANIFEST).is_file()):
        scorer = load_trained(trained or path, lambda base: load_encoder(base, threads=threads))
    elif path.exists():
        if not path.is_dir():
            raise InvalidInputError(
                f"{path} is a file; pass the folder written by SentenceTransformer.save()"
            )
        scorer = SentenceTransformerEncoder(path)
    elif isinstance(name_or_path, str) and _HUB_NAME.match(text):
        scorer = SentenceTransformerEncoder(text)
    else:
        raise _unknown(text)
    if isinstance(scorer, DenseEncoder):
        if threads is not None:
            scorer.threads = threads
        scorer.cache = cache
    return scorer


def _unknown(text: str) -> CvmatchError:
    """The error for a name no encoder has (a shipped stage's name says how to run it)."""
    stage = next((m for m in shipped_stages() if m.name == text), None)
    if stage is not None:
        return ModelUnavailableError(
            f"{text!r} is a shipped {stage.kind}, not an encoder: run it with "
            f"{stage.option} {text} (it re-scores a ranking; it does not embed)"
        )
    shipped_names = [m.name for m in shipped_models()] + [h.name for h in shipped_heads()]
    known = ", ".join([*ENCODERS, *shipped_names])
    return UnknownNameError(
        f"unknown encoder {text!r}: not a registered name, an existing model folder or a hub "
        f"name 'org/model'; known names: {known}"
    )


def _shipped_head(folder: Path, threads: int | None) -> DenseEncoder:
    """A shipped head over its (registered) base encoder (averaged with ``mean_with`` heads)."""

    def dense(name: str) -> DenseEncoder:
        encoder = load_encoder(name, threads=threads)
        if not isinstance(encoder, DenseEncoder):
            raise InvalidInputError(f"{folder}: {name!r}, part of a head, is not a dense encoder")
        return encoder

    return head_encoder(folder, dense)
