"""Plain ``titles`` chooses its encoder by the language of the titles it compares (issue 20)."""

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.engine.methods.title_language import LanguageRoute, sample, titles_language
from cvmatch.engine.methods.titles import TitlesScorer

GERMAN = [
    "Krankenpfleger",
    "Gesundheits- und Krankenpflegerin",
    "Bäckermeister",
    "Koch in der Küche",
]
ENGLISH = [
    "registered nurse",
    "head chef in a restaurant kitchen",
    "master baker",
    "software developer",
]


class _Tagged(KeywordEncoder):
    """A keyword encoder whose vectors differ by name, so the test sees which one scored."""

    def __init__(self, tag: float) -> None:
        super().__init__()
        self.tag = tag

    @property
    def model_id(self) -> str:
        return f"tagged@{self.tag}"  # its own cache keys

    def _encode_batch(self, texts: list[str], role: Role) -> np.ndarray:
        out = super()._encode_batch(texts, role)
        out[:, 0] += self.tag
        return out


def test_sample_is_evenly_spaced_and_deterministic() -> None:
    texts = [str(i) for i in range(10)]
    assert sample(texts, 5) == ["0", "2", "4", "6", "8"]
    assert sample(texts[:3], 5) == ["0", "1", "2"]


def test_title_sets_are_detected_as_a_whole() -> None:
    assert titles_language(GERMAN * 3) == "de"
    assert titles_language(ENGLISH * 3) == "en"
    assert titles_language([]) == "und"


HEADS = {"de": "head-de", "fr": "head-fr"}


def test_sets_in_a_language_with_a_head_go_to_it_and_the_rest_keep_the_english_encoder() -> None:
    route = LanguageRoute("english-enc", HEADS)
    assert route.models(ENGLISH, ENGLISH) == ["english-enc"]
    assert route.models(GERMAN, GERMAN) == ["head-de"]
    assert route.models(GERMAN, ENGLISH) == ["head-de"]  # the queries' language first
    assert route.models(ENGLISH, GERMAN) == ["head-de"]  # else the corpus's
    assert LanguageRoute("english-enc", HEADS, "fr").models(ENGLISH, ENGLISH) == ["head-fr"]
    assert LanguageRoute("english-enc", HEADS, "zh").models(GERMAN, GERMAN) == ["english-enc"]
    assert LanguageRoute("english-enc", HEADS, "en").models(GERMAN, GERMAN) == ["english-enc"]


def test_the_titles_scorer_scores_with_the_routed_encoder_and_reports_it() -> None:
    encoders: dict[str, DenseEncoder] = {"english-enc": _Tagged(0.0), "head-enc": _Tagged(5.0)}
    route = LanguageRoute("english-enc", {"de": "head-enc"})
    scorer = TitlesScorer(encoders.__getitem__, ["english-enc"], route=route)
    german = scorer.similarity(GERMAN, GERMAN)
    assert scorer.model_ids()["model_id"] == encoders["head-enc"].model_id
    assert encoders["head-enc"].embedded
    assert not encoders["english-enc"].embedded
    scorer.similarity(ENGLISH, ENGLISH)
    assert encoders["english-enc"].embedded
    plain = TitlesScorer(encoders.__getitem__, ["head-enc"]).similarity(GERMAN, GERMAN)
    assert np.allclose(german, plain)


@pytest.mark.usefixtures("fake_env")
def test_without_a_shipped_head_titles_is_unchanged_on_any_language(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cvmatch.engine import Engine  # noqa: PLC0415
    from cvmatch.engine.methods import titles  # noqa: PLC0415

    monkeypatch.setattr(titles, "language_heads", lambda _method: {})
    engine = Engine()
    got = engine.evaluation.similarity_matrix("titles", GERMAN, GERMAN)
    direct = TitlesScorer(engine.encoder, ["fake-keywords"]).similarity(GERMAN, GERMAN)
    assert np.allclose(got, direct)


@pytest.mark.usefixtures("fake_env")
def test_with_a_head_made_the_default_german_titles_go_to_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cvmatch.encoders.registry import ENCODERS  # noqa: PLC0415
    from cvmatch.engine import Engine  # noqa: PLC0415
    from cvmatch.engine.methods import titles  # noqa: PLC0415

    monkeypatch.setattr(titles, "language_heads", lambda _method: {"de": "fake-head"})
    ENCODERS.add("fake-head", lambda: _Tagged(5.0))
    try:
        engine = Engine()
        german = engine.evaluation.similarity_matrix("titles", GERMAN, GERMAN)
        english = engine.evaluation.similarity_matrix("titles", ENGLISH, ENGLISH)
        head = TitlesScorer(engine.encoder, ["fake-head"])
        assert np.allclose(german, head.similarity(GERMAN, GERMAN))
        base = TitlesScorer(engine.encoder, ["fake-keywords"])
        assert np.allclose(english, base.similarity(ENGLISH, ENGLISH))
        assert not np.allclose(german, base.similarity(GERMAN, GERMAN))
        named = engine.evaluation.similarity_matrix("titles:fake-keywords", GERMAN, GERMAN)
        assert np.allclose(named, base.similarity(GERMAN, GERMAN))  # a named encoder is kept
    finally:
        ENCODERS.remove("fake-head")
