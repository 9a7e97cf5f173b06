"""The LLM step's configuration, read from :class:`cvmatch.settings.Settings`."""

from dataclasses import dataclass
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.settings import Settings


@dataclass(frozen=True, repr=False)
class LlmConfig:
    """Where the endpoint is and how its answers are used.

    ``weight`` is the LLM fit's share of the fused score (0–0.5); ``top_k`` how many of the best
    candidates are re-read; ``timeout`` seconds per request; ``cache_dir`` where answers are kept.
    """

    base_url: str
    model: str
    api_key: str
    weight: float
    top_k: int
    timeout: float
    seed: int
    redact: bool
    cache_dir: Path
    use_cache: bool = True

    def __repr__(self) -> str:
        """Everything but the API key."""
        return f"LlmConfig(base_url={self.base_url!r}, model={self.model!r}, weight={self.weight})"


def llm_config(settings: Settings) -> LlmConfig | None:
    """The configuration, or None when no endpoint is set (the LLM step is then off).

    Raises:
        InvalidInputError: An endpoint without a model name.
    """
    if not settings.llm_base_url:
        return None
    if not settings.llm_model:
        raise InvalidInputError(
            "CVMATCH_LLM_BASE_URL is set but CVMATCH_LLM_MODEL is not: name the model the "
            "endpoint serves (docs/llm.md)"
        )
    return LlmConfig(
        base_url=settings.llm_base_url,
        model=settings.llm_model,
        api_key=settings.llm_api_key.get_secret_value(),
        weight=settings.llm_weight,
        top_k=settings.llm_top_k,
        timeout=settings.llm_timeout,
        seed=settings.llm_seed,
        redact=settings.llm_redact,
        cache_dir=settings.cache_dir / "llm",
        use_cache=settings.use_cache,
    )
