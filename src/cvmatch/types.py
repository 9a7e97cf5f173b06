"""Typed values that flow through the pipeline: Document → Match → Ranking.

Scores are on a 0–100 scale (see :class:`Match`); signals are on 0–1. Ties break by id.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class DocumentKind(StrEnum):
    """What a document is."""

    CV = "cv"
    JOB = "job"


class SectionKind(StrEnum):
    """Section of a CV (or job ad) recognised from its heading."""

    SUMMARY = "summary"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    SKILLS = "skills"
    LANGUAGES = "languages"
    CERTIFICATIONS = "certifications"
    REQUIREMENTS = "requirements"
    RESPONSIBILITIES = "responsibilities"
    PREFERRED = "preferred"
    OTHER = "other"


class Flag(StrEnum):
    """Something a user should know about a document or a result."""

    HIDDEN_TEXT = "hidden_text"  # invisible text was found and excluded from scoring
    OCR = "ocr"  # text came from optical character recognition
    LANGUAGE_UNCERTAIN = "language_uncertain"  # language detection was not confident
    UNSUPPORTED_LANGUAGE = (
        "unsupported_language"  # outside EN/FR/DE/ES/KO/ZH (still scored, multilingual)
    )
    SHORT_TEXT = "short_text"  # very little text: scores are less reliable
    TABLES = "tables"  # text came partly from tables


@dataclass(frozen=True)
class Section:
    """A titled span of a document; ``start``/``end`` are character offsets into ``Document.text``."""

    kind: SectionKind
    heading: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    """A CV or a job description after ingest.

    ``text`` holds only what a human reader sees; invisible text goes to ``hidden_text`` and sets
    :attr:`Flag.HIDDEN_TEXT`.
    """

    id: str
    kind: DocumentKind
    text: str
    language: str
    language_confidence: float
    sections: tuple[Section, ...] = ()
    flags: tuple[Flag, ...] = ()
    source: str | None = None
    format: str = "text"
    pages: int | None = None
    hidden_text: str = ""
    content_hash: str = ""

    def section_text(self, kind: SectionKind) -> str:
        """Return the text of every section of ``kind``, joined by blank lines."""
        return "\n\n".join(s.text for s in self.sections if s.kind == kind)


@dataclass(frozen=True)
class Signals:
    """The 0–1 signals behind a score.

    ``dense``: embedding similarity rescaled per model to 0–1 (``dense_raw`` is the cosine);
    ``lexical``: weighted share of the job's key terms found in the CV;
    ``coverage``: weighted share of the job's requirements the CV meets (docs/scoring.md);
    ``experience``: the CV's total dated experience over twice the most years the job asks
    (10 years when it asks none), at most 1.
    """

    dense: float
    dense_raw: float
    lexical: float
    dense_model: str
    coverage: float = 0.0
    experience: float = 0.0


@dataclass(frozen=True)
class StageEffect:
    """How one trained scoring stage (re-ranker or ranker) moved a candidate.

    ``model`` is the trained model's ``name@vN``; ``kind`` is ``rerank`` (a cross-encoder) or
    ``ranker`` (learned weights over features); ``raw`` the model's own output for the pair;
    scores are 0–100 and ranks 1-based within the list the stage re-scored;
    ``calibration`` is ``stored`` (the model's fitted calibration) or ``rank-preserving``
    (none stored: the list's previous scores are handed out in the model's order).
    """

    model: str
    kind: str
    raw: float
    score_before: float
    score_after: float
    rank_before: int
    rank_after: int
    calibration: str


@dataclass(frozen=True)
class Match:
    """One job–CV pair.

    ``score`` is 0–100: the calibrated combination of the signals (see ``docs/scoring.md``),
    stable for the same input; read it as "about score % of such pairs are matches".
    ``evidence`` holds one entry per job requirement; ``knockout`` is True when a hard
    requirement is missing and capped the score. ``stages`` lists the trained stages that
    re-scored the pair, in the order they ran (empty without ``--rerank`` / ``--ranker``).
    """

    job_id: str
    cv_id: str
    score: float
    signals: Signals
    reasons: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()
    missing_terms: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()
    evidence: tuple["Evidence", ...] = ()
    knockout: bool = False
    stages: tuple[StageEffect, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """Matches for one query document, best first (ties broken by the other side's id)."""

    query_id: str
    query_kind: DocumentKind
    matches: tuple[Match, ...] = field(default_factory=tuple)


# ---- recruiter workspace (issue 6: store, service) ----------------------------------------
# ---- requirement-level matching (taxonomy, extract, evidence) ------------------------------


class ConceptKind(StrEnum):
    """What a taxonomy concept names."""

    SKILL = "skill"
    OCCUPATION = "occupation"
    ISCO_GROUP = "isco_group"


@dataclass(frozen=True)
class LocalisedText:
    """A label or a description in one language (ISO 639-1 code, ``en-us`` kept as is)."""

    language: str
    text: str


@dataclass(frozen=True)
class Concept:
    """A skill, an occupation or an ISCO group of a taxonomy (ESCO, packaged lists, custom).

    ``id`` is the ESCO URI for ESCO concepts, ``custom:<slug>`` for custom ones. ``code`` is the
    ESCO occupation code (``2654.1.7``) or the ISCO code of a group; ``isco_group`` the 4-digit
    ISCO group of an occupation.
    """

    id: str
    kind: ConceptKind
    preferred: tuple[LocalisedText, ...]
    alternatives: tuple[LocalisedText, ...] = ()
    descriptions: tuple[LocalisedText, ...] = ()
    source: str = ""
    code: str = ""
    isco_group: str = ""
    skill_type: str = ""
    reuse_level: str = ""
    """ESCO ``reuseLevel`` of a skill: transversal, cross-sector, sector-specific, ..."""

    def label(self, language: str = "en") -> str:
        """The preferred label in ``language`` (English, then any, when missing)."""
        for wanted in (language, "en"):
            for item in self.preferred:
                if item.language == wanted:
                    return item.text
        return self.preferred[0].text if self.preferred else self.id


@dataclass(frozen=True)
class ConceptMention:
    """A taxonomy label found in a text: character span, the label's surface and its concept."""

    concept_id: str
    label: str
    start: int
    end: int
    surface: str


class RequirementKind(StrEnum):
    """What a job requirement asks for."""

    SKILL = "skill"
    EXPERIENCE = "experience"
    EDUCATION = "education"
    LANGUAGE = "language"
    CERTIFICATION = "certification"
    OTHER = "other"


class Importance(StrEnum):
    """Whether the job requires a requirement or only prefers it."""

    REQUIRED = "required"
    PREFERRED = "preferred"


class EvidenceStatus(StrEnum):
    """How far the CV satisfies a requirement."""

    MET = "met"
    PARTIAL = "partial"
    MISSING = "missing"
    NOT_ASSESSED = "not_assessed"
    """A transversal (soft) skill the CV does not name: unverifiable from a CV, not missing."""


@dataclass(frozen=True)
class Requirement:
    """One thing a job asks for.

    ``text`` is the requirement itself ("Cassandra", "4 years as a database administrator"),
    ``line`` the job line it came from. ``concept`` is a taxonomy concept id when the text maps to
    one. ``years`` (experience) is the minimum asked; ``subject`` what the years are of (a role or
    a skill, empty for overall experience). ``level`` (education) is 1 bachelor … 3 doctorate.
    ``hard`` requirements are knock-outs: missing one caps the score (docs/scoring.md).
    """

    text: str
    kind: RequirementKind
    importance: Importance
    line: str = ""
    concept: str | None = None
    years: float | None = None
    subject: str = ""
    level: int | None = None
    hard: bool = False
    transversal: bool = False
    """The imported taxonomy marks its concept transversal (ESCO ``reuseLevel``)."""


@dataclass(frozen=True)
class ExperiencePeriod:
    """A dated stretch of a CV: a role line with its start and end (years as decimals).

    ``context`` is the role line and the lines under it up to the next dated line.
    """

    title: str
    line: str
    start: float
    end: float
    context: str = ""

    @property
    def years(self) -> float:
        """Length in years, never negative."""
        return max(0.0, self.end - self.start)


@dataclass(frozen=True)
class CvFacts:
    """What a CV states, extracted deterministically.

    ``total_years`` counts overlapping periods once; ``stated_years`` are explicit phrases
    ("10 years of experience", "2 ans") as (years, line). ``education_level`` 0 none found,
    1 bachelor, 2 master, 3 doctorate. ``languages`` are English language names.
    """

    periods: tuple[ExperiencePeriod, ...]
    total_years: float
    stated_years: tuple[tuple[float, str], ...] = ()
    education_level: int = 0
    languages: tuple[str, ...] = ()
    concepts: tuple[ConceptMention, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """One requirement checked against one CV.

    ``cv_span`` is the CV line that supports it (empty when missing), ``start``/``end`` its
    character offsets in the CV text (-1 when none). ``lexical`` is the weighted share of the
    requirement's words found on that line, ``dense`` the embedding similarity of the best line
    (0 when not computed), ``found_years`` / ``required_years`` for experience requirements.
    ``value`` is the 0–1 credit the requirement gives to coverage.
    """

    requirement: Requirement
    status: EvidenceStatus
    value: float
    cv_span: str = ""
    start: int = -1
    end: int = -1
    lexical: float = 0.0
    dense: float = 0.0
    found_years: float | None = None
    required_years: float | None = None
    note: str = ""


@dataclass(frozen=True)
class TrainedModel:
    """A model in the trained-model registry: ``<name>@v<version>`` saved in ``path``."""

    name: str
    version: int
    path: str
    kind: str
    base_model: str
    created: str
    metrics: tuple[tuple[str, float], ...] = ()

    @property
    def model_ref(self) -> str:
        """``name@vN``, what ``--model`` accepts."""
        return f"{self.name}@v{self.version}"


@dataclass(frozen=True)
class OccupationEntry:
    """One occupation of the recommender's index: ids, ISCO group, labels and skills.

    ``labels`` holds every label (preferred first) per language; ``essential_skills`` the skill
    labels (English) the taxonomy relates to it, empty when it has no relations.
    """

    uri: str
    code: str
    isco_group: str
    preferred: tuple[LocalisedText, ...]
    alternatives: tuple[LocalisedText, ...] = ()
    descriptions: tuple[LocalisedText, ...] = ()
    essential_skills: tuple[str, ...] = ()

    def label(self, language: str = "en") -> str:
        """The preferred label in ``language`` (English, then any, when missing)."""
        for wanted in (language, "en"):
            for item in self.preferred:
                if item.language == wanted:
                    return item.text
        return self.preferred[0].text if self.preferred else self.uri
