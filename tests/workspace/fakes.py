"""A fake engine (keyword encoder everywhere, no model) and settings over a temp folder."""

from pathlib import Path

from tests.encoders.fakes import KeywordEncoder

from cvmatch.engine import Engine
from cvmatch.settings import Settings

FAKE = "fake-keywords"


def fake_engine(settings: Settings) -> Engine:
    """An Engine whose encoders all resolve to one keyword fake (no model is loaded)."""
    engine = Engine(settings)
    engine._encoders[FAKE] = KeywordEncoder()
    return engine


def fake_settings(tmp_path: Path, **overrides: object) -> Settings:
    """Settings that use the fake encoder and a SQLite store under ``tmp_path``."""
    values: dict[str, object] = {
        "cache_dir": tmp_path / "cache",
        "use_cache": False,
        "english_encoder": FAKE,
        "multilingual_encoder": FAKE,
        "feedback_encoder": FAKE,
        "db": str(tmp_path / "ws.db"),
    }
    return Settings(**(values | overrides))
