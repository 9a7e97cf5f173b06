"""Check each job requirement against a CV → :class:`cvmatch.types.Evidence`.

Skills and certifications: the CV line covering the largest weighted share of the requirement's
words (weights = specificity, :func:`cvmatch.taxonomy.packaged.weight`), or a line mentioning the
same taxonomy concept (aliases and imported ESCO labels in any language). ``met`` from
``MET_AT`` coverage, ``partial`` from ``PARTIAL_AT``. Years: the dated roles whose title (or text)
matches the subject, overlaps counted once, against the years asked. Degree: the highest level
named. Languages: named in the CV or the language the CV is written in.
"""

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from cvmatch.extract.vocab import LANGUAGES
from cvmatch.scoring.bridge import bridged, folded_weights, label_weights
from cvmatch.scoring.cvlines import (
    CvLine,
    LabelNames,
    bridge_lines,
    cv_lines,
    gloss_lines,
    line_coverage,
    requirement_weights,
    snippet_labels,
    snippet_stems,
)
from cvmatch.scoring.known_cvs import KNOWN
from cvmatch.taxonomy.normalise import fold
from cvmatch.types import (
    CvFacts,
    Document,
    Evidence,
    EvidenceStatus,
    ExperiencePeriod,
    Requirement,
    RequirementKind,
)

MET_AT = 0.75
PARTIAL_AT = 0.4
DESCRIPTIVE_PARTIAL_AT = 0.25
"""Descriptive requirements (kind OTHER, > 4 words) are paraphrased more: a lower bar."""
TITLE_MATCH_AT = 0.6
CONTEXT_MATCH_AT = 0.5
_MIN_ACRONYM, _MAX_ACRONYM = 2, 6
_MINOR_WORDS = frozenset({"and", "of", "for", "the", "in", "to", "&"})
_MET, _PARTIAL, _MISSING = EvidenceStatus.MET, EvidenceStatus.PARTIAL, EvidenceStatus.MISSING


@dataclass(frozen=True)
class CvView:
    """A CV prepared for checking: its document, facts and stemmed lines."""

    cv: Document
    facts: CvFacts
    lines: tuple[CvLine, ...]
    concepts: frozenset[str]
    names: LabelNames | None = None
    """The taxonomy's labels per language, to bridge a CV in another language than the job."""

    @cached_property
    def lowered(self) -> tuple[str, ...]:
        """The lines' texts in lower case (acronym checks: once per pair, not per requirement)."""
        return tuple(line.text.lower() for line in self.lines)

    @cached_property
    def lowered_text(self) -> str:
        """:attr:`lowered` joined by newlines: a line's match is also one here."""
        return "\n".join(self.lowered)


def cv_view(
    cv: Document, facts: CvFacts, job_language: str, names: LabelNames | None = None
) -> CvView:
    """Prepare a CV once per job language.

    Each line also carries the job-language stems of the taxonomy labels it mentions, so that
    "Sauvegardes et restaurations" (alias of "backup and restore") covers "backup", and across
    languages the job-language names of the labels it names, so that an English "restores"
    covers a French "restaurations" (:func:`cvmatch.scoring.bridge.bridged`); with ``names``
    (an imported taxonomy), the job-language labels of the concepts a line names too.
    """
    concepts = frozenset(m.concept_id for m in facts.concepts)
    lines = None
    if job_language == cv.language:  # computed at ingest for this text, language and glossary
        lines = KNOWN.lines.get((cv.text, cv.language, facts.concepts))
    if job_language == cv.language:
        names = None  # same language: the lines' own words and labels, as always
    if lines is None:
        lines = gloss_lines(cv_lines(cv, job_language), facts, job_language, names)
        lines = bridge_lines(lines, cv.language, job_language)
    return CvView(cv, facts, lines, concepts, names)


def assess(requirement: Requirement, view: CvView, job_language: str) -> Evidence:
    """The evidence for one requirement in one CV."""
    if requirement.kind is RequirementKind.EXPERIENCE:
        return _experience(requirement, view, job_language)
    if requirement.kind is RequirementKind.LANGUAGE:
        return _language(requirement, view)
    if requirement.kind is RequirementKind.EDUCATION:
        return _education(requirement, view)
    return _skill(requirement, view, job_language)


def _best_line(weights: dict[str, float], view: CvView) -> tuple[float, CvLine | None]:
    best, where = 0.0, None
    stems = weights.keys()
    for line in view.lines:
        if stems.isdisjoint(line.stems):
            continue  # coverage 0: never better than the best so far (at least 0)
        value = line_coverage(weights, line.stems)
        if value > best:
            best, where = value, line
    return best, where


def _concept_line(requirement: Requirement, view: CvView) -> CvLine | None:
    if requirement.concept is None or requirement.concept not in view.concepts:
        return None
    for mention in view.facts.concepts:
        if mention.concept_id == requirement.concept:
            for line in view.lines:
                if line.start <= mention.start < line.start + len(line.text):
                    return line
    return None


def _skill(requirement: Requirement, view: CvView, job_language: str) -> Evidence:
    concept_line = _concept_line(requirement, view)
    if concept_line is not None:
        return _evidence(requirement, _MET, 1.0, concept_line, 1.0, "same concept")
    acronym_line = _acronym_line(requirement.text, view)
    if acronym_line is not None:
        return _evidence(requirement, _MET, 1.0, acronym_line, 1.0, "acronym")
    weights = _weights(requirement.text, view, job_language)
    coverage, line = _best_line(weights, view)
    coverage = round(coverage, 4)
    partial_at = DESCRIPTIVE_PARTIAL_AT if requirement.kind is RequirementKind.OTHER else PARTIAL_AT
    if coverage >= MET_AT:
        return _evidence(requirement, _MET, 1.0, line, coverage)
    if coverage >= partial_at:
        return _evidence(requirement, _PARTIAL, 0.5, line, coverage)
    return _evidence(requirement, _MISSING, 0.0, None, coverage)


def _acronym_line(text: str, view: CvView) -> CvLine | None:
    """A CV line with the requirement's acronym, or the words an acronym requirement spells.

    "SCM" for "Supply Chain Management"; "extract, transform and load" for "ETL".
    """
    patterns = _acronym_patterns(text)
    if not patterns:
        return None
    for pattern, literal in patterns:
        if literal and literal not in view.lowered_text:
            continue  # the pattern's letters are not even there: a cheap no
        if not pattern.search(view.lowered_text):  # no match here, no line to find
            continue
        for line, lower in zip(view.lines, view.lowered, strict=True):
            if pattern.search(lower):
                return line
    return None


@lru_cache(maxsize=16384)
def _acronym_patterns(text: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """What :func:`_acronym_line` looks for, in order (memoised: one job, many CVs).

    Each pattern comes with a text any match contains ("" when there is none to test).
    """
    patterns = []
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in _MINOR_WORDS]
    if len(words) >= _MIN_ACRONYM and all(w[0].isupper() for w in words):
        acronym = "".join(w[0] for w in words).lower()
        patterns.append((re.compile(rf"\b{acronym}\b"), acronym))
    stripped = text.strip()
    if _MIN_ACRONYM <= len(stripped) <= _MAX_ACRONYM and stripped.isupper() and stripped.isalpha():
        pattern = r"\b" + r"[\w-]*[\s,/-]+(?:(?:and|of|&)\s+)?".join(stripped.lower()) + r"\w*"
        patterns.append((re.compile(pattern), ""))
    return tuple(patterns)


def _evidence(
    requirement: Requirement,
    status: EvidenceStatus,
    value: float,
    line: CvLine | None,
    lexical: float,
    note: str = "",
) -> Evidence:
    if line is None:
        return Evidence(requirement, status, value, lexical=lexical, note=note)
    return Evidence(
        requirement,
        status,
        value,
        cv_span=line.text,
        start=line.start,
        end=line.start + len(line.text),
        lexical=lexical,
        note=note,
    )


def _matching_periods(subject: str, view: CvView, job_language: str) -> list[ExperiencePeriod]:
    weights = _weights(subject, view, job_language)
    subject_stems = frozenset(weights)
    by_title = []
    by_text = []
    for period in view.facts.periods:
        title = period.title or period.line
        # Either the subject's words are in the title, or the title's words in the subject
        # ("Compliance Project Manager" for "Compliance Project manager in a bank"); the
        # second only computed when the first is not enough.
        forward = line_coverage(weights, _snippet_stems(view, title, job_language, glossed=True))
        if forward >= TITLE_MATCH_AT or _backward(title, subject_stems, view, job_language):
            by_title.append(period)
            continue
        context_stems = _snippet_stems(view, period.context, job_language)
        if line_coverage(weights, context_stems) >= CONTEXT_MATCH_AT:
            by_text.append(period)
    return by_title or by_text


def _backward(title: str, subject_stems: frozenset[str], view: CvView, job_language: str) -> bool:
    """True when the subject holds enough of the title's words."""
    title_weights = _weights(title, view, job_language)
    return bool(title_weights) and line_coverage(title_weights, subject_stems) >= TITLE_MATCH_AT


def _weights(text: str, view: CvView, job_language: str) -> dict[str, float]:
    """A requirement's stem weights, read across languages when the CV's is another.

    Its translated names as their English labels (:func:`label_weights`), stems without accents.
    """
    weights = requirement_weights(text, job_language)
    if view.cv.language == job_language:
        return weights
    return folded_weights(label_weights(weights, job_language))


def _snippet_stems(
    view: CvView, text: str, job_language: str, *, glossed: bool = False
) -> frozenset[str]:
    """A role's title or context stems; a title across languages also with the labels it names.

    Only a title: "Datenbankadministrator" is the role, but a context's "with the DBA team"
    does not make a Java developer a database administrator.
    """
    cv = view.cv
    if job_language == cv.language:  # computed at ingest for this snippet and language
        known = KNOWN.snippets.get((text, cv.language))
        if known is not None:
            return known
    stems = snippet_stems(cv, text, job_language)
    if not glossed or job_language == cv.language:
        return stems
    labels = snippet_labels(text, view.facts, job_language, view.names)
    return bridged(stems | labels, cv.language, job_language) if labels else stems


def _skill_years(concept: str, view: CvView) -> tuple[list[ExperiencePeriod], float]:
    """Years with a skill in a CV written in another language than the job.

    The subject's words cannot be compared across languages, but the skill it names can: the
    dated roles whose text mentions the same taxonomy concept, or a stated "5 ans" / "3 Jahre
    Erfahrung" on a line that names it, whichever gives more.
    """
    surfaces = {fold(m.surface) for m in view.facts.concepts if m.concept_id == concept}
    if not surfaces:
        return [], 0.0
    periods = [p for p in view.facts.periods if any(x in fold(p.context) for x in surfaces)]
    found = _union(periods)
    stated = [y for y, line in view.facts.stated_years if any(x in fold(line) for x in surfaces)]
    if stated and max(stated) > found:
        line = next(line for y, line in view.facts.stated_years if y == max(stated))
        return [ExperiencePeriod("", line, 0.0, max(stated), line)], max(stated)
    return periods, found


def union_years(periods: list[ExperiencePeriod]) -> float:
    """Years covered by ``periods``, overlaps counted once."""
    return _union(periods)


def _union(periods: list[ExperiencePeriod]) -> float:
    total, current = 0.0, float("-inf")
    for start, end in sorted((p.start, p.end) for p in periods):
        if end > current:
            total += end - max(start, current)
            current = end
    return round(total, 2)


def _experience(requirement: Requirement, view: CvView, job_language: str) -> Evidence:
    if requirement.subject:
        periods = _matching_periods(requirement.subject, view, job_language)
        found = _union(periods)
        if not periods and requirement.concept and view.cv.language != job_language:
            periods, found = _skill_years(requirement.concept, view)
        return experience_evidence(requirement, view, periods, found)
    facts = view.facts
    found = max([facts.total_years, *(y for y, _ in facts.stated_years)])
    return experience_evidence(requirement, view, list(facts.periods), found)


def experience_evidence(
    requirement: Requirement, view: CvView, periods: list[ExperiencePeriod], found: float
) -> Evidence:
    """Years found in ``periods`` against the years asked: met, partial (found / asked), missing."""
    asked = requirement.years or 0.0
    span = periods[0].line if periods else ""
    line = next((x for x in view.lines if span and x.text == span.strip()), None)
    note = f"{found:g} of {asked:g} years"
    if found >= asked > 0:
        status, value = _MET, 1.0
    elif found > 0:
        status, value = _PARTIAL, round(found / asked, 4) if asked else 0.5
    else:
        status, value = _MISSING, 0.0
    evidence = _evidence(requirement, status, value, line, 0.0, note)
    return replace(evidence, found_years=found, required_years=asked)


def _language(requirement: Requirement, view: CvView) -> Evidence:
    if requirement.text in view.facts.languages:
        names = LANGUAGES.get(requirement.text, (requirement.text.lower(),))
        line = next((x for x in view.lines if _names_language(x.text, names)), None)
        note = "" if line else f"the CV is written in {requirement.text}"
        return _evidence(requirement, _MET, 1.0, line, 1.0, note)
    return _evidence(requirement, _MISSING, 0.0, None, 0.0)


def _names_language(text: str, names: tuple[str, ...]) -> bool:
    """True when ``text`` names the language in any of its forms ("Anglais", "Englisch")."""
    words = set(re.findall(r"[^\W\d_]+", fold(text)))
    return any(name in words for name in names)


def _education(requirement: Requirement, view: CvView) -> Evidence:
    asked, found = requirement.level or 1, view.facts.education_level
    note = f"degree level {found} of {asked}"
    if found >= asked:
        return _evidence(requirement, _MET, 1.0, None, 1.0, note)
    if found > 0 or "equivalent" in requirement.line.lower():
        return _evidence(requirement, _PARTIAL, 0.5, None, 0.0, note)
    return _evidence(requirement, _MISSING, 0.0, None, 0.0, note)
