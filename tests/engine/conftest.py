"""The tiny ESCO folder and fake-encoder settings of tests/occupations, for engine tests."""

from tests.occupations.conftest import esco_dir, fake_env

__all__ = ["esco_dir", "fake_env"]
