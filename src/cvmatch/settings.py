"""Typed settings with offline defaults; every field can be set by a ``CVMATCH_`` env variable."""

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from cvmatch.errors import InvalidInputError

ENV_PREFIX = "CVMATCH_"


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "cvmatch"


class Settings(BaseSettings):
    """cvmatch configuration. Defaults work offline with the packaged models."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, frozen=True)

    def __init__(self, **values: Any) -> None:
        """Read ``values``, then ``CVMATCH_*`` variables; a bad value is one clear error.

        Raises:
            InvalidInputError: A value (given or from the environment) that does not validate;
                the message names the variable and says what it should be.
        """
        try:
            super().__init__(**values)
        except ValidationError as error:
            raise InvalidInputError(_describe(error, values)) from None

    cache_dir: Path = Field(default_factory=_default_cache_dir)
    """Where embeddings are cached, keyed by (model id, text hash)."""
    use_cache: bool = True
    english_encoder: str = "minilm-int8"
    """Dense encoder for pairs where both sides are English."""
    multilingual_encoder: str = "use-m3"
    """Dense encoder used whenever the job or the CV is not English."""
    dense_weight: float = Field(default=0.6, ge=0.0)
    lexical_weight: float = Field(default=0.4, ge=0.0)
    max_file_bytes: int = 20 * 1024 * 1024
    """Files larger than this are refused (20 MiB)."""
    max_pages: int = 50
    """PDFs with more pages are refused."""
    max_chars: int = 300_000
    """Documents whose extracted text is longer are refused."""
    ocr_languages: str = "eng+fra+deu+spa"
    max_seconds: float = Field(default=10.0, gt=0)
    """Reading one file takes at most this long (seconds), or it is refused as too large."""
    max_memory_mib: int = Field(default=384, gt=0)
    """Reading one file may grow the process's memory by at most this much (MiB)."""
    max_elements: int = Field(default=400_000, gt=0)
    """Documents with more elements (HTML tags, DOCX XML elements, PDF objects) are refused."""
    max_unpacked_bytes: int = Field(default=64 * 1024 * 1024, gt=0)
    """A DOCX's XML parts may unpack to at most this many bytes (64 MiB), whatever they declare."""
    max_hidden_chars: int = Field(default=100_000, ge=0)
    """Hidden text kept for reporting is cut to this many characters (the flag stays)."""
    threads: int = 2
    """CPU threads per dense encoder (ONNX MiniLM: that many single-threaded sessions)."""
    block_budget_mib: int = Field(default=256, ge=1)
    """Largest dense block (MiB) a top-k search or a score matrix may build at once (issue 25)."""
    title_graph_exact_limit: int = Field(default=50_000, ge=0)
    """``titles``: corpora up to this many titles get the exact neighbour graph, larger ones an
    approximate (HNSW) one whose time grows like ``n log n`` instead of ``n²`` (issue 25)."""
    hybrid_full_limit: int = Field(default=10_000, ge=0)
    """``eval retrieval -m hybrid``: corpora up to this many texts get the full pipeline on every
    pair; larger ones a dense + lexical first stage, then the pipeline on each query's top
    ``hybrid_candidates`` (issue 25)."""
    hybrid_candidates: int = Field(default=200, ge=0)
    """Texts per query that get the full pipeline above ``hybrid_full_limit`` (0: every pair)."""

    # ---- recruiter service (issue 6; docs/service.md) ----
    db: str = "cvmatch.db"
    """Store of ``cvmatch serve``: a SQLite path or a SQLAlchemy URL (``postgresql+psycopg://``)."""
    feedback_encoder: str = "use-m3"
    """One encoder for every stored CV, so star re-ranking compares all candidates in one space."""
    star_weight: float = Field(default=0.5, ge=0.0, le=1.0)
    """Share of the starred-centroid similarity in the re-ranked score (0 = ignore stars)."""
    max_stars: int = Field(default=5, ge=1)
    feedback_min_decisions: int = Field(default=10, ge=10)
    """Shortlist/reject decisions a job needs before a job that opted in to learning from
    decisions is ranked with weights learned from them (issue 18; at least 10)."""
    max_upload_files: int = Field(default=500, ge=1)
    """Files accepted in one upload request."""
    cors_origins: tuple[str, ...] = ()
    """Origins allowed by CORS; empty (the default) turns CORS off."""
    ann_min_pool: int = Field(default=20_000, ge=1)
    """A job with at least this many candidates is ranked in two stages: the ANN index's
    nearest ``ann_candidates`` (feedback-encoder vectors), then the full score on those only."""
    ann_candidates: int = Field(default=1000, ge=1)
    """ANN hits that go on to the full score for a large pool (docs/service.md)."""
    pgvector_probes: int = Field(default=16, ge=1)
    """IVFFlat lists a PostgreSQL store's first stage scans per search (docs/storage.md: 8 missed
    recall 0.95 at 100k on the report queries, 16 holds it at every size for ~1 ms more CPU)."""
    # ---- requirement-level matching (docs/scoring.md) ----
    coverage_weight: float = Field(default=1.2, ge=0.0)
    """Weight of requirement coverage next to dense_weight and lexical_weight."""
    required_weight: float = Field(default=1.0, ge=0.0)
    preferred_weight: float = Field(default=0.35, ge=0.0)
    experience_weight: float = Field(default=2.0, ge=0.0)
    """Multiplier of years-of-experience requirements in coverage."""
    experience_depth_weight: float = Field(default=0.4, ge=0.0)
    """Weight of total dated experience (up to twice the years asked), share of coverage."""
    transversal_weight: float = Field(default=0.25, ge=0.0)
    """Multiplier of transversal (soft) skill requirements in coverage (docs/requirements.md)."""
    soft_skills_not_assessed: bool = False
    """Report a transversal skill the CV does not name ``not_assessed`` instead of ``missing``."""
    knockout_cap: float = Field(default=25.0, ge=0.0, le=100.0)
    """Highest score a CV can get when a hard (must-have) requirement is missing."""
    dense_evidence: bool = True
    """Compare unmet skills with CV lines by embeddings (paraphrases, other languages)."""
    reference_date: str | None = None
    """YYYY-MM that open periods ("2019 – present") end at; None = the current month."""
    taxonomy_path: Path | None = None
    """Imported taxonomy (SQLite); None = ``cache_dir/taxonomy.sqlite``."""
    built_models_dir: Path = Field(default_factory=lambda: _default_cache_dir() / "built")
    """Models built locally from packaged weights (the fast ``minilm-int8``). Apart from
    ``cache_dir`` on purpose, so a per-project or per-test cache does not rebuild them."""
    models_dir: Path | None = None
    """Trained-model registry (``cvmatch train``); default ``<cache_dir>/models``."""

    occupation_weight: float = Field(default=0.0, ge=0.0, le=1.0)
    """Share of the occupation affinity in ``cvmatch match`` scores (docs/recommend.md); 0 = off."""

    # ---- optional LLM re-reading (issue 21; docs/llm.md) ----
    llm_base_url: str | None = None
    """OpenAI-compatible endpoint (``http://localhost:11434/v1`` for Ollama); None = no LLM."""
    llm_model: str | None = None
    """Model name the endpoint serves (``qwen2.5:7b-instruct``); required with ``llm_base_url``."""
    llm_api_key: SecretStr = SecretStr("not-needed")
    """Sent as the bearer token; local servers ignore it."""
    llm_weight: float = Field(default=0.2, ge=0.0, le=0.5)
    """Share of the LLM's fit in the fused score; at most 0.5, so it is never the sole judge."""
    llm_top_k: int = Field(default=20, ge=1)
    """How many of the best-ranked candidates the LLM re-reads."""
    llm_timeout: float = Field(default=60.0, gt=0)
    """Seconds one request may take before the run falls back to the deterministic ranking."""
    llm_seed: int = 7
    """Seed sent with every request (with temperature 0) so answers repeat where servers allow."""
    llm_redact: bool = True
    """Remove emails, phone numbers, URLs and the CV's name line before sending."""
    blind: bool = False
    """Service workspaces screen blind (``CVMATCH_BLIND``): CVs are scored from their redacted text
    and an original is revealed only after a decision on it (docs/audit.md)."""

    @property
    def trained_models_dir(self) -> Path:
        """Where trained models live: ``models_dir`` or ``<cache_dir>/models``."""
        return self.models_dir or self.cache_dir / "models"

    @property
    def taxonomy_file(self) -> Path:
        """Where imported taxonomies are stored: ``taxonomy_path`` or ``<cache_dir>/taxonomy.sqlite``."""
        return self.taxonomy_path or self.cache_dir / "taxonomy.sqlite"


def _describe(error: ValidationError, given: dict[str, Any]) -> str:
    """One line naming each bad setting as the user wrote it (argument or variable)."""
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        name = field if field in given else ENV_PREFIX + field.upper()
        problems.append(f"{name}={item.get('input')!r}: {item['msg']}")
    return "invalid setting " + "; ".join(problems) + " (fix or unset it; defaults: README.md)"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Return the process-wide settings (tests override by building their own)."""
    return Settings()
