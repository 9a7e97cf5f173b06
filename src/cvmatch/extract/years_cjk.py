"""Years-of-experience phrases written in Korean or Chinese.

Handles "경력 5년 이상", "3년 이상의 Cassandra 운영 경험", "3년 2개월", "8년 경력", "5年以上工作经验",
"三年以上Java开发经验". Korean and Chinese put what the years are *of* around the number rather
than after it, so the subject is the rest of the line (clause) without boilerplate words.
"""

import re

from cvmatch.text.scripts import has_cjk
from cvmatch.text.segment import split_token
from cvmatch.text.stopwords import CJK_GENERIC

_HAN_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8}
_HAN_NUMBERS |= {"九": 9, "十": 10}
PHRASE = re.compile(
    r"(?<![\d.])(?P<num>\d{1,2}(?:\.5)?|[一两二三四五六七八九十])\s*(?:년|年)(?![\d월月])"
    r"(?:\s*(?P<months>\d{1,2})\s*개월)?(?:\s*(?:이상|以上|차|\+))?"
)
_CLAUSE = re.compile(r"[,;，；。、()（）]")
_WORD = re.compile(r"[^\W_][\w+#]*(?:[.\-][\w+#]+)*")
_MAX_SUBJECT_WORDS = 8


def cjk_years(line: str) -> list[tuple[float, str]]:
    """``(years, subject)`` of every years phrase in ``line``; subject "" = experience overall.

    >>> cjk_years("Apache Cassandra 운영 경력 5년 이상")
    [(5.0, 'Apache Cassandra 운영')]
    >>> cjk_years("3年以上工作经验")
    [(3.0, '')]
    >>> cjk_years("총 경력 3년 2개월")
    [(3.17, '')]
    """
    found = []
    for m in PHRASE.finditer(line):
        years = float(_HAN_NUMBERS.get(m["num"], 0) or m["num"])
        if m["months"]:
            years = round(years + int(m["months"]) / 12, 2)
        found.append((years, _subject(line, m.span())))
    return found


def _subject(line: str, span: tuple[int, int]) -> str:
    """The words of the phrase's clause, boilerplate left out, in line order."""
    starts = [0] + [c.end() for c in _CLAUSE.finditer(line)]
    start = max(s for s in starts if s <= span[0])
    stop = next((c.start() for c in _CLAUSE.finditer(line, span[1])), len(line))
    clause = line[start : span[0]] + " " + line[span[1] : stop]
    words = [
        word
        for token in _WORD.findall(clause)
        for word in split_token(token)
        if word.lower() not in CJK_GENERIC
        and not word.isdigit()
        and (len(word) > 1 or not has_cjk(word))
    ]
    return " ".join(words[:_MAX_SUBJECT_WORDS])
