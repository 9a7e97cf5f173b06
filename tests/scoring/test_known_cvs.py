"""Stored stems are keyed by an explicit version: any change of their output needs a bump.

Ingest stores each CV's stems (:func:`cv_lexical`) under :func:`version`, which is
:data:`STEMS_VERSION` plus the stemming libraries' versions, not a hash of source files: an
edit that keeps the stems (a refactoring, a speed-up) leaves every stored CV valid. The price
is that a change of the stems must bump the constant by hand, or stored CVs would be scored
with stems the new code would not compute. :func:`test_stems_of_a_fixed_sample` pins the
stems of a sample in every language the stemmer treats (and Korean and Chinese, which are
segmented) to a digest recorded per version.
"""

import hashlib
import json
from importlib import metadata

import pytest

from cvmatch.scoring import known_cvs
from cvmatch.scoring.known_cvs import STEMS_VERSION, CvLexical, cv_lexical, version
from cvmatch.types import ConceptMention, CvFacts, Document, DocumentKind, ExperiencePeriod

DIGESTS = {1: "d8b6c3c9659dfc8c7c7562641d29b022d3b93039b68d75384f08d1f1aa89e257"}
"""``STEMS_VERSION`` → sha256 of the sample's stems under it (one entry per version)."""

_SAMPLE = (
    (
        "en",
        "Senior Database Administrator\n2018 - 2024 Cassandra DBA at Acme Corp.\n"
        "Tuned Apache Cassandra clusters; problem-sensitivity; Node.js, C++ and CI/CD.\n"
        "Skills: PostgreSQL, Kafka, Linux administration",
    ),
    (
        "fr",
        "Infirmière diplômée\n2015 - 2020 Soins intensifs, hôpital de Lyon\nTriage, ventilation",
    ),
    ("de", "Softwareentwickler\n2019 - 2023 Entwicklung von Datenbanken bei Siemens\nJava, Spring"),
    ("es", "Ingeniera de datos\n2017 - 2022 Análisis de datos en Madrid\nPython, SQL, Spark"),
    ("ko", "데이터베이스 관리자\n2016 - 2021 Apache Cassandra와 클러스터를 운영\n리눅스 관리"),
    ("zh", "数据库管理员\n2014 - 2019 熟悉Linux与数据库管理\n负责Cassandra集群"),
)


def _facts(text: str) -> CvFacts:
    """One dated role (the second line) and one taxonomy mention on each line's first word."""
    lines = text.split("\n")
    mentions = []
    offset = 0
    for line in lines:
        word = line.split()[0]
        mentions.append(
            ConceptMention(f"c{offset}", word.lower(), offset, offset + len(word), word)
        )
        offset += len(line) + 1
    role = ExperiencePeriod(lines[1], lines[1], 2018.0, 2024.0, "\n".join(lines[1:]))
    untitled = ExperiencePeriod("", lines[0], 2010.0, 2012.0, lines[0])
    return CvFacts((role, untitled), 8.0, concepts=tuple(mentions))


def _canonical(lexical: CvLexical) -> list[object]:
    return [
        sorted(lexical.terms),
        [sorted(s) for s in lexical.line_stems],
        [[sorted(title), sorted(context)] for title, context in lexical.period_stems],
    ]


def _sample_digest() -> str:
    found = []
    for language, text in _SAMPLE:
        cv = Document(f"cv-{language}", DocumentKind.CV, text, language, 1.0)
        found.append(_canonical(cv_lexical(cv, _facts(text))))
    encoded = json.dumps(found, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def test_stems_of_a_fixed_sample() -> None:
    digest = _sample_digest()
    assert DIGESTS.get(STEMS_VERSION) == digest, (
        "The stems cv_lexical computes changed (or STEMS_VERSION was bumped): stored CVs "
        "would be scored with stems this code does not compute. Bump STEMS_VERSION in "
        "src/cvmatch/scoring/known_cvs.py and add "
        f"{STEMS_VERSION + 1 if STEMS_VERSION in DIGESTS else STEMS_VERSION}: {digest!r} "
        "to DIGESTS in this test (keep the older entries)."
    )


def test_the_sample_covers_every_stemmer_and_segmenter() -> None:
    cvs = {language: cv_lexical(_doc(language, text), _facts(text)) for language, text in _SAMPLE}
    assert "cassandra" in cvs["ko"].terms  # "Cassandra와": the particle cut by kiwipiepy
    assert "linux" in cvs["zh"].terms  # "熟悉Linux": cut by jieba
    assert "infirmi" in cvs["fr"].terms or "infirmier" in cvs["fr"].terms
    assert all(len(c.period_stems) == 2 for c in cvs.values())


def _doc(language: str, text: str) -> Document:
    return Document(f"cv-{language}", DocumentKind.CV, text, language, 1.0)


def test_version_follows_the_constant_and_the_libraries(monkeypatch: pytest.MonkeyPatch) -> None:
    before = version()
    assert len(before) == 16
    version.cache_clear()
    monkeypatch.setattr(known_cvs, "STEMS_VERSION", STEMS_VERSION + 1)
    bumped = version()
    version.cache_clear()
    monkeypatch.undo()
    real = metadata.version

    def other_stemmer(package: str) -> str:
        return "0.0.1" if package == "PyStemmer" else real(package)

    monkeypatch.setattr(known_cvs.metadata, "version", other_stemmer)
    upgraded = version()
    version.cache_clear()
    monkeypatch.undo()
    assert len({before, bumped, upgraded}) == 3
    assert version() == before
