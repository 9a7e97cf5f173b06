"""``CVMATCH_BLIND``: a service workspace opened from settings screens blind by itself."""

from pathlib import Path

import pytest
from tests.support.engine import fake_settings

from cvmatch.settings import Settings
from cvmatch.workspace import Workspace


def test_the_environment_turns_blind_screening_on(monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().blind is False
    monkeypatch.setenv("CVMATCH_BLIND", "1")
    assert Settings().blind is True


@pytest.mark.parametrize("blind", [False, True])
def test_a_workspace_opened_from_settings_scores_as_the_setting_says(
    tmp_path: Path, blind: bool
) -> None:
    settings = fake_settings(tmp_path).model_copy(update={"blind": blind})
    workspace = Workspace.open(settings=settings)
    try:
        assert workspace.ctx.engine.redact is blind
    finally:
        workspace.close()
