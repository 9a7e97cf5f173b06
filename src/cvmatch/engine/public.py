"""Names from inner packages that the interfaces (CLI, service) need beside :class:`Engine`.

Re-exported here so that ``cvmatch.cli`` imports the engine only (an import-linter contract keeps
it that way): the readable file types, the encoder catalogue and its one-off int8 build, and the
records a command receives or passes (recruiter overrides, occupation recommendations).
"""

from pathlib import Path

from cvmatch.documents.loader import supported_extensions
from cvmatch.encoders.minilm_build import ensure_minilm_int8
from cvmatch.encoders.registry import EncoderInfo, encoder_status
from cvmatch.occupations.records import OccupationRecommendation
from cvmatch.scoring.evidence import Overrides
from cvmatch.settings import get_settings

__all__ = [
    "EncoderInfo",
    "OccupationRecommendation",
    "Overrides",
    "build_minilm_int8",
    "encoder_status",
    "supported_extensions",
]


def build_minilm_int8(force: bool = False) -> Path:
    """Build the int8 MiniLM into the settings' ``built_models_dir`` once; return the model file.

    Args:
        force: Rebuild even when the model file exists.
    """
    return ensure_minilm_int8(get_settings().built_models_dir, force=force)
