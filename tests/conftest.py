"""Fixtures shared by every test folder: the keyword fake encoder, fake settings, a tiny ESCO.

Fakes enter through public seams only: the encoder registry (:data:`ENCODERS`, added for one
test and removed after it) and settings (``CVMATCH_*`` variables, ``get_settings`` cache
cleared). Helpers that are not fixtures live in ``tests/support/`` and are imported from
there, never from a conftest.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.encoders import FAKE, KeywordEncoder, RoleEncoder
from tests.support.esco import write_esco

from cvmatch.encoders.registry import ENCODERS
from cvmatch.settings import get_settings


@pytest.fixture
def keyword_encoder() -> KeywordEncoder:
    return KeywordEncoder()


@pytest.fixture
def role_encoder() -> RoleEncoder:
    return RoleEncoder()


@pytest.fixture
def fake_registered() -> Iterator[str]:
    """``fake-keywords`` (a :class:`KeywordEncoder`) in the encoder registry for one test.

    Removed afterwards: tests/encoders checks the exact list of built-in names.
    """
    ENCODERS.add(FAKE, KeywordEncoder)
    yield FAKE
    ENCODERS.remove(FAKE)


@pytest.fixture
def fake_env(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake_registered: str
) -> Iterator[Path]:
    """Settings with a fresh cache dir (yielded), models dir and the fake for every language."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(cache))
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
    monkeypatch.setenv("CVMATCH_ENGLISH_ENCODER", fake_registered)
    monkeypatch.setenv("CVMATCH_MULTILINGUAL_ENCODER", fake_registered)
    monkeypatch.setenv("CVMATCH_REFERENCE_DATE", "2025-01")
    get_settings.cache_clear()
    yield cache
    get_settings.cache_clear()


@pytest.fixture
def esco_dir(tmp_path: Path) -> Path:
    """The tiny ESCO folder of :mod:`tests.support.esco` under ``tmp_path``."""
    return write_esco(tmp_path / "esco")
