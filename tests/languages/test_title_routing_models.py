"""With the real models: Chinese and Korean job titles find their synonyms through USE-m3.

Before issue 20's routing, plain ``titles`` scored Chinese and Korean titles with the English
MiniLM default, which reads Han and Hangul as unknown pieces. Each query below has one synonym
in the corpus (in its own language or in English) among unrelated titles in both languages.
"""

import numpy as np
import pytest

from cvmatch.engine import Engine

pytestmark = pytest.mark.models

QUERIES = {
    "zh": {
        "数据库管理员": "database administrator",
        "软件开发工程师": "软件工程师",
        "厨师长": "head chef",
        "护士": "registered nurse",
        "会计": "会计师",
        "卡车司机": "truck driver",
    },
    "ko": {
        "데이터베이스 관리자": "database administrator",
        "소프트웨어 개발자": "소프트웨어 엔지니어",
        "주방장": "head chef",
        "간호사": "registered nurse",
        "회계 담당자": "회계사",
        "트럭 운전사": "truck driver",
    },
}
NOISE = ["florist", "花店店员", "꽃집 직원", "airline pilot", "飞行员", "조종사"]


@pytest.mark.parametrize("language", ["zh", "ko"])
def test_titles_in_chinese_and_korean_find_their_synonym_first(language: str) -> None:
    engine = Engine()
    queries = list(QUERIES[language])
    corpus = sorted(set(QUERIES[language].values())) + NOISE
    scores = engine.evaluation.similarity_matrix("titles", queries, corpus)
    direct = engine.evaluation.similarity_matrix("titles:use-m3", queries, corpus)
    assert np.allclose(scores, direct)  # routed to USE-m3, no head
    found = [corpus[int(row.argmax())] for row in scores]
    assert found == [QUERIES[language][q] for q in queries]


def test_chinese_titles_against_chinese_go_to_e5_use_m3() -> None:
    """Both sides detected Chinese: the mean of USE-m3 and e5-small-q4 (docs/benchmarks/chinese.md).

    (The mixed corpus above is detected as another language, so it stays on USE-m3.)
    """
    engine = Engine()
    queries = ["软件开发工程师", "会计", "卡车司机"]
    corpus = ["软件工程师", "会计师", "货车司机", "花店店员", "飞行员", "厨师长"]
    scores = engine.evaluation.similarity_matrix("titles", queries, corpus)
    direct = engine.evaluation.similarity_matrix("titles:e5-use-m3", queries, corpus)
    assert np.allclose(scores, direct)
    assert [corpus[int(row.argmax())] for row in scores] == ["软件工程师", "会计师", "货车司机"]
