"""Which English encoder a method uses by default once a shipped model is made its default."""

import pytest

from cvmatch.encoders import shipped
from cvmatch.encoders.shipped import DataSource, ShippedManifest, english_default
from cvmatch.settings import Settings


def _manifest(name: str, default_for: tuple[str, ...]) -> ShippedManifest:
    data = (DataSource(source="s.csv", sha256="0" * 64, licence="CC0"),)
    return ShippedManifest(
        name=name,
        description="d",
        trained_as=f"{name}@v1",
        base_model="minilm",
        recipe="recipes/r.yaml",
        recipe_config={},
        data=data,
        training_pairs_sha256={},
        sha256="0" * 12,
        cosine_to_fp32=0.99,
        default_for=default_for,
    )


@pytest.fixture
def one_default(monkeypatch: pytest.MonkeyPatch) -> None:
    models = (_manifest("a-int8", ()), _manifest("b-int8", ("titles",)))
    monkeypatch.setattr(shipped, "shipped_models", lambda: models)


@pytest.mark.usefixtures("one_default")
def test_a_shipped_model_is_the_default_only_of_the_methods_it_names() -> None:
    settings = Settings()
    assert english_default("titles", settings) == "b-int8"
    assert english_default("recommend", settings) == settings.english_encoder


@pytest.mark.usefixtures("one_default")
def test_an_english_encoder_the_user_chose_wins_over_a_shipped_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert english_default("titles", Settings(english_encoder="minilm-int8")) == "minilm-int8"
    monkeypatch.setenv("CVMATCH_ENGLISH_ENCODER", "fake-keywords")
    assert english_default("titles", Settings()) == "fake-keywords"


def test_without_shipped_defaults_the_settings_decide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shipped, "shipped_models", lambda: (_manifest("a-int8", ()),))
    assert english_default("titles", Settings()) == Settings().english_encoder
