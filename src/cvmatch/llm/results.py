"""What the LLM step returns: a review per candidate and the run's cost."""

from dataclasses import dataclass, field
from enum import StrEnum


class ReviewStatus(StrEnum):
    """How a candidate's review ended."""

    OK = "ok"  # a valid answer (fresh or from the cache: the output is the same)
    INVALID = "invalid"  # still invalid after one retry: the deterministic score stands
    UNAVAILABLE = "unavailable"  # the endpoint failed (timeout, 429, 5xx): deterministic result


class ReviewFlag(StrEnum):
    """Something to know about a review."""

    PROMPT_INJECTION = "prompt_injection"  # instruction-like CV text: withheld, cannot raise
    INVALID_ANSWER = "llm_invalid_answer"  # ids or schema wrong twice
    UNAVAILABLE = "llm_unavailable"
    RETRIED = "llm_retried"  # the first answer was invalid, the retry was not


@dataclass(frozen=True)
class Verdict:
    """The LLM's verdict on one job requirement and the CV lines it cites (ids and text)."""

    requirement: str
    verdict: str
    line_ids: tuple[str, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Review:
    """One candidate re-read by the LLM.

    ``score`` is cvmatch's calibrated score (0–100); ``fit`` the LLM's (0–100, None when no
    valid answer); ``fused_score`` = (1 − weight) · score + weight · fit, never above ``score``
    when ``prompt_injection`` is flagged, and equal to ``score`` when there is no valid answer.
    """

    job_id: str
    cv_id: str
    status: ReviewStatus
    score: float
    fused_score: float
    fit: int | None = None
    verdicts: tuple[Verdict, ...] = ()
    summary: str = ""
    flags: tuple[ReviewFlag, ...] = ()
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None


@dataclass
class RunStats:
    """Requests, cache hits, tokens, cost and time of one run (shown on stderr)."""

    reviewed: int = 0
    requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def add_cost(self, cost: float | None) -> None:
        """Sum the costs the server reported (None while it reported none)."""
        if cost is not None:
            self.cost = (self.cost or 0.0) + cost

    def line(self) -> str:
        """One human line: ``llm: 5 reviewed, 3 requests, 2 cached, 812+240 tokens, 1.2 s``."""
        cost = f"cost {self.cost:.4f}" if self.cost is not None else "cost not reported"
        return (
            f"llm: {self.reviewed} reviewed, {self.requests} requests, {self.cache_hits} cached, "
            f"{self.prompt_tokens}+{self.completion_tokens} tokens, {self.seconds:.2f} s, {cost}"
        )
