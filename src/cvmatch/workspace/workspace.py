"""The recruiter facade: one object the HTTP service (and scripts) call for everything.

>>> ws = Workspace.open("recruit.db")  # doctest: +SKIP
>>> job = ws.create_job(user, "Cassandra DBA", text)  # doctest: +SKIP
>>> ws.add_cvs(user, job.id, [("ethan.pdf", pdf_bytes)])  # doctest: +SKIP
>>> ws.rank(job.id).items[0].candidate.name  # doctest: +SKIP
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Self

from cvmatch.engine import Engine
from cvmatch.occupations.records import OccupationRecommendation
from cvmatch.settings import Settings, get_settings
from cvmatch.store import open_database
from cvmatch.types import DocumentKind, Match
from cvmatch.workspace import (
    audit_reports,
    audit_trail,
    categories,
    erasure,
    feedback,
    job_settings,
    jobs,
    learning,
    occupations,
    ranking,
    reveal,
    uploads,
    users,
    views,
)
from cvmatch.workspace.categories import ReportedVia
from cvmatch.workspace.context import Context
from cvmatch.workspace.erasure import ErasureReport
from cvmatch.workspace.files import parse_upload
from cvmatch.workspace.records import (
    Decision,
    FeedbackEvent,
    JobRecord,
    JobSettings,
    Learning,
    RankedCandidate,
    RankPage,
    RowPage,
    UploadOutcome,
    User,
)
from cvmatch.workspace.reveal import Original


class Workspace:
    """Jobs, candidates, rankings, stars and decisions over a store and an :class:`Engine`."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        settings: Settings | None = None,
        engine: Engine | None = None,
    ) -> Self:
        """Open (and migrate) the store at ``db`` (``Settings.db`` by default)."""
        settings = settings or get_settings()
        database = open_database(db or settings.db)
        return cls(Context(database, engine or Engine(settings, redact=settings.blind), settings))

    def close(self) -> None:
        """Release the database connections."""
        self.ctx.db.close()

    # ---- users ------------------------------------------------------------------------
    def add_user(self, name: str) -> str:
        """Create a user (or a new token for one); return the token (stored hashed)."""
        return users.add_user(self.ctx, name)

    def authenticate(self, token: str | None) -> User:
        """The user holding ``token``."""
        return users.authenticate(self.ctx, token)

    # ---- jobs and CVs -----------------------------------------------------------------
    def create_job(self, user: User | None, title: str, text: str) -> JobRecord:
        """Create a job from text."""
        return jobs.create_job(self.ctx, user, title, text)

    def create_job_from_file(
        self, user: User | None, title: str, filename: str, content: bytes
    ) -> JobRecord:
        """Create a job from a file."""
        return jobs.create_job_from_file(self.ctx, user, title, filename, content)

    def job(self, job_id: int) -> JobRecord:
        """One job."""
        return jobs.get_job(self.ctx, job_id)

    def jobs(self) -> list[JobRecord]:
        """Every job, newest first."""
        return jobs.list_jobs(self.ctx)

    def add_cvs(
        self, user: User | None, job_id: int, files: Sequence[uploads.UploadFile]
    ) -> list[UploadOutcome]:
        """Store CVs (deduplicated by content hash) and attach them to a job."""
        return uploads.add_cvs(self.ctx, user, job_id, files)

    # ---- ranking ----------------------------------------------------------------------
    def rank(self, job_id: int, offset: int = 0, limit: int = 50) -> RankPage:
        """A page of the job's candidates, best first, re-ranked by stars if any."""
        return ranking.rank_page(self.ctx, job_id, offset, limit)

    def rank_rows(self, job_id: int, offset: int = 0, limit: int = 50) -> RowPage:
        """A page of compact rows (no evidence), in the order of :meth:`rank`."""
        return ranking.rank_rows(self.ctx, job_id, offset, limit)

    def ranked(self, job_id: int, user: User | None = None, fmt: str = "") -> RankPage:
        """Every candidate of the job in order; logged as an export when ``user`` is given."""
        page = ranking.all_ranked(self.ctx, job_id)
        if user is not None:
            audit_trail.log_export(self.ctx, user, job_id, fmt, (i.match for i in page.items))
        return page

    def candidate(self, job_id: int, candidate_id: int) -> RankedCandidate:
        """One candidate of a job with rank, match and evidence."""
        return ranking.candidate(self.ctx, job_id, candidate_id)

    def score_file(self, job_id: int, filename: str, content: bytes) -> Match:
        """Score an uploaded CV against a job without storing it."""
        cv = parse_upload(self.ctx, filename, content, DocumentKind.CV)
        return self.ctx.engine.score(jobs.job_document(self.ctx, job_id), cv)

    # ---- feedback ---------------------------------------------------------------------
    def star(self, user: User | None, job_id: int, candidate_id: int) -> tuple[int, ...]:
        """Star a candidate (max ``Settings.max_stars`` per job)."""
        return feedback.star(self.ctx, user, job_id, candidate_id)

    def unstar(self, user: User | None, job_id: int, candidate_id: int) -> tuple[int, ...]:
        """Remove a star."""
        return feedback.unstar(self.ctx, user, job_id, candidate_id)

    def reset_stars(self, user: User | None, job_id: int) -> None:
        """Remove every star of a job."""
        feedback.reset_stars(self.ctx, user, job_id)

    def decide(
        self, user: User | None, job_id: int, candidate_id: int, decision: Decision, note: str = ""
    ) -> None:
        """Shortlist, reject or annotate a candidate."""
        feedback.decide(self.ctx, user, job_id, candidate_id, decision, note)

    def learning(self, job_id: int) -> Learning:
        """Whether the job learns from its decisions, and whether its ranking uses them yet."""
        return views.job_view(self.ctx, job_id).learning

    def set_learning(self, user: User | None, job_id: int, enabled: bool) -> None:
        """Opt the job in to (or out of) ranking with weights learned from its decisions."""
        learning.enable(self.ctx, user, job_id, enabled)

    def reset_learning(self, user: User | None, job_id: int) -> None:
        """Back to the plain ranking; only later decisions teach the learner."""
        learning.reset(self.ctx, user, job_id)

    def settings(self, job_id: int) -> JobSettings:
        """The job's scoring settings: trained stages and the LLM switch."""
        return job_settings.job_settings(self.ctx, job_id)

    def set_settings(self, user: User | None, job_id: int, settings: JobSettings) -> JobSettings:
        """Check and store the job's scoring settings; its ranking uses them from the next page."""
        return job_settings.save_job_settings(self.ctx, user, job_id, settings)

    def feedback_events(self, job_id: int | None = None) -> list[FeedbackEvent]:
        """Stars and decisions as training events."""
        return feedback.feedback_events(self.ctx, job_id)

    def audit_log(self, job_id: int | None = None) -> list[dict[str, object]]:
        """Who did what, when."""
        return feedback.audit_log(self.ctx, job_id)

    def export_audit(self, user: User | None, job_id: int | None, fmt: str) -> str:
        """The audit trail as JSON lines or CSV (the export is logged too)."""
        return audit_trail.export_audit(self.ctx, user, job_id, fmt)

    # ---- audits and data-subject requests (issue 22, docs/audit.md) ----------------------
    def record_categories(
        self,
        user: User | None,
        candidate_id: int,
        reported: Mapping[str, str | None],
        via: ReportedVia,
    ) -> dict[str, str]:
        """Store what a candidate reported about their sex and race/ethnicity."""
        return categories.record(self.ctx, user, candidate_id, reported, via)

    def import_categories(self, user: User | None, text: str, via: ReportedVia) -> int:
        """Store self-reported categories from a CSV ``candidate_id,sex,race_ethnicity``."""
        return categories.import_csv(self.ctx, user, text, via)

    def categories(self, candidate_id: int) -> dict[str, str]:
        """What a candidate reported (answered questions only)."""
        return categories.categories(self.ctx, candidate_id)

    def bias_report(self, user: User | None, job_id: int, min_count: int = 5) -> dict[str, Any]:
        """The job's bias-audit table by self-reported category (logged as an export)."""
        return audit_reports.bias_report(self.ctx, user, job_id, min_count)

    def bias_report_page(self, user: User | None, job_id: int, min_count: int = 5) -> str:
        """:meth:`bias_report` as one HTML page in the Local Law 144 layout."""
        return audit_reports.bias_report_page(self.ctx, user, job_id, min_count)

    def pool_report(self, user: User | None, job_id: int) -> str:
        """The job's candidate-pool report, one HTML page (logged as an export)."""
        return audit_reports.pool_report(self.ctx, user, job_id)

    def reveal(self, user: User | None, job_id: int, candidate_id: int) -> Original:
        """The candidate's original file (after a decision when screening blind), logged."""
        return reveal.reveal(self.ctx, user, job_id, candidate_id)

    def delete_candidate(
        self, user: User | None, candidate_id: int, reference: str = ""
    ) -> ErasureReport:
        """Delete every trace of a candidate (rows, cached vectors, index entry), logged."""
        return erasure.delete_candidate(self.ctx, user, candidate_id, reference)

    def recommend_occupations(self, candidate_id: int, top: int = 10) -> OccupationRecommendation:
        """The ESCO occupations a stored candidate's CV fits best (docs/recommend.md)."""
        return occupations.recommend(self.ctx, candidate_id, top)
