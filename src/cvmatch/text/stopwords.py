"""Korean and Chinese words that every CV or job ad uses: they say nothing about fit.

The segmenters already drop particles and endings (Korean) and single characters are never key
terms, so these lists only hold content words that are boilerplate in CVs and job ads
("경력", "经验", "우대", "优先" …), the counterpart of the English "experience", "required".

:func:`function_words` are the stopwords of the Latin-script languages, which no lower-case
word of a text may be read as a skill by (a French "les" is not the LESS preprocessor).
"""

import unicodedata
from functools import lru_cache

KOREAN_GENERIC = frozenset(
    """경력 경험 이상 이하 우대 우대사항 사항 관련 업무 능력 담당 회사 요건 자격 자격요건 필수 보유
    가능 가능자 지원 지원자 모집 분야 근무 직무 주요 내용 소개 기간 현재 재직 년 개월 월 이해 지식
    활용 수행 분 등 및 위 해당 다양 기타 기술 사용 개발자 채용 조건 학력 전공 우수 역량 환경
    원활 적극 기본 전반 분야 신입 서류 제출 합격 총 전체 약 해 동안""".split()  # noqa: SIM905 - a word list reads better as text
)
CHINESE_GENERIC = frozenset(
    """经验 工作 以上 优先 熟悉 精通 掌握 了解 具有 具备 能力 相关 负责 进行 我们 公司 岗位 要求
    职位 良好 优秀 任职 职责 至今 现在 目前 年限 及以上 以及 或者 并且 一定 较强 能够 可以 需要
    包括 使用 参与 描述 内容 招聘 学历 专业 本科 以上学历 共 约 总""".split()  # noqa: SIM905 - a word list reads better as text
)
CJK_GENERIC = KOREAN_GENERIC | CHINESE_GENERIC


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Stopwords of English, French, German and Spanish, case-folded and without accents.

    The bm25s lists the lexical side uses (:mod:`cvmatch.scoring.terms`): articles,
    prepositions, pronouns, auxiliaries ("les", "avec", "ai" of "j'ai", "die", "para").
    """
    from bm25s import stopwords  # noqa: PLC0415 (lazy: only the skill finder needs it)

    lists = (
        stopwords.STOPWORDS_EN_PLUS,
        stopwords.STOPWORDS_FRENCH,
        stopwords.STOPWORDS_GERMAN,
        stopwords.STOPWORDS_SPANISH,
    )
    return frozenset(_fold(word) for words in lists for word in words)


def _fold(word: str) -> str:
    """Lower case without accents ("été" → "ete"), as the skill finder's tokens are."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
