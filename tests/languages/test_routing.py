"""One rule picks the encoder of every method by the languages it compares (issue 20)."""

import pytest

from cvmatch.languages import route_encoder
from cvmatch.languages.routing import TITLE_ROUTES
from cvmatch.scoring.dense import encoder_name_for
from cvmatch.types import Document, DocumentKind

HEADS = {"de": "head-de", "es": "head-es", "fr": "head-fr"}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("en", "en", "english"),  # today's path, untouched
        ("de", "de", "head-de"),
        ("fr", "fr", "head-fr"),
        ("es", "en", "head-es"),  # the head was trained with L ↔ English pairs
        ("en", "fr", "head-fr"),
        ("es", "es", "head-es"),
        ("fr", "en", "head-fr"),
        ("de", "en", "head-de"),
        ("zh", "zh", "e5-use-m3"),  # measured on Chinese titles: docs/benchmarks/chinese.md
        ("zh", "en", "e5-use-m3"),
        ("en", "zh", "e5-use-m3"),
        ("ko", "ko", "multilingual"),  # no head, no measured route: USE-m3 itself
        ("zh", "ko", "multilingual"),
        ("zh", "de", "multilingual"),
        ("en", "ko", "multilingual"),
        ("de", "fr", "multilingual"),  # two non-English languages: no head serves both
        ("ja", "ja", "multilingual"),
        ("und", "en", "multilingual"),
    ],
)
def test_the_routing_table(first: str, second: str, expected: str) -> None:
    assert route_encoder(first, second, "english", "multilingual", HEADS) == expected


def test_without_heads_every_non_english_pair_is_multilingual() -> None:
    assert route_encoder("de", "de", "english", "multilingual") == "multilingual"
    assert route_encoder("zh", "zh", "english", "multilingual") == "multilingual"
    assert route_encoder("zh", "en", "english", "multilingual") == "multilingual"
    assert route_encoder("en", "en", "english", "multilingual", {}) == "english"


def test_chinese_route_serves_every_method_that_takes_heads() -> None:
    assert TITLE_ROUTES == {"zh": "e5-use-m3"}
    assert route_encoder("zh", "zh", "english", "multilingual", {}) == "e5-use-m3"
    # A shipped Chinese head, if one ever ships, wins over the plain route.
    assert route_encoder("zh", "en", "english", "multilingual", {"zh": "head-zh"}) == "head-zh"


def test_chinese_route_leaves_the_other_languages_unchanged() -> None:
    """The table of every other pair is the same with and without the Chinese route."""
    languages = ["en", "de", "es", "fr", "ko", "ja", "und"]
    for first in languages:
        for second in languages:
            with_route = route_encoder(first, second, "english", "multilingual", HEADS)
            plain = route_encoder(first, second, "english", "multilingual", HEADS | {"zh": "x"})
            assert with_route == plain


@pytest.mark.parametrize(
    ("job", "cv", "expected"),
    [
        ("en", "en", "minilm"),
        ("en", "zh", "use-m3"),  # the Chinese title route is not measured on CVs and jobs
        ("zh", "zh", "use-m3"),
        ("ko", "ko", "use-m3"),
        ("de", "de", "use-m3"),
    ],
)
def test_hybrid_dense_side_follows_the_rule_without_heads(job: str, cv: str, expected: str) -> None:
    def doc(language: str, kind: DocumentKind) -> Document:
        return Document(
            id=language, kind=kind, text="x", language=language, language_confidence=1.0
        )

    got = encoder_name_for(doc(job, DocumentKind.JOB), doc(cv, DocumentKind.CV), "minilm", "use-m3")
    assert got == expected
