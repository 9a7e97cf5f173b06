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


# ---- evaluation (issue 3) ------------------------------------------------------------------
@dataclass(frozen=True)
class MetricEstimate:
    """A metric's observed value and its bootstrap confidence interval (95% unless stated)."""

    mean: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class MethodEvaluation:
    """One method's metrics on one task.

    Attributes:
        method: The method name as given (encoder name, model folder or ``hybrid``).
        metrics: Metric name → estimate, in a stable order.
        model_ids: What exactly scored (model ids of the encoders behind the method).
        seconds: Wall time of scoring and evaluating.
        notes: Facts a reader needs (skipped queries, metrics left out and why).
    """

    method: str
    metrics: dict[str, MetricEstimate]
    model_ids: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    notes: tuple[str, ...] = ()


# ---- recruiter workspace (issue 6: store, service) ----------------------------------------
class Decision(StrEnum):
    """What a recruiter decided about a candidate for a job (``note`` only annotates)."""

    SHORTLIST = "shortlist"
    REJECT = "reject"
    NOTE = "note"


@dataclass(frozen=True)
class User:
    """Someone holding an API token."""

    id: int
    name: str


@dataclass(frozen=True)
class JobRecord:
    """A stored job."""

    id: int
    title: str
    text: str
    language: str
    created_at: str
    candidates: int = 0


@dataclass(frozen=True)
class CandidateRecord:
    """A stored candidate (one CV file, stored once per content hash)."""

    id: int
    name: str
    filename: str
    language: str
    content_hash: str
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class UploadOutcome:
    """What happened to one uploaded file: stored, found as a duplicate, or refused (``error``)."""

    filename: str
    candidate_id: int | None = None
    duplicate: bool = False
    """The same file (same sha256) was already stored: the stored candidate is reused."""
    linked: bool = False
    """The candidate was newly attached to the job (``False`` when it already was)."""
    error: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class RankedCandidate:
    """One row of a job's (re-)ranked list.

    ``score`` is what the list is ordered by: the job match, or the star blend when stars exist
    (``match.score`` always keeps the job match alone).
    """

    rank: int
    score: float
    candidate: CandidateRecord
    match: Match
    starred: bool = False
    star_similarity: float | None = None
    decision: Decision | None = None


@dataclass(frozen=True)
class RankPage:
    """A page of a job's ranked candidates."""

    job_id: int
    total: int
    offset: int
    limit: int
    stars: tuple[int, ...]
    star_weight: float
    items: tuple[RankedCandidate, ...]


@dataclass(frozen=True)
class FeedbackEvent:
    """A star, unstar or decision as logged for ranker training (see ``docs/service.md``)."""

    at: str
    user: str | None
    action: str
    job_id: int
    candidate_id: int | None
    job_score: float | None
    detail: dict[str, str]
