"""Synthetic training pairs (``cvmatch synth pairs``), offline or through the LLM endpoint."""

from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.llm.config import llm_config
from cvmatch.llm.synth import SynthOptions, SynthResult, synth_pairs, write_pairs
from cvmatch.settings import Settings

__all__ = ["SynthOptions", "SynthResult", "write_synthetic_pairs"]


def write_synthetic_pairs(
    settings: Settings, out: Path, options: SynthOptions, *, use_llm: bool = False
) -> SynthResult:
    """Generate, check and write pairs to ``out`` (trainer format); return what happened.

    Raises:
        InvalidInputError: ``use_llm`` without an endpoint configured.
    """
    config = llm_config(settings) if use_llm else None
    if use_llm and config is None:
        raise InvalidInputError(
            "--llm needs an endpoint: set CVMATCH_LLM_BASE_URL and CVMATCH_LLM_MODEL, or drop "
            "--llm to generate offline from ESCO and templates (docs/llm.md)"
        )
    result = synth_pairs(options, config)
    write_pairs(result.pairs, out)
    return result
