"""Real registry entries built once per session (each packaged model loads only once)."""

from collections.abc import Callable

import pytest

from cvmatch.encoders import ENCODERS, TextScorer


@pytest.fixture(scope="session")
def registered() -> Callable[[str], TextScorer]:
    """Registry entries built once per test session, so each real model loads only once."""
    built: dict[str, TextScorer] = {}

    def get(name: str) -> TextScorer:
        if name not in built:
            built[name] = ENCODERS.create(name)
        return built[name]

    return get
