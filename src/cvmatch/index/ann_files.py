"""Where a store's faiss index lives on disk, and how it is written and read back.

Beside a SQLite store ``recruit.db`` the index of model ``use-m3/…`` is
``recruit.db.ann-<slug>.faiss`` with a ``.json`` sidecar recording the model id, the dimension
and the store revision the index reflects. A server store (PostgreSQL) has no file to sit
beside: its index goes under a folder given by the caller (the cache), named from the URL's
hash. Both files are written to a temporary name and renamed, so a reader never sees half a
file; each writer's temporary name is its own (:func:`_private_tmp`), so two processes saving
the same index at once never write into, or rename away, each other's file. A sidecar older
than its index only makes the next open re-check the store.
"""

import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss

from cvmatch.index.ann import FaissIndex

_FORMAT = 1
_SLUG = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class IndexMeta:
    """What the sidecar records about a persisted index."""

    model_id: str
    dim: int
    revision: str
    """The store fingerprint (:func:`cvmatch.index.ann_store.revision`) the index reflects."""
    format: int = _FORMAT


def index_path(db_url: str, model_id: str, server_dir: Path) -> Path:
    """The ``.faiss`` file of ``model_id`` for the store at ``db_url``.

    >>> index_path("sqlite:////data/recruit.db", "use-m3/v1", Path("/cache")).as_posix()
    '/data/recruit.db.ann-use-m3_v1.faiss'
    """
    slug = _SLUG.sub("_", model_id).strip("_")[:80] or "model"
    if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
        return Path(f"{db_url.removeprefix('sqlite:///')}.ann-{slug}.faiss")
    digest = hashlib.sha256(db_url.encode("utf-8")).hexdigest()[:16]
    return server_dir / f"{digest}.ann-{slug}.faiss"


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".json")


def save(index: FaissIndex, path: Path, revision: str) -> None:
    """Write the index and its sidecar atomically (each file replaced by a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _replace(path, lambda tmp: faiss.write_index(index.index, str(tmp)))
    meta = json.dumps(asdict(IndexMeta(index.model_id, index.dim, revision)), indent=2)
    _replace(_meta_path(path), lambda tmp: tmp.write_text(meta, encoding="utf-8"))


def _private_tmp(path: Path) -> Path:
    """A name beside ``path`` no other writer uses: ``<name>.<pid>.<random>.tmp``.

    Not created here, so the file gets the process's usual permissions when written.
    """
    return path.with_name(f"{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")


def _replace(path: Path, write: Callable[[Path], object]) -> None:
    """Write ``path`` through a private temporary file renamed over it (removed on failure)."""
    tmp = _private_tmp(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def load(path: Path, model_id: str) -> tuple[FaissIndex, IndexMeta] | None:
    """The persisted index of ``model_id`` and its sidecar; ``None`` when missing or unusable."""
    meta_file = _meta_path(path)
    if not path.is_file() or not meta_file.is_file():
        return None
    try:
        meta = IndexMeta(**json.loads(meta_file.read_text(encoding="utf-8")))
        raw = faiss.read_index(str(path))
    except (OSError, ValueError, TypeError, RuntimeError):
        return None  # unreadable or from another format: rebuilt from the store
    if meta.format != _FORMAT or meta.model_id != model_id or raw.d != meta.dim:
        return None
    return FaissIndex(model_id, meta.dim, raw), meta
