"""Check an answer against the schema and against what was sent (ids must exist)."""

import re

from pydantic import ValidationError

from cvmatch.llm.prompt import Prompt
from cvmatch.llm.schema import Answer

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
MAX_SENTENCES = 2


def validate_answer(text: str, prompt: Prompt) -> tuple[Answer | None, list[str]]:
    """The answer when valid, else None and the problems found (for the retry message)."""
    try:
        answer = Answer.model_validate_json(_strip_fence(text))
    except ValidationError as error:
        problems = [
            f"{'.'.join(map(str, e['loc'])) or 'answer'}: {e['msg']}" for e in error.errors()
        ]
        return None, problems[:10]
    problems = _id_problems(answer, prompt)
    if len(_SENTENCE_END.findall(answer.summary.strip())) > MAX_SENTENCES:
        problems.append("summary: more than two sentences")
    return (None, problems) if problems else (answer, [])


def _id_problems(answer: Answer, prompt: Prompt) -> list[str]:
    problems = []
    if answer.candidate_id != prompt.candidate_id:
        problems.append(f"candidate_id {answer.candidate_id!r} is not {prompt.candidate_id!r}")
    seen = [item.id for item in answer.requirements]
    unknown = sorted(set(seen) - set(prompt.requirements))
    if unknown:
        problems.append(f"unknown requirement ids {unknown}")
    absent = [rid for rid in prompt.requirements if rid not in seen]
    if absent or len(seen) != len(set(seen)):
        problems.append(f"give exactly one verdict per requirement (missing {absent})")
    for item in answer.requirements:
        bad = [line for line in item.lines if line not in prompt.lines]
        if bad:
            problems.append(f"{item.id}: unknown line ids {bad}")
        if item.verdict != "missing" and not item.lines:
            problems.append(f"{item.id}: {item.verdict} cites no line")
    return problems


def _strip_fence(text: str) -> str:
    """Models often wrap JSON in a ```json fence; the content is what counts."""
    stripped = text.strip()
    if stripped.startswith("```"):
        stripped = stripped.split("\n", 1)[1] if "\n" in stripped else ""
        stripped = stripped.removesuffix("```").strip()
    return stripped
