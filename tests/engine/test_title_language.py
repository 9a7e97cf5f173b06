"""Plain ``titles`` chooses its encoder by the language of the titles it compares (issue 20)."""

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from tests.support.encoders import KeywordEncoder

from cvmatch.encoders.base import DenseEncoder, Role
from cvmatch.engine.methods.title_language import LanguageRoute, sample, titles_language
from cvmatch.engine.methods.titles import TitlesScorer
from cvmatch.settings import get_settings

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
CHINESE = ["数据库管理员", "高级软件工程师", "餐厅厨师长", "注册护士", "财务会计"]
KOREAN = ["데이터베이스 관리자", "소프트웨어 엔지니어", "주방장", "간호사", "회계사"]


def test_the_titles_of_a_set_are_routed_by_both_sides_languages() -> None:
    route = LanguageRoute("english-enc", HEADS, multilingual="multi")
    assert route.models(ENGLISH, ENGLISH) == ["english-enc"]
    assert route.models(GERMAN, GERMAN) == ["head-de"]
    assert route.models(GERMAN, ENGLISH) == ["head-de"]  # the head was trained towards English
    assert route.models(ENGLISH, GERMAN) == ["head-de"]
    assert route.models(CHINESE, CHINESE) == ["e5-use-m3"]  # docs/benchmarks/chinese.md
    assert route.models(KOREAN, ENGLISH) == ["multi"]  # no Korean head: USE-m3 itself
    assert route.models(ENGLISH, CHINESE) == ["e5-use-m3"]
    assert route.models([], []) == ["english-enc"]  # undetected counts as English, as before
    assert LanguageRoute("english-enc", HEADS, "fr").models(ENGLISH, ENGLISH) == ["head-fr"]
    assert LanguageRoute("english-enc", HEADS, "zh", "multi").models(GERMAN, GERMAN) == [
        "e5-use-m3"
    ]
    assert LanguageRoute("english-enc", HEADS, "ko", "multi").models(GERMAN, GERMAN) == ["multi"]
    assert LanguageRoute("english-enc", HEADS, "en").models(GERMAN, GERMAN) == ["english-enc"]


def test_a_task_read_from_files_states_no_language_so_its_titles_are_detected(
    tmp_path: Path,
) -> None:
    """``cvmatch eval retrieval`` files make a task of language ``und``: not English."""
    from cvmatch.evaluation.tasks import retrieval_task_from_files  # noqa: PLC0415

    files = {
        "queries": "id\tjobtitle\nq1\t高级软件工程师\n",
        "corpus": "id\tjobtitle\n" + "".join(f"d{i}\t{t}\n" for i, t in enumerate(CHINESE)),
        "qrels": "q1 0 d1 1\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    task = retrieval_task_from_files(*(tmp_path / name for name in files))
    route = LanguageRoute("english-enc", HEADS, task.language, "multi")
    assert route.models(list(task.queries.values()), CHINESE) == ["e5-use-m3"]
    assert route.models(GERMAN, GERMAN) == ["head-de"]
    assert route.models(KOREAN, KOREAN) == ["multi"]
    assert route.models(ENGLISH, ENGLISH) == ["english-enc"]


def test_chinese_and_korean_title_sets_are_detected() -> None:
    assert titles_language(CHINESE) == "zh"
    assert titles_language(KOREAN) == "ko"


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


@pytest.fixture
def multilingual_fake(fake_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A multilingual encoder other than the English fake, so a test sees which one scored."""
    from cvmatch.encoders.registry import ENCODERS  # noqa: PLC0415

    del fake_env
    ENCODERS.add("fake-multilingual", lambda: _Tagged(7.0))
    monkeypatch.setenv("CVMATCH_MULTILINGUAL_ENCODER", "fake-multilingual")
    get_settings.cache_clear()
    try:
        yield "fake-multilingual"
    finally:
        ENCODERS.remove("fake-multilingual")
        get_settings.cache_clear()


@pytest.mark.parametrize("titles", [CHINESE, KOREAN], ids=["zh", "ko"])
def test_chinese_and_korean_titles_go_to_the_multilingual_encoder(
    multilingual_fake: str, titles: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cvmatch.engine import Engine  # noqa: PLC0415
    from cvmatch.languages import routing  # noqa: PLC0415

    # Chinese titles have their own route (e5-use-m3); pointed at the fake here.
    monkeypatch.setattr(routing, "TITLE_ROUTES", {"zh": multilingual_fake})
    engine = Engine()
    got = engine.evaluation.similarity_matrix("titles", titles, titles + ENGLISH)
    multilingual = TitlesScorer(engine.encoder, [multilingual_fake])
    assert np.allclose(got, multilingual.similarity(titles, titles + ENGLISH))
    english = TitlesScorer(engine.encoder, ["fake-keywords"])
    assert not np.allclose(got, english.similarity(titles, titles + ENGLISH))
    same = engine.evaluation.similarity_matrix("titles", ENGLISH, ENGLISH)
    assert np.allclose(same, english.similarity(ENGLISH, ENGLISH))  # English keeps its encoder


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
