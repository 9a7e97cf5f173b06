import subprocess
import sys

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


def test_detection_is_the_same_in_separate_processes() -> None:
    """Each process loads the model afresh: code and confidence must not drift between runs."""
    lines = ["Senior engineer in Paris, working with Python and Kubernetes.",
             "Ingénieur senior à Paris, je travaille avec Python et Kubernetes."]  # fmt: skip
    script = (
        "import sys; from cvmatch.documents.language import detect_language\n"
        "for line in sys.stdin.read().splitlines():\n"
        "    d = detect_language(line); print(d.code, repr(d.confidence))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            input="\n".join(lines),
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    here = "".join(f"{d.code} {d.confidence!r}\n" for d in map(detect_language, lines))
    assert runs == [here, here]
    assert [line.split()[0] for line in here.splitlines()] == ["en", "fr"]
