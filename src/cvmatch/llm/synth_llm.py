"""Synthetic pairs written by the configured endpoint, checked, cached, with template fallback.

Per occupation the model gets the title, definition, years and skills of the job
(:class:`~cvmatch.llm.synth_templates.Spec`) and writes the ad, a matching CV and the two near
misses. An answer is kept only when it follows :class:`SynthAnswer` and the near misses are
near misses: the removed skill is absent from ``cv_missing_skill`` but named in ``cv_match``.
Otherwise (and when the endpoint fails) the offline templates write that occupation's pairs.
Answers are cached by (model, prompt version, spec hash) like reviews.
"""

import hashlib
import json
import random

from pydantic import BaseModel, ConfigDict, ValidationError

from cvmatch.llm.cache import cache_key
from cvmatch.llm.client import ChatClient, LlmUnavailableError
from cvmatch.llm.config import LlmConfig
from cvmatch.llm.synth_templates import REQUIRED, Spec, SynthPair, cv_text, pairs_for

SYNTH_PROMPT_VERSION = "cvmatch-synth/1"
SYSTEM = """You write realistic but fictional recruiting data. Answer with one JSON object:
{"job": <a job ad>, "cv_match": <a CV that meets every requirement>,
 "cv_missing_skill": <the same person's CV without the skill named as removed>,
 "cv_missing_years": <the same CV with far fewer years of experience than asked>}
Use plain text, no real names, emails or phone numbers."""


class SynthAnswer(BaseModel):
    """The four texts one occupation's answer must hold."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    job: str
    cv_match: str
    cv_missing_skill: str
    cv_missing_years: str


class LlmSynth:
    """Pairs through the endpoint; counts how many fell back to templates."""

    def __init__(self, config: LlmConfig) -> None:
        self._config = config
        self._client = ChatClient(config)
        self._folder = config.cache_dir / "synth"
        self.requests = 0
        self.fallbacks = 0
        self.unavailable = False

    def pairs(self, spec: Spec, other: Spec, rng: random.Random) -> list[SynthPair]:
        """The four pairs of ``spec`` (templates when no valid answer is had)."""
        removed = spec.skills[rng.randrange(REQUIRED)]
        answer = None if self.unavailable else self._answer(spec, removed)
        if answer is None:
            self.fallbacks += 1
            return pairs_for(spec, other, rng)
        other_cv = cv_text(other.title, other.skills, other.years + 1, rng)
        rows = [
            (answer.cv_match, 1, "match"),
            (answer.cv_missing_skill, 0, "missing_skill"),
            (answer.cv_missing_years, 0, "missing_years"),
            (other_cv, 0, "other"),
        ]
        return [SynthPair(answer.job, cv, label, spec.uri, kind) for cv, label, kind in rows]

    def _answer(self, spec: Spec, removed: str) -> SynthAnswer | None:
        request = {
            "title": spec.title,
            "definition": spec.definition,
            "years": spec.years,
            "required_skills": list(spec.skills[:REQUIRED]),
            "nice_to_have": list(spec.skills[REQUIRED:]),
            "removed_skill": removed,
        }
        text = json.dumps(request, sort_keys=True)
        spec_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
        path = (
            self._folder
            / f"{cache_key(self._config.model, SYNTH_PROMPT_VERSION, spec_hash, '')}.json"
        )
        if self._config.use_cache and path.is_file():
            return SynthAnswer.model_validate_json(path.read_text(encoding="utf-8"))
        messages = ({"role": "system", "content": SYSTEM}, {"role": "user", "content": text})
        try:
            self.requests += 1
            completion = self._client.complete(messages, schema={"type": "json_object"})
        except LlmUnavailableError:
            self.unavailable = True
            return None
        answer = _valid(completion.text, removed)
        if answer is not None and self._config.use_cache:
            self._folder.mkdir(parents=True, exist_ok=True)
            path.write_text(answer.model_dump_json(), encoding="utf-8")
        return answer


def _valid(text: str, removed: str) -> SynthAnswer | None:
    try:
        answer = SynthAnswer.model_validate_json(text)
    except ValidationError:
        return None
    skill = removed.lower()
    if skill in answer.cv_missing_skill.lower() or skill not in answer.cv_match.lower():
        return None
    return answer
