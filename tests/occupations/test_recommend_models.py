"""Cross-lingual recommendation with the real packaged USE-m3 on the tiny fixture."""

from pathlib import Path

import pytest
from tests.support.esco import OCC

from cvmatch.engine import Engine
from cvmatch.settings import get_settings
from cvmatch.types import DocumentKind


@pytest.mark.models
def test_french_cv_finds_english_only_occupations_with_use_m3(
    esco_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (esco_dir / "occupations_fr.csv").unlink()  # English labels only: matching is cross-lingual
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("CVMATCH_MODELS_DIR", str(tmp_path / "models"))
    get_settings.cache_clear()
    engine = Engine()
    engine.taxonomy.import_esco(esco_dir)
    text = "Infirmière diplômée d'État, je soigne les patients à l'hôpital depuis huit ans."
    cv = engine.parse_text(text, DocumentKind.CV, "fr")
    [result] = engine.occupations.recommend([cv], top=2, language="fr")
    get_settings.cache_clear()
    assert result.model_id.startswith("use-m3")
    assert result.hits[0].uri == OCC + "nurse"
    assert result.hits[0].language == "en"  # no French label: English shown, and said so
