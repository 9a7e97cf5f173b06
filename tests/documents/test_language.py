import pytest

from cvmatch.documents.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Experienced database administrator managing large Cassandra clusters.", "en"),
        (
            "Administratrice de bases de données, j'ai géré des clusters Cassandra pendant six ans.",
            "fr",
        ),
        (
            "Ich arbeite seit fünf Jahren als Datenbankadministrator in einem großen Unternehmen.",
            "de",
        ),
        ("Trabajo como cocinero en un restaurante de Madrid desde hace cuatro años.", "es"),
    ],
)
def test_detects_the_four_languages(text: str, code: str) -> None:
    detected = detect_language(text)
    assert detected.code == code
    assert detected.confidence > 0.5


def test_empty_text_is_undetermined() -> None:
    assert detect_language("   \n ").code == "und"


def test_detection_is_deterministic() -> None:
    text = "Senior engineer, Paris. Python, Kubernetes."
    assert detect_language(text) == detect_language(text)
