"""A fake engine (keyword encoder everywhere, no model) and settings over a temp folder."""

from pathlib import Path

from tests.support.encoders import FAKE, KeywordEncoder

from cvmatch.encoders.base import DenseEncoder
from cvmatch.engine import Engine
from cvmatch.settings import Settings


def fake_engine(settings: Settings, **extra: DenseEncoder) -> Engine:
    """An Engine whose encoder ``fake-keywords`` is a keyword fake (no model is loaded).

    ``extra`` adds more ready-made encoders by name (``Engine(encoders=...)``, a public seam).
    """
    return Engine(settings, encoders={FAKE: KeywordEncoder()} | extra)


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
