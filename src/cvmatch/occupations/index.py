"""The occupation vector index: every label and one text per occupation, embedded once, cached.

Documents per occupation (rows kept grouped by occupation, occupations sorted by URI):

* one row per label (preferred, then alternative labels, every language of the taxonomy): the
  "max over labels" ingredient scores an occupation by its best label;
* one text: ``preferred label. alt1, alt2, …. description (+ essential skills)``, English first.

The *job centroid* (CareerBERT) of an occupation is the normalised mean of its one-text vector,
the mean of its label vectors and the vectors of the labelled job ads the user imported. The ad
vectors themselves are kept too (grouped by occupation) for the ad ingredients of
:mod:`cvmatch.occupations.ad_signals`; :func:`with_ads` swaps the ads of an index without
re-embedding anything (cross-fitted evaluation builds one index per fold that way).

Cache: ``<cache dir>/occupation-index/<digest>/`` holds ``labels.npy``, ``texts.npy`` and
``manifest.json`` (encoder model id, taxonomy checksum, row counts). The digest covers the model
id and the taxonomy checksum, and the manifest is checked on load, so a new model or a changed
taxonomy re-embeds and never mixes vectors of two models. Ad vectors are cached next to them,
keyed by a digest of the ads file.
"""

import hashlib
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from cvmatch.encoders.base import DenseEncoder, normalise
from cvmatch.taxonomy.occupations import checksum
from cvmatch.types import OccupationEntry

logger = logging.getLogger(__name__)

IndexProgress = Callable[[int, int], None]
"""Called as ``(texts embedded, texts to embed)`` while an index is built."""
PROGRESS_SLICE = 1024
"""Texts embedded per call when progress is reported (a bar that moves on a minutes-long build)."""

MANIFEST = "manifest.json"
ANNOUNCE_AT = 1000
"""A new index of at least this many labels is announced on stderr before it is embedded."""


@dataclass(frozen=True)
class LabelRows:
    """The label documents: text, language and occupation row of each."""

    texts: tuple[str, ...]
    languages: tuple[str, ...]
    owner: np.ndarray
    """Occupation row of each label (non-decreasing int64)."""


def label_rows(entries: list[OccupationEntry]) -> LabelRows:
    """One row per distinct (language, label) of each occupation, grouped by occupation."""
    texts: list[str] = []
    languages: list[str] = []
    owner: list[int] = []
    for row, entry in enumerate(entries):
        seen: set[tuple[str, str]] = set()
        for item in entry.preferred + entry.alternatives:
            key = (item.language, item.text.strip())
            if not key[1] or key in seen:
                continue
            seen.add(key)
            texts.append(key[1])
            languages.append(key[0])
            owner.append(row)
    return LabelRows(tuple(texts), tuple(languages), np.asarray(owner, dtype=np.int64))


def one_text(entry: OccupationEntry, language: str = "en") -> str:
    """``label. alt1, alt2, …. description`` in ``language`` (English, then any, when missing)."""
    langs = {t.language for t in entry.preferred}
    lang = language if language in langs else ("en" if "en" in langs else next(iter(langs), ""))
    alts = ", ".join(t.text for t in entry.alternatives if t.language == lang)
    desc = next((t.text for t in entry.descriptions if t.language == lang), "")
    if not desc:
        desc = next((t.text for t in entry.descriptions if t.language == "en"), "")
    skills = ", ".join(entry.essential_skills)
    parts = (entry.label(lang), alts, desc, f"Skills: {skills}" if skills else "")
    return ". ".join(p for p in parts if p)


@dataclass
class OccupationIndex:
    """Occupations with their label, text and centroid vectors for one encoder."""

    entries: list[OccupationEntry]
    labels: LabelRows
    label_vectors: np.ndarray
    text_vectors: np.ndarray
    centroids: np.ndarray
    model_id: str
    taxonomy_checksum: str
    ad_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    """Vectors (passage role) of the imported labelled ads, grouped by occupation row."""
    ad_owner: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    """Occupation row of each ad vector (non-decreasing int64)."""
    ad_texts: tuple[str, ...] = ()
    """Text of each ad, in the order of ``ad_vectors``."""
    ad_means: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    """``(occupations, dim)``: normalised mean of each occupation's ads (0 without ads)."""

    @property
    def label_starts(self) -> np.ndarray:
        """First label row of each occupation (for ``np.maximum.reduceat``)."""
        return np.searchsorted(self.labels.owner, np.arange(len(self.entries)))

    @property
    def ads_count(self) -> int:
        """How many labelled ads the centroids include."""
        return len(self.ad_owner)


def with_ads(
    index: OccupationIndex, rows: np.ndarray, vectors: np.ndarray, texts: Sequence[str]
) -> OccupationIndex:
    """``index`` with exactly these ads (occupation ``rows``, passage ``vectors``, ``texts``).

    Centroids are recomputed from the one-text and label vectors plus the new ads, so the ads
    already in ``index`` are replaced, never added twice. Nothing is re-embedded.
    """
    rows = np.asarray(rows, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    dim = index.text_vectors.shape[1]
    ad_vectors = np.asarray(vectors, dtype=np.float32).reshape(len(rows), dim)[order]
    ad_owner = rows[order]
    n = len(index.entries)
    ad_sum = np.zeros_like(index.text_vectors)
    np.add.at(ad_sum, ad_owner, ad_vectors)
    count = np.bincount(ad_owner, minlength=n).astype(np.float32)
    centroids = _centroids(index.labels, index.label_vectors, index.text_vectors, ad_sum, count)
    return replace(
        index,
        centroids=centroids,
        ad_vectors=ad_vectors,
        ad_owner=ad_owner,
        ad_texts=tuple(texts[int(i)] for i in order),
        ad_means=normalise(ad_sum),
    )


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _load_or_embed(
    folder: Path,
    name: str,
    texts: list[str],
    encoder: DenseEncoder,
    progress: IndexProgress | None = None,
) -> np.ndarray:
    path = folder / f"{name}.npy"
    if path.is_file():
        vectors = np.load(path)
        if vectors.shape == (len(texts), encoder.dim):
            return np.asarray(vectors, dtype=np.float32)
        logger.warning("%s has shape %s, re-embedding", path, vectors.shape)
    logger.info("embedding %d %s with %s", len(texts), name, encoder.model_id)
    if progress is not None and texts:
        vectors = _embed_reporting(texts, encoder, progress)
    else:
        vectors = encoder.encode(texts, role="passage") if texts else np.zeros((0, encoder.dim))
    np.save(path, np.asarray(vectors, dtype=np.float32))
    return np.asarray(vectors, dtype=np.float32)


def _embed_reporting(
    texts: list[str], encoder: DenseEncoder, progress: IndexProgress
) -> np.ndarray:
    """``encoder.encode(texts)`` in slices, reporting after each one."""
    parts = []
    for start in range(0, len(texts), PROGRESS_SLICE):
        progress(start, len(texts))
        parts.append(encoder.encode(texts[start : start + PROGRESS_SLICE], role="passage"))
    progress(len(texts), len(texts))
    return np.concatenate(parts)


def _check_manifest(folder: Path, manifest: dict[str, object]) -> None:
    """Drop the cached arrays when ``folder`` was written for another model or taxonomy."""
    path = folder / MANIFEST
    if path.is_file():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            old = {}
        if old == manifest:
            return
        for stale in folder.glob("*.npy"):
            stale.unlink()
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def build_index(
    entries: list[OccupationEntry],
    encoder: DenseEncoder,
    cache_dir: Path,
    ads: list[tuple[str, str]] | None = None,
    progress: IndexProgress | None = None,
) -> OccupationIndex:
    """Embed (or load from the cache) the occupation index for ``encoder``.

    Args:
        entries: The occupations, in a fixed order (sorted by URI).
        encoder: The dense encoder; its ``model_id`` keys the cache.
        cache_dir: Root folder of the cache (``Settings.cache_dir``).
        ads: Labelled job ads ``(occupation URI, text)`` folded into the centroids.
        progress: Told how many labels are embedded, slice by slice (None: one call, silent).
    """
    labels = label_rows(entries)
    texts = [one_text(e) for e in entries]
    tax = checksum(entries)
    folder = cache_dir / "occupation-index" / _digest(encoder.model_id, tax)
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {
        "model_id": encoder.model_id,
        "taxonomy_checksum": tax,
        "occupations": len(entries),
        "labels": len(labels.texts),
    }
    _check_manifest(folder, manifest)
    if not (folder / "labels.npy").is_file():
        _announce_build(labels, encoder.model_id, folder)
    label_vectors = _load_or_embed(folder, "labels", list(labels.texts), encoder, progress)
    text_vectors = _load_or_embed(folder, "texts", texts, encoder)
    empty = np.zeros((len(entries), encoder.dim), dtype=np.float32)
    index = OccupationIndex(
        entries=entries,
        labels=labels,
        label_vectors=label_vectors,
        text_vectors=text_vectors,
        centroids=_centroids(labels, label_vectors, text_vectors, empty, np.zeros(len(entries))),
        model_id=encoder.model_id,
        taxonomy_checksum=tax,
    )
    rows, vectors, ad_texts = _ad_vectors(folder, entries, encoder, ads or [])
    return with_ads(index, rows, vectors, ad_texts) if len(rows) else index


def _announce_build(labels: LabelRows, model_id: str, folder: Path) -> None:
    """Say on stderr (a warning) that a minutes-long first build starts, and what it embeds.

    Without a terminal no progress bar is drawn, so this line is the only sign of a build that
    takes minutes (docs/languages.md: measured costs of the first and the cached runs).
    """
    if len(labels.texts) < ANNOUNCE_AT:
        return
    languages = ", ".join(sorted(set(labels.languages)))
    logger.warning(
        "building the occupation index for %s: embedding %d labels (%s) once, which takes "
        "minutes on a small machine; later runs read it from %s",
        model_id,
        len(labels.texts),
        languages,
        folder,
    )


def _ad_vectors(
    folder: Path, entries: list[OccupationEntry], encoder: DenseEncoder, ads: list[tuple[str, str]]
) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Occupation row, (cached) vector and text of each ad whose occupation is indexed."""
    row_of = {e.uri: i for i, e in enumerate(entries)}
    known = [(row_of[uri], text) for uri, text in ads if uri in row_of]
    if not known:
        return np.zeros(0, np.int64), np.zeros((0, encoder.dim), np.float32), []
    name = "ads-" + _digest(*(f"{r}\x1e{t}" for r, t in known))
    texts = [t for _, t in known]
    vectors = _load_or_embed(folder, name, texts, encoder)
    return np.asarray([r for r, _ in known], dtype=np.int64), vectors, texts


def _centroids(
    labels: LabelRows,
    label_vectors: np.ndarray,
    text_vectors: np.ndarray,
    ad_sum: np.ndarray,
    ad_count: np.ndarray,
) -> np.ndarray:
    n = len(text_vectors)
    label_sum = np.zeros_like(text_vectors)
    np.add.at(label_sum, labels.owner, label_vectors)
    label_n = np.bincount(labels.owner, minlength=n).astype(np.float32)[:, None]
    label_mean = normalise(label_sum / np.maximum(label_n, 1.0))
    total = text_vectors + label_mean + ad_sum
    return normalise(total / (2.0 + ad_count[:, None]))
