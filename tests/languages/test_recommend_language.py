"""`recommend --lang`: labels in the asked language, encoder by the CV's own language."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.support.esco import OCC

from cvmatch.engine import Engine
from cvmatch.settings import get_settings
from cvmatch.types import DocumentKind


@pytest.fixture
def english_only(tmp_path: Path, fake_registered: str) -> Iterator[None]:
    """The fake encoder for English; a multilingual encoder that fails if it is ever loaded."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
        patch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
        patch.setenv("CVMATCH_ENGLISH_ENCODER", fake_registered)
        patch.setenv("CVMATCH_MULTILINGUAL_ENCODER", "no-such-multilingual-model")
        patch.setenv("CVMATCH_REFERENCE_DATE", "2025-01")
        get_settings.cache_clear()
        yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("english_only")
def test_lang_picks_labels_not_the_encoder(esco_dir: Path) -> None:
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    cv = engine.parse_text("Baker for ten years: bread maker at dawn.", DocumentKind.CV, "en")
    [result] = engine.occupations.recommend([cv], top=1, language="fr")
    assert result.hits[0].uri == OCC + "baker"
    assert (result.hits[0].label, result.hits[0].language) == ("boulanger", "fr")


@pytest.mark.usefixtures("english_only")
def test_lang_changes_the_labels_never_the_scores(esco_dir: Path) -> None:
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    text = "Baker for ten years: bread maker at dawn, pastry and cakes for the shop."
    cv = engine.parse_text(text, DocumentKind.CV, "en")
    [own] = engine.occupations.recommend([cv], top=3)
    [french] = engine.occupations.recommend([cv], top=3, language="fr")
    assert [(h.uri, h.score, h.signals) for h in french.hits] == [
        (h.uri, h.score, h.signals) for h in own.hits
    ]
    assert french.hits[0].label != own.hits[0].label  # boulanger, not baker
