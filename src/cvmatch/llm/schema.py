"""The strict answer schema the LLM must return for one candidate (validated with pydantic)."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["met", "partial", "missing"]


class RequirementVerdict(BaseModel):
    """The LLM's verdict on one job requirement, citing the CV line ids that support it."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: str = Field(description="The requirement id as sent (R1, R2, ...).")
    verdict: Verdict
    lines: list[str] = Field(description="CV line ids (L1, L2, ...) that support the verdict.")


class Answer(BaseModel):
    """One candidate's review: a 0–100 fit, a verdict per requirement and a short summary."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    candidate_id: str = Field(description="The candidate id as sent.")
    fit: int = Field(ge=0, le=100, description="How well the CV fits the job, 0-100.")
    requirements: list[RequirementVerdict]
    summary: str = Field(max_length=600, description="Two sentences at most.")


def response_format() -> dict[str, object]:
    """The ``response_format`` asking OpenAI-compatible servers for this schema."""
    return {
        "type": "json_schema",
        "json_schema": {"name": "cvmatch_review", "strict": True, "schema": _schema()},
    }


def _schema() -> dict[str, object]:
    return Answer.model_json_schema()
