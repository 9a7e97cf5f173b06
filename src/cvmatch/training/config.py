"""Training configuration: one YAML or JSON file, validated by pydantic (see ``docs/training.md``).

Every key has a documented default, so a config can be as short as::

    kind: bi-encoder
    name: my-model
    data:
      sources:
        - {type: file, path: pairs.csv, query_column: jd, document_column: resume}

Unknown keys are errors (a typo must not silently fall back to a default). Relative paths are
read from the current working directory.

A recipe can start from another one with a top-level ``extends: base.yaml`` (a path relative to
the recipe's own folder) and hold only what differs: the files are merged base first, mappings
key by key, a list of mappings item by item when both lists have the same length (so one field
of a data source can change), any other value replaced. Chains are followed; a cycle is refused.
"""

import json
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from cvmatch.errors import InvalidInputError

Kind = Literal["bi-encoder", "cross-encoder", "ranker", "adapt"]
Loss = Literal[
    "mnrl",
    "mnrl-symmetric",
    "contrastive",
    "cosine",
    "scaled-cosine",
    "margin-mse",
    "bce",
    "ranknet",
    "lambdarank",
    "mlm",
]

_LOSSES: dict[str, tuple[str, ...]] = {
    "bi-encoder": (
        "mnrl",
        "mnrl-symmetric",
        "contrastive",
        "cosine",
        "scaled-cosine",
        "margin-mse",
    ),
    "cross-encoder": ("bce",),
    "ranker": ("ranknet", "lambdarank"),
    "adapt": ("mlm",),
}
_DEFAULT_LOSS = {"bi-encoder": "mnrl", "cross-encoder": "bce", "ranker": "ranknet", "adapt": "mlm"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FileSource(_Strict):
    """Labelled pairs (or, for ``adapt``, plain texts) from a CSV or JSONL file."""

    type: Literal["file"] = "file"
    path: Path
    format: Literal["auto", "csv", "jsonl"] = "auto"
    """``auto`` picks by extension: ``.jsonl``/``.json`` → JSONL, anything else → CSV."""
    query_column: str = "jd"
    """Job side of a pair (the query); for ``adapt``, the only text column read."""
    document_column: str = "resume"
    """CV side of a pair (the document)."""
    label_column: str | None = "label"
    """0/1 or graded label; ``null`` makes every row a positive pair."""
    group_column: str | None = None
    """Rows sharing a group stay on one side of the split (default: the query text)."""
    negative_column: str | None = None
    """Optional hard negative document per row (MNRL uses it beside in-batch negatives)."""
    signed_labels: bool = False
    """Labels may be below 0: a teacher's score difference of document vs negative
    (``margin-mse``). Off: a label below 0 is an error."""


class EscoSource(_Strict):
    """Pairs built from the ESCO occupations of one language (see :mod:`.pairs`)."""

    type: Literal["esco"] = "esco"
    language: str = "en"
    fields: tuple[Literal["alt_labels", "description", "one_text"], ...] = (
        "alt_labels",
        "description",
    )
    """Alternative label → preferred label, label → description, alternative label → the
    occupation's one text (label, other alt labels, description: the Hahu corpus shape)."""
    max_pairs_per_occupation: int = Field(default=8, ge=1)
    hard_negatives: bool = False
    """Give each pair a hard negative: the same field of the neighbouring occupation in ISCO
    code order (same ISCO unit group when it has one)."""


class TalentClefSource(_Strict):
    """TalentCLEF 2025 task A German or Spanish training title pairs."""

    type: Literal["talentclef"] = "talentclef"
    language: Literal["de", "es"] = "de"


class RjdbSource(_Strict):
    """RJDB dev triples: job ↔ matched CV (1) and job ↔ near-miss CV (0), grouped per triple.

    RJDB is also an evaluation set: measure on the run's held-out split only, or train on
    ``half: calibration`` (the triples of :func:`~cvmatch.evaluation.datasets.rjdb.rjdb_halves`'
    calibration half) and measure on the report half, which is then never read.
    """

    type: Literal["rjdb"] = "rjdb"
    half: Literal["all", "calibration"] = "all"


Source = Annotated[
    FileSource | EscoSource | TalentClefSource | RjdbSource, Field(discriminator="type")
]


class DataConfig(_Strict):
    """Where pairs come from and how they are split."""

    sources: tuple[Source, ...] = Field(min_length=1)
    data_dir: Path | None = None
    """Folder of the shared benchmark data (default ``<repo>/../shared/data``)."""
    validation_fraction: float = Field(default=0.1, ge=0.0, lt=0.5)
    """Share of groups held out for model selection (early stopping, best epoch)."""
    test_fraction: float = Field(default=0.1, ge=0.0, lt=0.5)
    """Share of groups held out for the final test; never used for selection."""
    max_train_pairs: int | None = Field(default=None, ge=1)
    """Cap on training pairs (a seeded sample), to fit a time budget."""
    max_pairs_per_group: int | None = Field(default=None, ge=1)
    """MNRL losses: at most N pairs of one group per epoch, a fresh seeded sample each epoch. A
    batch holds a group once, so a group larger than an epoch's batch count would otherwise
    fill a tail of tiny batches (few in-batch negatives)."""
    max_validation_queries: int = Field(default=500, ge=1)
    exclude_test_sets: bool = True
    """Drop pairs containing a query text of JobBERT, Hahu dev or TalentCLEF EN validation."""

    @field_validator("sources", mode="before")
    @classmethod
    def _default_type(cls, value: Any) -> Any:
        """A source without ``type`` is a file."""
        if isinstance(value, list | tuple):
            return [{"type": "file", **v} if isinstance(v, dict) else v for v in value]
        return value


class RankerConfig(_Strict):
    """The RankNet / LambdaRank model over signal features."""

    features: tuple[str, ...] = ("dense", "bm25", "tfidf_char", "coverage", "title")
    """Names from the feature registry (:mod:`cvmatch.training.features`)."""
    hidden: int = Field(default=16, ge=1)
    candidates: int = Field(default=20, ge=2)
    """First-stage candidates per query (by dense cosine), gold added when missing."""
    dense_model: str = "minilm-int8"


class TrackingConfig(_Strict):
    """Experiment tracking."""

    backend: Literal["mlflow", "wandb", "none"] = "mlflow"
    dir: Path = Path("runs")
    """MLflow store folder: ``sqlite:///<dir>/mlflow.db``, artefacts under ``<dir>/artifacts``."""
    experiment: str = "cvmatch"


class TrainConfig(_Strict):
    """One training run."""

    kind: Kind
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    """Registry name of the trained model; versions are added (``name@v1``, ``name@v2``)."""
    base_model: str = "minilm"
    """Encoder to start from: ``minilm`` (fine-tuned), or ``use-m3``/``e5-small-q4`` (frozen,
    with a trained projection head), or a saved sentence-transformers folder."""
    head: Literal["none", "linear"] = "none"
    """Projection head over a frozen base (required for the inference-only encoders)."""
    data: DataConfig
    loss: Loss | None = None
    """Default per kind: mnrl, bce, ranknet, mlm."""
    learning_rate: float = Field(default=2e-5, gt=0)
    epochs: int = Field(default=1, ge=1)
    batch_size: int = Field(default=32, ge=2)
    max_length: int = Field(default=64, ge=8, le=512)
    """Tokens per text (longer texts are truncated while training)."""
    seed: int = 42
    warmup_fraction: float = Field(default=0.1, ge=0.0, le=0.5)
    early_stopping_patience: int | None = Field(default=2, ge=1)
    """Epochs without improvement of the validation metric before stopping (``null``: never)."""
    checkpoint_every: int = Field(default=200, ge=1)
    """Optimizer steps between checkpoints (one is also written at every epoch end)."""
    output_dir: Path | None = None
    """Registry folder (default ``Settings.trained_models_dir``, ``<cache>/models``): models go
    to ``<output_dir>/<name>/v<N>``, checkpoints to ``<output_dir>/<name>/checkpoint``."""
    resume: bool = True
    """Continue from the checkpoint of an interrupted run with the same config."""
    negatives_per_positive: int = Field(default=1, ge=0)
    """Cross-encoder: random negatives drawn per positive (from other groups)."""
    mined_negatives_per_query: int = Field(default=0, ge=0)
    """Cross-encoder: hard negatives per query from ``mining_model``'s top-k of the same split
    (documents of other groups; :mod:`cvmatch.training.mining`)."""
    mining_model: str = "minilm-int8"
    """Dense encoder that ranks the split's documents for mining (the first stage)."""
    hardness_strength: float = Field(default=0.0, ge=0.0)
    """MNRL losses: every negative logit (in-batch and hard) gains ``strength × cos``, its own
    cosine with the gradient stopped, so near misses weigh more (sentence-transformers'
    ``hardness_mode="all_negatives"``; Lan et al. 2025 use 9 on in-batch negatives). 0: off."""
    freeze_word_embeddings: bool = False
    """Cross-encoder: keep the base model's word-piece embeddings as they are, so the int8
    ONNX file can ship without them and take them from the installed base package
    (:mod:`cvmatch.encoders.cross_encoder_onnx`)."""
    ranker: RankerConfig = RankerConfig()
    tracking: TrackingConfig = TrackingConfig()
    threads: int = Field(default=2, ge=1)

    @model_validator(mode="after")
    def _check_loss(self) -> "TrainConfig":
        loss = self.loss or _DEFAULT_LOSS[self.kind]
        if loss not in _LOSSES[self.kind]:
            raise ValueError(f"loss {loss!r} does not fit kind {self.kind!r}: {_LOSSES[self.kind]}")
        object.__setattr__(self, "loss", loss)
        return self

    @model_validator(mode="after")
    def _check_mnrl_options(self) -> "TrainConfig":
        if self.loss_name in ("mnrl", "mnrl-symmetric"):
            return self
        if self.hardness_strength:
            raise ValueError(f"hardness_strength needs an mnrl loss, not {self.loss_name!r}")
        if self.data.max_pairs_per_group is not None:
            raise ValueError(f"data.max_pairs_per_group needs an mnrl loss, not {self.loss_name!r}")
        return self

    @model_validator(mode="after")
    def _check_margin_options(self) -> "TrainConfig":
        margin = self.loss_name == "margin-mse"
        files = [s for s in self.data.sources if isinstance(s, FileSource)]
        if margin and (
            len(files) != len(self.data.sources) or any(not s.negative_column for s in files)
        ):
            raise ValueError("margin-mse reads file sources with a negative_column only")
        if not margin and any(s.signed_labels for s in files):
            raise ValueError(f"signed_labels needs the margin-mse loss, not {self.loss_name!r}")
        return self

    @property
    def loss_name(self) -> str:
        """The loss, with the default of the kind filled in."""
        return self.loss or _DEFAULT_LOSS[self.kind]

    def fingerprint(self) -> str:
        """Canonical JSON of the config (a checkpoint only resumes under the same one)."""
        return self.model_dump_json(exclude={"resume", "threads"})


def _parse_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInputError(f"{path}: cannot read the config ({error})") from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"{path}:{error.lineno}: invalid JSON ({error.msg})") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        detail = " ".join(str(error).split())
        raise InvalidInputError(f"{path}{line}: invalid YAML ({detail})") from None


EXTENDS = "extends"
"""Top-level key naming the recipe a file starts from (relative to the file's folder)."""


def merge(base: Any, override: Any) -> Any:
    """``override`` deep-merged onto ``base`` (neither is changed).

    Mappings merge key by key; lists of mappings of equal length merge item by item; anything
    else (scalars, ``null``, lists of other lengths or kinds) replaces the base value.

    >>> merge({"a": 1, "d": {"x": 1, "y": 2}}, {"d": {"y": 3}})
    {'a': 1, 'd': {'x': 1, 'y': 3}}
    >>> merge({"s": [{"path": "a", "col": "q"}]}, {"s": [{"path": "b"}]})
    {'s': [{'path': 'b', 'col': 'q'}]}
    """
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    if (
        isinstance(base, list)
        and isinstance(override, list)
        and len(base) == len(override)
        and all(isinstance(item, dict) for item in (*base, *override))
    ):
        return [merge(b, o) for b, o in zip(base, override, strict=True)]
    return override


def read_recipe(path: Path) -> dict[str, Any]:
    """The raw mapping of a recipe with its ``extends`` chain merged in (base first).

    Raises:
        InvalidInputError: Unreadable or non-mapping file, an ``extends`` that is not a path,
            or a cycle (every file of it named).
    """
    chain: list[Path] = []
    layers: list[dict[str, Any]] = []
    current: Path | None = path
    while current is not None:
        resolved = current.resolve()
        if resolved in chain:
            cycle = " -> ".join(str(p) for p in (*chain, resolved))
            raise InvalidInputError(f"{path}: recipes extend each other in a cycle: {cycle}")
        chain.append(resolved)
        raw = _parse_file(current)
        if not isinstance(raw, dict):
            raise InvalidInputError(f"{current}: the config must be a mapping of keys to values")
        parent = raw.pop(EXTENDS, None)
        if parent is not None and not isinstance(parent, str):
            raise InvalidInputError(f"{current}: {EXTENDS} must be a file path, not {parent!r}")
        layers.append(raw)
        current = current.parent / parent if parent is not None else None
    merged: dict[str, Any] = {}
    for layer in reversed(layers):
        merged = merge(merged, layer)
    return merged


def load_config(path: Path, kind: str | None = None, **overrides: Any) -> TrainConfig:
    """Read and validate a YAML/JSON config; ``kind`` (from the CLI) fills or must match its kind.

    ``extends`` chains are merged first (:func:`read_recipe`).

    Raises:
        InvalidInputError: Unreadable file, bad syntax (with the line), an ``extends`` cycle or
            invalid keys (each one named with its location in the file).
    """
    raw = read_recipe(path)
    if kind is not None:
        if raw.get("kind", kind) != kind:
            raise InvalidInputError(f"{path}: kind is {raw['kind']!r} but the command is {kind!r}")
        raw["kind"] = kind
    raw.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return TrainConfig.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or '(top)'}: {e['msg']}" for e in error.errors()
        )
        raise InvalidInputError(f"{path}: invalid config: {problems}") from None
