"""Dates and date ranges written the Korean and Chinese way.

Handles "2019.03 ~ 현재", "2016년 3월 ~ 2019년 2월", "2019년 3월부터 현재까지", "2019年3月至今",
"2019.03-2021.06", "2019/03 – 2021/06" and "2019年 - 2021年". Korean and Chinese CVs write the
year first, so a dotted "2019.03" is March 2019 (the Latin-script patterns of
:mod:`cvmatch.extract.dates` read "03.2019" the other way round and are tried first).

Dates are decimal years, as in :mod:`cvmatch.extract.dates`: a start is the start of its month,
an end the end of its month, an open end ("현재", "至今") the caller's reference date.
"""

import re

_DATE = (
    r"(?P<{g}y>(?:19|20)\d{{2}})\s*"
    r"(?:(?:[./]|년|年)\s*(?P<{g}m>\d{{1,2}})(?!\d)\s*(?:월|月|\.)?|(?:년|年))?"
)
_SEP = r"\s*(?:~|～|〜|-|–|—|−|至|到|부터|→)\s*(?:~\s*)?"
_OPEN = (
    r"(?P<open>현재|재직\s*중|근무\s*중|진행\s*중|至今|迄今|现在|目前|今|"
    r"present|now|current|today)(?:까지)?"
)
RANGE = re.compile(
    r"(?<![\d.])" + _DATE.format(g="s") + _SEP + r"(?:" + _DATE.format(g="e") + r"|" + _OPEN + r")",
    re.IGNORECASE,
)


def cjk_ranges(line: str, reference: float) -> list[tuple[float, float, tuple[int, int]]]:
    """``(start, end, span)`` of every year-first date range in ``line``.

    >>> [(round(s, 2), e) for s, e, _ in cjk_ranges("2019.03 ~ 현재", 2024.5)]
    [(2019.17, 2024.5)]
    >>> [(round(s, 2), round(e, 2)) for s, e, _ in cjk_ranges("2016년 3월 ~ 2019년 2월", 2024.0)]
    [(2016.17, 2019.17)]
    >>> [(round(s, 2), e) for s, e, _ in cjk_ranges("2019年3月至今", 2024.5)]
    [(2019.17, 2024.5)]
    """
    found = []
    for m in RANGE.finditer(line):
        start = _decimal(m["sy"], m["sm"], end=False)
        end = reference if m["open"] else _decimal(m["ey"], m["em"], end=True)
        if start is not None and end is not None and end >= start:
            found.append((start, end, m.span()))
    return found


def _decimal(year: str, month: str | None, end: bool) -> float | None:
    if month is None:
        return float(year)
    value = int(month)
    if not 1 <= value <= 12:  # noqa: PLR2004 - months
        return None
    return float(year) + (value - (0 if end else 1)) / 12
