"""Korean and Chinese reading: segmentation, headings, dates, years, requirement items."""

import logging

import pytest

from cvmatch.documents.language import SUPPORTED_LANGUAGES
from cvmatch.documents.loader import document_from_text
from cvmatch.documents.sections import split_sections
from cvmatch.encoders.bm25 import BM25Scorer
from cvmatch.extract.dates import find_ranges
from cvmatch.extract.items_cjk import cjk_items
from cvmatch.extract.vocab_cjk import degree_level, language_names
from cvmatch.extract.years import years_phrases
from cvmatch.scoring.cvlines import requirement_weights
from cvmatch.scoring.terms import key_terms, tokenize
from cvmatch.types import DocumentKind, Flag, SectionKind


def test_korean_and_chinese_are_supported() -> None:
    assert {"ko", "zh"} <= SUPPORTED_LANGUAGES


def test_korean_particles_and_endings_are_not_terms() -> None:
    terms = key_terms("Apache Cassandra와 PostgreSQL 클러스터를 운영해 왔습니다.", "ko")
    assert {"cassandra", "postgresql", "클러스터", "운영"} <= set(terms)
    assert not any(t.endswith(("와", "를")) for t in terms)


def test_chinese_runs_are_segmented_and_boilerplate_dropped() -> None:
    terms = key_terms("熟悉Cassandra数据库管理，具有5年以上工作经验，精通Linux。", "zh")
    assert set(terms) == {"cassandra", "数据库", "管理", "linux"}


def test_latin_tokenisation_is_unchanged() -> None:
    assert tokenize("Node.js, C++ and CI/CD") == ["node.js", "c++", "and", "ci", "cd"]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("경력사항", SectionKind.EXPERIENCE),
        ("■ 학력사항", SectionKind.EDUCATION),
        ("보유 기술", SectionKind.SKILLS),
        ("자격증", SectionKind.CERTIFICATIONS),
        ("자기소개서", SectionKind.SUMMARY),
        ("【工作经历】", SectionKind.EXPERIENCE),
        ("工作经验", SectionKind.EXPERIENCE),
        ("教育背景：", SectionKind.EDUCATION),
        ("专业技能", SectionKind.SKILLS),
        ("项目经验", SectionKind.EXPERIENCE),
    ],
)
def test_cjk_headings_open_sections(heading: str, kind: SectionKind) -> None:
    sections = split_sections(f"김민준\n{heading}\n본문 내용", DocumentKind.CV)
    assert [s.kind for s in sections] == [SectionKind.OTHER, kind]


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("네이버 | 2019.03 ~ 현재", 2019 + 2 / 12, 2025.0),
        ("2016년 3월 ~ 2019년 2월", 2016 + 2 / 12, 2019 + 2 / 12),
        ("2019년 3월부터 현재까지", 2019 + 2 / 12, 2025.0),
        ("2019年3月至今", 2019 + 2 / 12, 2025.0),
        ("2019.03-2021.06 阿里巴巴", 2019 + 2 / 12, 2021.5),
        ("2015年 - 2018年", 2015.0, 2018.0),
    ],
)
def test_year_first_ranges(line: str, start: float, end: float) -> None:
    [found] = find_ranges(line, 2025.0)
    assert (found.start, found.end) == (pytest.approx(start), pytest.approx(end))


def test_latin_ranges_take_precedence() -> None:
    [found] = find_ranges("DBA 03/2017–06/2020", 2025.0)
    assert (found.start, found.end) == (pytest.approx(2017 + 2 / 12), pytest.approx(2020.5))


@pytest.mark.parametrize(
    ("line", "years", "subject"),
    [
        ("Apache Cassandra 운영 경력 5년 이상", 5.0, "Apache Cassandra 운영"),
        ("경력 3년 2개월", 3.17, ""),
        ("5年以上工作经验", 5.0, ""),
        ("三年以上Java开发经验", 3.0, "Java 开发"),
    ],
)
def test_cjk_years(line: str, years: float, subject: str) -> None:
    [phrase] = years_phrases(line)
    assert (phrase.years, phrase.subject) == (years, subject)


def test_a_date_is_not_a_number_of_years() -> None:
    assert years_phrases("2019년 3월 입사") == []


def test_cjk_items_drop_cues_and_split_lists() -> None:
    assert cjk_items("Prometheus, Grafana 등 모니터링 도구 경험") == [
        "Prometheus",
        "Grafana",
        "모니터링 도구",
    ]
    assert cjk_items("熟悉MySQL、Redis等数据库，有Kafka经验者优先") == [
        "MySQL",
        "Redis",
        "数据库",
        "Kafka",
    ]


def test_cjk_degrees_and_languages() -> None:
    assert degree_level("컴퓨터공학 학사 이상") == 1
    assert degree_level("硕士及以上学历") == 2
    assert language_names("영어 회화 가능자, 中文流利") == ["English", "Mandarin"]


def test_a_vendor_alone_does_not_half_meet_a_product() -> None:
    assert "apach" not in requirement_weights("Apache Kafka", "en")
    assert "apach" in requirement_weights("Apache", "en")


def test_bm25_indexes_korean_words_without_their_particles() -> None:
    scores = BM25Scorer().similarity(
        ["클러스터 운영"], ["클러스터를 운영해 왔습니다", "간호사 경력"]
    )
    assert scores[0, 0] > 0.0
    assert scores[0, 1] == 0.0


def test_an_unreadable_language_is_flagged_and_what_is_skipped_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "山田太郎\n職務経歴\nデータベース管理者として勤務しています。\nスキル\nLinux、Python"
    with caplog.at_level(logging.WARNING, logger="cvmatch.documents.loader"):
        document = document_from_text(text, DocumentKind.CV, "ja")
    assert document.language == "ja"
    assert Flag.UNSUPPORTED_LANGUAGE in document.flags
    assert "skipped: section headings, dates and years of experience" in caplog.text


@pytest.mark.parametrize(
    "text",
    [
        "경력사항\n네이버 | 데이터베이스 관리자\n2019.03 ~ 현재",
        "工作经历\n阿里云 | 数据库管理员\n2018年7月至今",
    ],
)
def test_korean_and_chinese_are_not_flagged(text: str) -> None:
    document = document_from_text(text, DocumentKind.CV, "cv")
    assert document.language in {"ko", "zh"}
    assert Flag.UNSUPPORTED_LANGUAGE not in document.flags
