"""One rule picks the encoder of every method by the languages it compares (issue 20)."""

import pytest

from cvmatch.languages import route_encoder
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
        ("zh", "zh", "multilingual"),  # no head: USE-m3 itself
        ("ko", "ko", "multilingual"),
        ("zh", "en", "multilingual"),
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
    assert route_encoder("en", "en", "english", "multilingual", {}) == "english"


@pytest.mark.parametrize(
    ("job", "cv", "expected"),
    [
        ("en", "en", "minilm"),
        ("en", "zh", "use-m3"),
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
