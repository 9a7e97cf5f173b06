"""Dates and date ranges in CVs, EN/FR/DE/ES.

Handles "2019 – present", "03/2017–06/2020", "Jan 2018 - Mar 2020", "seit 2020", "depuis 2019",
"desde 2018", "(2017 to 2019)"; year-first Korean and Chinese ranges ("2019.03 ~ 현재",
"2019年3月至今") come from :mod:`cvmatch.extract.dates_cjk` when no other range is on the line.

A date is a decimal year (``2017.167`` = March 2017, start of the month); an open end
("present", "heute", "aujourd'hui", "actualidad") is the reference date given by the caller.
"""

import re
import unicodedata
from dataclasses import dataclass

from cvmatch.extract.dates_cjk import cjk_ranges

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "jan january janv janvier januar enero ene",
        "feb february fev fevr fevrier februar febrero",
        "mar march mars marz marzo",
        "apr april avr avril abril abr",
        "may mai mayo",
        "jun june juin juni junio",
        "jul july juil juillet juli julio",
        "aug august aout ago agosto",
        "sep sept september septembre septiembre",
        "oct october octobre oktober okt octubre",
        "nov november novembre noviembre",
        "dec december decembre dezember dez diciembre dic",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number

_MONTH = r"(?P<{g}m>[A-Za-zÀ-ÿ]{{3,10}})\.?\s+"
_NUM = r"(?P<{g}n>\d{{1,2}})\s*[/.\-]\s*"
_DATE = r"(?:" + _MONTH + r"|" + _NUM + r")?(?P<{g}y>(?:19|20)\d{{2}})"
_OPEN = (
    r"(?P<open>present|now|current|currently|today|ongoing|date|aujourd'hui|aujourd’hui|"
    r"présent|actuel|maintenant|en cours|heute|jetzt|aktuell|dato|actualidad|presente|hoy|"
    r"la fecha|a la fecha)"
)
_SEP = r"\s*(?:-|–|—|−|to|until|till|à|au|a|bis|hasta|al)\s*"
RANGE = re.compile(
    r"(?<![\d/])" + _DATE.format(g="s") + _SEP + r"(?:" + _DATE.format(g="e") + r"|" + _OPEN + r")",
    re.IGNORECASE,
)
SINCE = re.compile(
    r"\b(?:since|seit|depuis|desde)\s+(?:(?:le|dem|el)\s+)?" + _DATE.format(g="s"), re.IGNORECASE
)


@dataclass(frozen=True)
class DateRange:
    """A start and an end as decimal years, and where the range sits in its line."""

    start: float
    end: float
    span: tuple[int, int]


def _month(name: str | None, number: str | None) -> int | None:
    if number is not None:
        value = int(number)
        return value if 1 <= value <= 12 else None  # noqa: PLR2004 - months
    if name is not None:  # "Oracle 2019 - 2020": a word that is no month means no month
        key = _fold(name)
        return _MONTHS.get(key) or _MONTHS.get(key[:4]) or _MONTHS.get(key[:3])
    return None


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _decimal(year: str, month: int | None, end: bool) -> float:
    # A range "2019 – 2023" counts whole years at both ends as written: 2019.0 → 2023.0.
    if month is None:
        return float(year)
    return float(year) + (month - (0 if end else 1)) / 12


def find_ranges(line: str, reference: float) -> list[DateRange]:
    """Every date range in ``line``; open ends resolve to ``reference``.

    >>> [(r.start, r.end) for r in find_ranges("DBA (2019 – present)", 2024.5)]
    [(2019.0, 2024.5)]
    >>> [(round(r.start, 2), round(r.end, 2)) for r in find_ranges("03/2017–06/2020", 2024.0)]
    [(2017.17, 2020.5)]
    """
    found: list[DateRange] = []
    for m in RANGE.finditer(line):
        start = _decimal(m["sy"], _month(m["sm"], m["sn"]), end=False)
        end = reference if m["open"] else _decimal(m["ey"], _month(m["em"], m["en"]), end=True)
        if end >= start:
            found.append(DateRange(start, end, m.span()))
    if not found:
        for m in SINCE.finditer(line):
            start = _decimal(m["sy"], _month(m["sm"], m["sn"]), end=False)
            if reference >= start:
                found.append(DateRange(start, reference, m.span()))
    if not found:
        found = [DateRange(start, end, span) for start, end, span in cjk_ranges(line, reference)]
    return found
