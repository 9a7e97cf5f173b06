"""Fixtures with the deterministic fake encoders of :mod:`tests.encoders.fakes`."""

from collections.abc import Callable

import pytest
from tests.encoders.fakes import KeywordEncoder, RoleEncoder

from cvmatch.encoders import ENCODERS, TextScorer


@pytest.fixture
def keyword_encoder() -> KeywordEncoder:
    return KeywordEncoder()


@pytest.fixture
def role_encoder() -> RoleEncoder:
    return RoleEncoder()


@pytest.fixture(scope="session")
def registered() -> Callable[[str], TextScorer]:
    """Registry entries built once per test session, so each real model loads only once."""
    built: dict[str, TextScorer] = {}

    def get(name: str) -> TextScorer:
        if name not in built:
            built[name] = ENCODERS.create(name)
        return built[name]

    return get
