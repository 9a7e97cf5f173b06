"""Re-read candidates through the LLM: prompt → cache or request → validate (one retry) → fuse.

The trust rules live here in order: the cache answers first (no request); a fresh answer must
pass :func:`cvmatch.llm.validate.validate_answer` or it is asked for once more, then dropped
(the deterministic score stands, flagged); the first endpoint failure stops the run's requests
and every candidate falls back to its deterministic score (``degraded``), with a warning.
"""

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from cvmatch.llm.cache import AnswerCache, cache_key
from cvmatch.llm.client import ChatClient, Completion, LlmUnavailableError
from cvmatch.llm.config import LlmConfig
from cvmatch.llm.fusion import fused_score
from cvmatch.llm.injection import is_instruction
from cvmatch.llm.prompt import PROMPT_VERSION, Prompt, build_prompt, retry_messages
from cvmatch.llm.results import Review, ReviewFlag, ReviewStatus, RunStats, Verdict
from cvmatch.llm.schema import Answer
from cvmatch.llm.validate import validate_answer
from cvmatch.types import Document, Match

logger = logging.getLogger(__name__)

Pair = tuple[Document, Document, Match]
"""(job, CV, cvmatch's match of the two)."""


@dataclass(frozen=True)
class ReviewRun:
    """Reviews in the order asked, the run's stats, and whether the endpoint failed."""

    reviews: tuple[Review, ...]
    stats: RunStats
    degraded: bool


class Reviewer:
    """Reviews pairs with one endpoint and one on-disk cache."""

    def __init__(self, config: LlmConfig, client: ChatClient | None = None) -> None:
        self.config = config
        self._client = client or ChatClient(config)
        self._cache = AnswerCache(config.cache_dir, config.use_cache)

    def review(self, pairs: Sequence[Pair]) -> ReviewRun:
        """One review per pair; never raises for the endpoint's failures."""
        started = time.perf_counter()
        stats = RunStats()
        reviews: list[Review] = []
        degraded = False
        for job, cv, match in pairs:
            prompt = build_prompt(job, cv, match, candidate_id(cv), redact=self.config.redact)
            injection = prompt.injection or is_instruction(cv.hidden_text)
            try:
                reviews.append(self._one(prompt, match, injection, stats))
            except LlmUnavailableError as error:
                warning = f"LLM step skipped, deterministic ranking kept: {error}"
                logger.warning(warning)
                stats.warnings.append(warning)
                degraded = True
                break
        if degraded:
            reviews = [_fallback(match, cv) for _, cv, match in pairs]
        stats.reviewed = sum(r.status is ReviewStatus.OK for r in reviews)
        stats.seconds = time.perf_counter() - started
        return ReviewRun(tuple(reviews), stats, degraded)

    def _one(self, prompt: Prompt, match: Match, injection: bool, stats: RunStats) -> Review:
        key = cache_key(self.config.model, PROMPT_VERSION, prompt.job_hash, prompt.cv_hash)
        cached = self._cache.get(key)
        if cached is not None:
            stats.cache_hits += 1
            stored, usage, retried = cached
            return self._accepted(prompt, match, injection, stored, usage, retried=retried)
        flags: list[ReviewFlag] = []
        completion = self._ask(prompt.messages, stats)
        answer, problems = validate_answer(completion.text, prompt)
        if answer is None:
            logger.info("invalid LLM answer for %s (%s): retrying once", match.cv_id, problems)
            flags.append(ReviewFlag.RETRIED)
            completion = self._ask(retry_messages(prompt, completion.text, problems), stats)
            answer, problems = validate_answer(completion.text, prompt)
        if answer is None:
            stats.warnings.append(f"{match.cv_id}: invalid LLM answer twice ({problems[0]})")
            flags = [ReviewFlag.INVALID_ANSWER]
            if injection:
                flags.insert(0, ReviewFlag.PROMPT_INJECTION)
            return Review(
                match.job_id, match.cv_id, ReviewStatus.INVALID, match.score, match.score,
                flags=tuple(flags),
            )  # fmt: skip
        retried = bool(flags)
        self._cache.put(key, answer, completion, retried)
        return self._accepted(prompt, match, injection, answer, completion, retried=retried)

    def _ask(self, messages: tuple[dict[str, str], ...], stats: RunStats) -> Completion:
        stats.requests += 1
        completion = self._client.complete(messages)
        stats.prompt_tokens += completion.prompt_tokens
        stats.completion_tokens += completion.completion_tokens
        stats.add_cost(completion.cost)
        return completion

    def _accepted(
        self,
        prompt: Prompt,
        match: Match,
        injection: bool,
        answer: Answer,
        usage: Completion,
        *,
        retried: bool = False,
    ) -> Review:
        verdicts = tuple(
            Verdict(
                requirement=prompt.requirements[item.id],
                verdict=item.verdict,
                line_ids=tuple(item.lines),
                lines=tuple(prompt.lines[line] for line in item.lines),
            )
            for item in sorted(answer.requirements, key=lambda v: int(v.id[1:]))
        )
        weight = self.config.weight
        return Review(
            job_id=match.job_id,
            cv_id=match.cv_id,
            status=ReviewStatus.OK,
            score=match.score,
            fused_score=fused_score(match.score, answer.fit, weight, injection=injection),
            fit=answer.fit,
            verdicts=verdicts,
            summary=answer.summary,
            flags=_flags(injection=injection, retried=retried),
            prompt_tokens=usage.prompt_tokens,
            completion_tokens=usage.completion_tokens,
            cost=usage.cost,
        )


def candidate_id(cv: Document) -> str:
    """An opaque, stable id for a CV (never its file name, which may hold the person's name)."""
    digest = hashlib.sha256((cv.content_hash or cv.text).encode("utf-8")).hexdigest()
    return f"C{digest[:10]}"


def _flags(*, injection: bool, retried: bool) -> tuple[ReviewFlag, ...]:
    flags = [ReviewFlag.PROMPT_INJECTION] if injection else []
    return (*flags, ReviewFlag.RETRIED) if retried else tuple(flags)


def _fallback(match: Match, cv: Document) -> Review:
    flags = [ReviewFlag.UNAVAILABLE]
    if is_instruction(cv.text) or is_instruction(cv.hidden_text):
        flags.insert(0, ReviewFlag.PROMPT_INJECTION)
    return Review(
        match.job_id,
        match.cv_id,
        ReviewStatus.UNAVAILABLE,
        match.score,
        match.score,
        flags=tuple(flags),
    )
