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
        "unsupported_language"  # outside EN/FR/DE/ES (still scored, multilingual)
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
    ``lexical``: weighted share of the job's key terms found in the CV.
    """

    dense: float
    dense_raw: float
    lexical: float
    dense_model: str


@dataclass(frozen=True)
class Match:
    """One job–CV pair.

    ``score`` is 0–100: the weighted mean of the signals times 100 (see ``docs/scoring.md``).
    It ranks candidates and is stable for the same input; it is not a probability.
    """

    job_id: str
    cv_id: str
    score: float
    signals: Signals
    reasons: tuple[str, ...] = ()
    matched_terms: tuple[str, ...] = ()
    missing_terms: tuple[str, ...] = ()
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """Matches for one query document, best first (ties broken by the other side's id)."""

    query_id: str
    query_kind: DocumentKind
    matches: tuple[Match, ...] = field(default_factory=tuple)


# ---- training (issue 5) ----------------------------------------------------------------------
@dataclass(frozen=True)
class TrainingPair:
    """One training example: a query (job side) and a document (CV side) with a label.

    ``group`` keeps related pairs on one side of a split (an occupation, a job); ``negative`` is an
    optional hard negative document; ``origin`` says where the pair came from (``file:line``).
    """

    query: str
    document: str
    label: float = 1.0
    group: str = ""
    negative: str | None = None
    origin: str = ""


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
