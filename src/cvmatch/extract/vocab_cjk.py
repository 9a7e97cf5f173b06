"""Korean and Chinese word lists for extraction: cues, degrees and language names.

The Latin-script lists of :mod:`cvmatch.extract.vocab` match accent-folded text; Korean and
Chinese have no accents and Unicode decomposition would split Hangul syllables into jamo, so
these patterns match the text as written (NFC). No word boundaries: neither script puts spaces
around every word.
"""

import re
import unicodedata

PREFERRED = re.compile(r"우대|선호|가산점|플러스|优先|加分|更佳|尤佳|为佳")
"""A line with one of these is a nice-to-have ("Kafka 경험 우대", "有Kafka经验者优先")."""
HARD = re.compile(r"필수|반드시|必须|必需|必备|硬性")
"""A required line with one of these is a knock-out ("(필수)", "必须")."""

DEGREES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (3, re.compile(r"박사|博士")),
    (2, re.compile(r"석사|硕士|研究生")),
    (1, re.compile(r"학사|대졸|대학교\s*졸업|학위|学士|本科|大学本科|大专|统招")),
)
LANGUAGES: dict[str, re.Pattern[str]] = {
    "English": re.compile(r"영어|英语|英文"),
    "Korean": re.compile(r"한국어|韩语|韩文|朝鲜语"),
    "Mandarin": re.compile(r"중국어|中文|汉语|普通话"),
    "Japanese": re.compile(r"일본어|日语|日文"),
    "French": re.compile(r"프랑스어|불어|法语"),
    "German": re.compile(r"독일어|德语"),
    "Spanish": re.compile(r"스페인어|西班牙语"),
}
LANGUAGE_CUES = re.compile(
    r"회화|독해|작문|능통|가능|유창|원어민|비즈니스|문서|听说读写|读写|流利|熟练|沟通|口语|书面|母语|水平|"
    r"TOEIC|TOEFL|IELTS|CET|HSK|TOPIK|OPIc",
    re.IGNORECASE,
)


def nfc(text: str) -> str:
    """Hangul syllables put back together after accent folding (NFKD) split them into jamo."""
    return unicodedata.normalize("NFC", text)


def degree_level(text: str) -> int:
    """Highest Korean or Chinese degree named: 3 doctorate, 2 master, 1 bachelor, 0 none.

    >>> degree_level("컴퓨터공학 학사"), degree_level("硕士及以上学历")
    (1, 2)
    """
    text = nfc(text)
    return next((level for level, pattern in DEGREES if pattern.search(text)), 0)


def language_names(text: str) -> list[str]:
    """The languages a Korean or Chinese requirement line names, in a stable order.

    >>> language_names("영어 문서 독해 가능자")
    ['English']
    """
    text = nfc(text)
    return [name for name, pattern in LANGUAGES.items() if pattern.search(text)]
