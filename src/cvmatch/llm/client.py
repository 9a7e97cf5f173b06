"""A thin client over ``openai`` for any OpenAI-compatible chat-completions endpoint.

Temperature 0 and a fixed seed on every request; no automatic retries (a rate limit or a
timeout makes the run fall back at once, rather than stall K times). Any transport or server
failure is one :class:`LlmUnavailableError`.
"""

import time
from dataclasses import dataclass
from typing import cast

import openai
from openai.types.chat import ChatCompletionMessageParam
from openai.types.shared_params import ResponseFormatJSONSchema

from cvmatch.llm.config import LlmConfig
from cvmatch.llm.schema import response_format


class LlmUnavailableError(Exception):
    """The endpoint did not answer (timeout, rate limit, server or connection error)."""


@dataclass(frozen=True)
class Completion:
    """One answer's text, token counts, cost (when the server reports one) and wall time."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    cost: float | None
    seconds: float


class ChatClient:
    """Chat completions through ``openai.OpenAI(base_url=…)``; built lazily, no I/O here."""

    def __init__(self, config: LlmConfig) -> None:
        self._config = config
        self._client: openai.OpenAI | None = None

    def complete(
        self, messages: tuple[dict[str, str], ...], schema: dict[str, object] | None = None
    ) -> Completion:
        """Send ``messages``; raise :class:`LlmUnavailableError` when the endpoint fails.

        ``schema`` is the ``response_format`` (default: the review :class:`Answer` schema);
        ``{"type": "json_object"}`` asks for any JSON object.
        """
        started = time.perf_counter()
        try:
            response = self._get().chat.completions.create(
                model=self._config.model,
                messages=cast("list[ChatCompletionMessageParam]", list(messages)),
                temperature=0,
                seed=self._config.seed,
                response_format=cast("ResponseFormatJSONSchema", schema or response_format()),
            )
        except openai.APIStatusError as error:
            raise LlmUnavailableError(f"HTTP {error.status_code} from the LLM endpoint") from error
        except openai.APITimeoutError as error:
            raise LlmUnavailableError(
                f"no answer within {self._config.timeout:g} s (CVMATCH_LLM_TIMEOUT)"
            ) from error
        except openai.APIError as error:
            raise LlmUnavailableError(f"LLM endpoint unreachable: {error}") from error
        usage = response.usage
        extra = (usage.model_extra or {}) if usage is not None else {}
        cost = extra.get("cost")
        text = response.choices[0].message.content if response.choices else None
        return Completion(
            text=text or "",
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            cost=float(cost) if isinstance(cost, int | float) else None,
            seconds=time.perf_counter() - started,
        )

    def _get(self) -> openai.OpenAI:
        if self._client is None:
            self._client = openai.OpenAI(
                base_url=self._config.base_url,
                api_key=self._config.api_key,
                timeout=self._config.timeout,
                max_retries=0,
            )
        return self._client
