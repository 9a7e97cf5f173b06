"""Request and response bodies of the audit routes: self-reported categories and deletion."""

from pydantic import BaseModel, Field

from cvmatch.workspace.categories import ReportedVia
from cvmatch.workspace.erasure import ErasureReport

_CATEGORY = Field(
    default=None, max_length=64, description="As the candidate reported it; empty: not reported."
)


class CategoriesIn(BaseModel):
    """A candidate's own answers to the employer's voluntary questions (never inferred)."""

    sex: str | None = _CATEGORY
    race_ethnicity: str | None = _CATEGORY
    reported_via: ReportedVia = Field(
        default=ReportedVia.CANDIDATE,
        description="`candidate`: entered by the candidate; `recruiter`: copied from their form.",
    )


class CategoriesOut(BaseModel):
    """What a candidate reported (``null``: not reported)."""

    candidate_id: int
    sex: str | None = None
    race_ethnicity: str | None = None

    @classmethod
    def of(cls, candidate_id: int, reported: dict[str, str]) -> "CategoriesOut":
        """Build from :meth:`cvmatch.workspace.Workspace.categories`."""
        return cls(candidate_id=candidate_id, **reported)


class ImportOut(BaseModel):
    """How many candidates' answers a CSV import stored."""

    imported: int


class ErasureOut(BaseModel):
    """What deleting a candidate removed (counts: the content itself is gone)."""

    jobs: list[int]
    rows: dict[str, int] = Field(description="Table → rows deleted (`audit`: entries unlinked).")
    cache_entries: int = Field(description="Cached vectors deleted.")
    index_entries: int = Field(description="ANN index entries deleted.")

    @classmethod
    def of(cls, report: ErasureReport) -> "ErasureOut":
        """Build from :class:`~cvmatch.workspace.erasure.ErasureReport`."""
        return cls(
            jobs=list(report.jobs),
            rows=report.rows,
            cache_entries=report.cache_entries,
            index_entries=report.index_entries,
        )
