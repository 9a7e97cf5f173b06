"""Bodies of a job's scoring settings and of what they add to a ranking page (pydantic).

``PUT /api/jobs/{id}/settings`` takes :class:`JobSettingsIn`; pages carry the settings, each
row's trained-stage effects (:class:`StageOut`, the CLI's ``stages`` entries), the LLM run
(:class:`LlmRunOut`) and a large pool's ANN first stage (:class:`AnnOut`).
"""

from pydantic import BaseModel, Field

from cvmatch.engine import Stages
from cvmatch.workspace.records import JobSettings

_MODEL = Field(
    default=None,
    max_length=500,
    description="A trained model as `cvmatch models` lists it (`name@vN` or `name`); null: off.",
)


class JobSettingsIn(BaseModel):
    """A job's scoring settings; every field optional (omitted: off / the default)."""

    rerank_model: str | None = _MODEL
    rerank_top: int | None = Field(
        default=None, ge=1, le=100_000, description="Candidates the cross-encoder re-reads (50)."
    )
    ranker_model: str | None = _MODEL
    llm: bool = Field(default=False, description="Re-read the top through the LLM endpoint.")
    llm_top: int | None = Field(
        default=None, ge=1, le=1000, description="Candidates the LLM re-reads (CVMATCH_LLM_TOP_K)."
    )

    def to_settings(self) -> JobSettings:
        """The workspace's :class:`JobSettings`."""
        return JobSettings(**self.model_dump())


class JobSettingsOut(BaseModel):
    """A job's scoring settings, with the tops that apply."""

    rerank_model: str | None
    rerank_top: int = Field(description="Candidates the cross-encoder re-reads.")
    ranker_model: str | None
    llm: bool
    llm_top: int = Field(description="Candidates the LLM re-reads.")

    @classmethod
    def of(cls, settings: JobSettings, default_llm_top: int) -> "JobSettingsOut":
        """From the workspace's :class:`JobSettings` (unset tops shown as their defaults)."""
        return cls(
            rerank_model=settings.rerank_model,
            rerank_top=settings.rerank_top or Stages().rerank_top,  # --rerank-top's default
            ranker_model=settings.ranker_model,
            llm=settings.llm,
            llm_top=settings.llm_top or default_llm_top,
        )


class StageOut(BaseModel):
    """How one trained stage moved a candidate (the CLI's ``stages`` entry, docs/output.md)."""

    model: str
    kind: str
    raw: float
    score_before: float
    score_after: float
    rank_before: int
    rank_after: int
    calibration: str


class LlmRunOut(BaseModel):
    """How the LLM step went for the list (the job's LLM switch is on)."""

    model: str
    reviewed: int
    degraded: bool = Field(
        description="The endpoint failed or is not configured: the list is the deterministic one."
    )
    warnings: list[str]


class AnnOut(BaseModel):
    """A large pool's first stage: which candidates the ANN index sent to the full score."""

    pool: int = Field(description="Candidates attached to the job.")
    candidates: int = Field(description="ANN hits fully scored per pass (CVMATCH_ANN_CANDIDATES).")
    index_tier: str
