"""A CV → the facts it states.

Dated roles (years per role and in total), explicit years, education level, spoken languages,
and the taxonomy concepts it mentions.

Open-ended periods ("2019 – present", "seit 2020") end at the reference date the caller gives
(the engine passes ``Settings.reference_date`` or today), so one run is reproducible.
"""

import re

from cvmatch.extract import vocab_cjk
from cvmatch.extract.dates import find_ranges
from cvmatch.extract.vocab import DEGREE_LEVELS, LANGUAGE_BY_WORD, LANGUAGE_CODES
from cvmatch.extract.years import years_phrases
from cvmatch.taxonomy.gazetteer import Gazetteer
from cvmatch.taxonomy.normalise import fold, tokens
from cvmatch.text.scripts import has_cjk
from cvmatch.types import CvFacts, Document, ExperiencePeriod, SectionKind

_TITLE_NOISE = re.compile(r"^[\s\-–—•*·|,:;()]+|[\s\-–—•*·|,:;(]+$")
_TITLE_TAIL = re.compile(r"\s*\b(?:from|de|du|von|desde|since|seit|depuis)\s*$", re.IGNORECASE)
_MIN_TITLE_LETTERS = 3


def cv_facts(cv: Document, reference: float, gazetteer: Gazetteer) -> CvFacts:
    """Everything :mod:`cvmatch.scoring.requirements` checks a job's requirements against."""
    periods = experience_periods(cv, reference)
    folded = fold(cv.text)
    stated = tuple(
        (p.years, line.strip())
        for line in cv.text.splitlines()
        for p in years_phrases(line)
        if not find_ranges(line, reference)
    )
    return CvFacts(
        periods=periods,
        total_years=round(_union_years(periods), 2),
        stated_years=stated,
        education_level=education_level(folded),
        languages=spoken_languages(cv, folded),
        concepts=tuple(gazetteer.find(cv.text)),
    )


def experience_periods(cv: Document, reference: float) -> tuple[ExperiencePeriod, ...]:
    """Dated lines of the CV outside its education section, each with the lines under it."""
    skip = [(s.start, s.end) for s in cv.sections if s.kind is SectionKind.EDUCATION]
    lines = _lines_with_offsets(cv.text)
    dated: list[tuple[int, str, float, float, str]] = []
    previous = ""
    for index, (offset, line) in enumerate(lines):
        if any(a <= offset < b for a, b in skip):
            continue
        ranges = find_ranges(line, reference)
        if ranges:
            title = _title(line, ranges[0].span) or previous
            dated.extend((index, title, r.start, r.end, line.strip()) for r in ranges[:1])
        if line.strip():
            previous = _role_part(_TITLE_NOISE.sub("", line.strip()))
    periods = []
    for position, (index, title, start, end, line) in enumerate(dated):
        stop = dated[position + 1][0] if position + 1 < len(dated) else len(lines)
        context = "\n".join(text for _, text in lines[max(0, index - 1) : stop])
        periods.append(ExperiencePeriod(title, line, round(start, 3), round(end, 3), context))
    return tuple(periods)


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    result, offset = [], 0
    for line in text.splitlines(keepends=True):
        result.append((offset, line.rstrip("\n")))
        offset += len(line)
    return result


def _role_part(title: str) -> str:
    """The role of a Korean or Chinese "Company | Role" line ("阿里云 | 高级数据库管理员")."""
    if " | " in title and has_cjk(title):
        return title.rsplit(" | ", 1)[1].strip() or title
    return title


def _title(line: str, span: tuple[int, int]) -> str:
    before = _TITLE_TAIL.sub("", _TITLE_NOISE.sub("", line[: span[0]]))
    before = _TITLE_NOISE.sub("", before)
    if sum(c.isalpha() for c in before) >= _MIN_TITLE_LETTERS:
        return before
    after = _TITLE_NOISE.sub("", line[span[1] :])
    return after if sum(c.isalpha() for c in after) >= _MIN_TITLE_LETTERS else ""


def _union_years(periods: tuple[ExperiencePeriod, ...]) -> float:
    total, current_end = 0.0, float("-inf")
    for start, end in sorted((p.start, p.end) for p in periods):
        if end <= current_end:
            continue
        total += end - max(start, current_end)
        current_end = end
    return total


def education_level(folded: str) -> int:
    """Highest degree named: 3 doctorate, 2 master, 1 bachelor or any degree, 0 none."""
    for level, pattern in DEGREE_LEVELS:
        if pattern.search(folded):
            return level
    return vocab_cjk.degree_level(folded)  # 학사, 本科 … (after folding, put back together)


def spoken_languages(cv: Document, folded: str) -> tuple[str, ...]:
    """Language names the CV mentions, plus the language it is written in."""
    names = {LANGUAGE_BY_WORD[t.norm] for t in tokens(folded) if t.norm in LANGUAGE_BY_WORD}
    names.update(vocab_cjk.language_names(folded))
    if cv.language in LANGUAGE_CODES:
        names.add(LANGUAGE_CODES[cv.language])
    return tuple(sorted(names))
