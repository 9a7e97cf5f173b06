"""The tiny ESCO folder and fake-encoder settings of tests/explain, for engine tests."""

from tests.explain.conftest import esco_dir, fake_env

__all__ = ["esco_dir", "fake_env"]
