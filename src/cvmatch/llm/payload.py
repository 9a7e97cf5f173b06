"""The JSON fields the LLM step adds to rankings and matches (additive; docs/output.md)."""

from typing import Any

from cvmatch.llm.config import LlmConfig
from cvmatch.llm.prompt import PROMPT_VERSION
from cvmatch.llm.results import Review

FUSED_SCALE = (
    "0-100: (1 - weight) * score + weight * llm fit, weight at most 0.5; equals score when the "
    "LLM gave no valid answer, and is never above score for a CV flagged prompt_injection"
)


def run_to_dict(config: LlmConfig, reviewed: int, degraded: bool) -> dict[str, Any]:
    """The run's ``llm`` block: model, prompt version, weight, K (no timings: reruns match)."""
    return {
        "model": config.model,
        "prompt_version": PROMPT_VERSION,
        "weight": config.weight,
        "top_k": config.top_k,
        "reviewed": reviewed,
        "degraded": degraded,
        "fused_scale": FUSED_SCALE,
    }


def review_to_dict(review: Review) -> dict[str, Any]:
    """One candidate's review: status, fit, verdicts with cited CV lines, summary, flags, usage."""
    return {
        "status": review.status.value,
        "fit": review.fit,
        "fused_score": review.fused_score,
        "requirements": [
            {
                "text": v.requirement,
                "verdict": v.verdict,
                "cv_lines": list(v.line_ids),
                "cv_text": list(v.lines),
            }
            for v in review.verdicts
        ],
        "summary": review.summary,
        "flags": [f.value for f in review.flags],
        "usage": {
            "prompt_tokens": review.prompt_tokens,
            "completion_tokens": review.completion_tokens,
            "cost": review.cost,
        },
    }
