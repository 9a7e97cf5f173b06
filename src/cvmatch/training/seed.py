"""The Korean resume ↔ job seed's workflow: its JSON config and ``resume,jd,label`` CSV as is.

The seed (a contrastive Korean bi-encoder) trains from one JSON file such as::

    {"model_name": "minilm", "batch_size": 8, "lr": 2e-5, "epoch_num": 3, "max_length": 256,
     "val_split": 0.1, "patience": 5, "use_mlm": true,
     "csv_file_path": "pairs.csv", "col_name1": "resume", "col_name2": "jd", "label_col": "label"}

:func:`seed_recipes` turns it into our recipes: a ``bi-encoder`` run with the seed's loss
(``scaled-cosine``: MSE of (cos + 1) / 2 against the label), preceded, when ``use_mlm`` is on, by
an ``adapt`` run (masked-language modelling on both columns) whose model the bi-encoder starts
from. Every bi-encoder run reports the seed's metric ``mse_cos01`` beside ours (MRR, nDCG, MAP,
AUC). Keys that only steer the seed's own GPU loop (``device``, ``use_fp16``, …) are accepted and
ignored; an unknown key is an error, as in our configs. Relative paths are read from the current
working directory.
"""

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cvmatch.errors import InvalidInputError
from cvmatch.training.config import TrainConfig, read_recipe

if TYPE_CHECKING:
    from cvmatch.training.runner import TrainReport

_IGNORED = frozenset(
    {
        "device",
        "checkpoints_path",
        "num_logs_per_epoch",
        "use_fp16",
        "gradient_clipping",
        "embedding_option",
    }
)
"""The seed's loop settings with no counterpart here (CPU or GPU is picked, pooling is mean)."""
_ALIASES = {
    "model_name": "base_model",
    "lr": "learning_rate",
    "learning_rate": "learning_rate",
    "epoch_num": "epochs",
    "epochs": "epochs",
    "batch_size": "batch_size",
    "max_length": "max_length",
    "patience": "early_stopping_patience",
}
_DATA_KEYS = frozenset({"csv_file_path", "col_name1", "col_name2", "label_col", "val_split"})
_OWN_KEYS = frozenset({"name", "use_mlm", "mlm", "test_split", "output_dir", "tracking"})
_PACKAGED_ALIASES = {
    "sentence-transformers/all-MiniLM-L6-v2": "minilm",
    "all-MiniLM-L6-v2": "minilm",
}


def is_seed_config(raw: dict[str, Any]) -> bool:
    """A seed-shaped config names ``model_name`` and has none of our ``kind`` / ``data`` keys."""
    return "model_name" in raw and "kind" not in raw and "data" not in raw


def read_seed(path: Path) -> dict[str, Any] | None:
    """The raw mapping of ``path`` when it is seed-shaped, else None (it is one of ours)."""
    raw = read_recipe(path)
    return raw if is_seed_config(raw) else None


def seed_recipes(raw: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Our recipes for one seed config, in run order: ``[adapt,] bi-encoder``.

    The bi-encoder's ``base_model`` is the adapt run's model name when there is one (its latest
    version: the one just trained).

    Raises:
        InvalidInputError: An unknown key, no ``csv_file_path`` or CLS pooling.
    """
    unknown = sorted(set(raw) - _IGNORED - set(_ALIASES) - _DATA_KEYS - _OWN_KEYS)
    if unknown:
        raise InvalidInputError(f"seed config: unknown keys {unknown}; see docs/languages.md")
    if str(raw.get("embedding_option", "mean")).lower() != "mean":
        raise InvalidInputError("seed config: only embedding_option 'mean' is supported here")
    if "csv_file_path" not in raw:
        raise InvalidInputError("seed config: csv_file_path (the resume,jd,label CSV) is required")
    name = str(raw.get("name", name))
    common = {_ALIASES[k]: v for k, v in raw.items() if k in _ALIASES}
    common["base_model"] = _PACKAGED_ALIASES.get(common["base_model"], common["base_model"])
    common |= {k: raw[k] for k in ("output_dir", "tracking") if k in raw}
    split = {
        "validation_fraction": raw.get("val_split", 0.1),
        "test_fraction": raw.get("test_split", 0.1),
    }
    resume, jd = raw.get("col_name1", "resume"), raw.get("col_name2", "jd")
    path = str(raw["csv_file_path"])
    pairs = {"type": "file", "path": path, "query_column": jd, "document_column": resume}
    bi_encoder = {
        **common,
        "kind": "bi-encoder",
        "name": name,
        "loss": "scaled-cosine",
        "data": {"sources": [pairs | {"label_column": raw.get("label_col", "label")}], **split},
    }
    if not (raw.get("use_mlm") or raw.get("mlm")):
        return [bi_encoder]
    texts = [{"type": "file", "path": path, "query_column": column} for column in (resume, jd)]
    adapt = {**common, "kind": "adapt", "name": f"{name}-mlm", "data": {"sources": texts, **split}}
    adapt.pop("early_stopping_patience", None)
    return [adapt, {**bi_encoder, "base_model": f"{name}-mlm"}]


def seed_name(path: Path) -> str:
    """A registry name from the config's file name ("multiling_BERT.json" → "multiling-bert")."""
    slug = re.sub(r"[^a-z0-9.-]+", "-", path.stem.lower()).strip("-.")
    return slug or "seed-bi-encoder"


def train_seed(raw: dict[str, Any], path: Path, epochs: int | None = None) -> "TrainReport":
    """Run the recipes of one seed config in order; the bi-encoder's report is returned.

    Raises:
        InvalidInputError: A bad seed config (see :func:`seed_recipes`) or recipe.
    """
    from pydantic import ValidationError  # noqa: PLC0415 - with the runner, below

    from cvmatch.training.runner import train  # noqa: PLC0415 - torch: seconds to import

    report = None
    for recipe in seed_recipes(raw, seed_name(path)):
        if epochs is not None:
            recipe["epochs"] = epochs
        try:
            config = TrainConfig.model_validate(recipe)
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
            )
            raise InvalidInputError(f"{path}: invalid seed config: {problems}") from None
        report = train(config)
    if report is None:  # seed_recipes always returns the bi-encoder run
        raise InvalidInputError(f"{path}: the seed config describes no run")
    return report
