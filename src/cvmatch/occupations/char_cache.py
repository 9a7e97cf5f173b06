"""The fitted char TF-IDF of the occupation labels, persisted beside the occupation index.

Fitting :class:`~cvmatch.occupations.signals.LabelCharIndex` over every label is most of a cached
``cvmatch recommend`` (about 18 of 26 s with ESCO EN/FR/ES imported: 66k labels). The fitted
vectorizer and its label matrix are written once to
``<cache dir>/occupation-index/label-char-<key>.joblib`` and read back by later processes.

Format: ``joblib`` (a pickle that stores numpy/scipy arrays efficiently), scikit-learn's own
recommended way to persist a fitted estimator. A pickle is only read back by the scikit-learn
version that wrote it, so the key covers that version with a digest of every label text (in
row order) and :data:`FORMAT` (bumped with the vectorizer's parameters): a new taxonomy, new
labels or a scikit-learn upgrade gives a new key, a refit and a new file (the stale ones are removed). The
file holds the label texts too, checked on load. A file that cannot be read or does not fit the
labels is logged as a warning and refitted, never a crash. The file lives in the user's own
cache folder, as the index's arrays do; like any pickle, it must not come from elsewhere.
"""

import hashlib
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cvmatch.occupations.index import OccupationIndex
from cvmatch.occupations.signals import LabelCharIndex, fit_label_chars

logger = logging.getLogger(__name__)

FORMAT = "label-char/1"
"""Bumped when what the file holds, or how the vectorizer is set up, changes."""
PREFIX = "label-char-"
SUFFIX = ".joblib"


def cache_key(texts: Sequence[str]) -> str:
    """Digest of the label texts, the scikit-learn version and :data:`FORMAT`."""
    import sklearn  # noqa: PLC0415 (lazy, heavy)

    digest = hashlib.sha256(f"{FORMAT}\x1f{sklearn.__version__}".encode())
    for text in texts:
        digest.update(b"\x1e" + text.encode())
    return digest.hexdigest()[:16]


def cache_path(cache_dir: Path, texts: Sequence[str]) -> Path:
    """Where the fitted char TF-IDF of ``texts`` is kept under ``cache_dir``."""
    return cache_dir / "occupation-index" / f"{PREFIX}{cache_key(texts)}{SUFFIX}"


def cached_label_chars(index: OccupationIndex, cache_dir: Path | None) -> LabelCharIndex:
    """The char TF-IDF label index of ``index``: read from the cache, else fitted and written.

    ``cache_dir`` None fits in memory only (as before the cache existed).
    """
    texts = index.labels.texts
    if cache_dir is None:
        return LabelCharIndex(index)
    path = cache_path(cache_dir, texts)
    fitted = _load(path, texts) if path.is_file() else None
    if fitted is None:
        fitted = fit_label_chars(texts)
        _save(path, texts, fitted)
    return LabelCharIndex(index, fitted)


def _load(path: Path, texts: Sequence[str]) -> tuple[Any, Any] | None:
    """The fitted pair in ``path``, or None (with a warning) when unreadable or not for ``texts``."""
    import joblib  # noqa: PLC0415 (lazy, heavy)

    try:
        saved = joblib.load(path)
        vectorizer, matrix = saved["vectorizer"], saved["matrix"]
        ok = tuple(saved["texts"]) == tuple(texts) and matrix.shape[1] == len(texts)
        ok = ok and matrix.shape[0] == len(vectorizer.vocabulary_)
    except Exception as error:  # noqa: BLE001 (any unreadable file is refitted, never fatal)
        logger.warning("cannot read %s (%s); refitting the label char TF-IDF", path, error)
        return None
    if not ok:
        logger.warning("%s does not match the labels; refitting the label char TF-IDF", path)
        return None
    return vectorizer, matrix


def _save(path: Path, texts: Sequence[str], fitted: tuple[Any, Any]) -> None:
    """Write ``fitted`` atomically (temp file + rename) and drop stale siblings.

    A failed write is logged and skipped: the fitted index is still used in this process.
    """
    import joblib  # noqa: PLC0415 (lazy, heavy)

    vectorizer, matrix = fitted
    payload = {"texts": tuple(texts), "vectorizer": vectorizer, "matrix": matrix}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        os.close(handle)
        try:
            joblib.dump(payload, temp)
            Path(temp).replace(path)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as error:
        logger.warning("cannot write %s (%s); the label char TF-IDF is not cached", path, error)
        return
    for stale in path.parent.glob(f"{PREFIX}*{SUFFIX}"):
        if stale != path:
            stale.unlink(missing_ok=True)
