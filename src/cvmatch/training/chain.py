"""Recipes chained by name: train a recipe's ``base_model`` first when it is a missing trained model.

``cvmatch train --config A.yaml`` where ``A`` starts from ``base_model: B`` and no model ``B``
is in the registry: the recipe whose ``name`` is ``B`` is looked up (in ``A``'s folder, then in
``recipes/`` of the working directory), trained first (recursively, so ``B`` may itself start
from a missing ``C``), then ``A``. A base that is a built-in encoder, a shipped model, a folder
or an existing trained model is used as it is.

A pinned base (``B@v2``) must come out of the chain as that version: a fresh registry gives
``@v1``, so the chain refuses a pin it cannot honour rather than train from another model.
Product recipes therefore name their base without a version (its latest).
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvmatch.encoders.registry import ENCODERS
from cvmatch.encoders.shipped import shipped_folder
from cvmatch.encoders.trained import resolve_trained
from cvmatch.errors import InvalidInputError
from cvmatch.settings import get_settings
from cvmatch.training.config import TrainConfig, load_config, read_recipe
from cvmatch.training.runner import TrainReport, train

logger = logging.getLogger(__name__)

RECIPES_DIR = Path("recipes")
"""Where recipes are looked up besides the config's own folder (relative to the cwd)."""

_TRAINED_REF = re.compile(r"^(?P<name>[a-z0-9][a-z0-9._-]*?)(?:@v(?P<version>[0-9]+))?$")

Trainer = Callable[[TrainConfig], TrainReport]


@dataclass(frozen=True)
class ChainReport:
    """The runs of one chain, bases first; the last one is the requested recipe's."""

    reports: tuple[TrainReport, ...]

    @property
    def final(self) -> TrainReport:
        """The requested recipe's run."""
        return self.reports[-1]

    @property
    def built_first(self) -> tuple[str, ...]:
        """``name@vN`` of the bases trained on the way."""
        return tuple(r.model.model_ref for r in self.reports[:-1])


def missing_base(base: str, models_dir: Path) -> tuple[str, int | None] | None:
    """``(name, pinned version)`` when ``base`` names a trained model not in the registry."""
    match = _TRAINED_REF.match(base)
    if match is None or base in ENCODERS or shipped_folder(base) is not None:
        return None
    if Path(base).exists() or resolve_trained(base, models_dir) is not None:
        return None
    version = match["version"]
    return match["name"], int(version) if version is not None else None


def find_recipe(name: str, folders: list[Path]) -> Path | None:
    """The first recipe (``*.yaml``, ``*.yml``, ``*.json``) of ``folders`` whose ``name`` is ``name``."""
    for folder in folders:
        candidates = sorted(p for p in folder.glob("*") if p.suffix in {".yaml", ".yml", ".json"})
        for path in candidates:
            if _recipe_name(path) == name:
                return path
    return None


def _recipe_name(path: Path) -> Any:
    try:
        return read_recipe(path).get("name")
    except InvalidInputError:
        return None  # an unreadable file is not the recipe we look for


def train_chain(
    path: Path, kind: str | None = None, trainer: Trainer = train, **overrides: Any
) -> ChainReport:
    """Train the recipe at ``path``, its missing bases first (see the module docstring).

    ``overrides`` (e.g. ``epochs``) apply to the requested recipe only; ``trainer`` is the
    training call (tests pass a fake one).

    Raises:
        InvalidInputError: A missing base has no recipe, a pin cannot be honoured, or the
            bases form a cycle.
    """
    return ChainReport(tuple(_chain(path, kind, trainer, overrides, ())))


def _chain(
    path: Path,
    kind: str | None,
    trainer: Trainer,
    overrides: dict[str, Any],
    seen: tuple[str, ...],
) -> list[TrainReport]:
    config = load_config(path, kind, **overrides)
    if config.name in seen:
        raise InvalidInputError(f"recipes form a cycle: {' -> '.join((*seen, config.name))}")
    reports: list[TrainReport] = []
    missing = missing_base(config.base_model, get_settings().trained_models_dir)
    if missing is not None:
        name, pinned = missing
        recipe = find_recipe(name, [path.parent, RECIPES_DIR])
        if recipe is None:
            raise InvalidInputError(
                f"{path}: base_model {config.base_model!r} is not in the trained-model registry "
                f"and no recipe named {name!r} was found in {path.parent} or {RECIPES_DIR}/"
            )
        logger.info("base_model %s is missing: training %s first", config.base_model, recipe)
        reports = _chain(recipe, None, trainer, {}, (*seen, config.name))
        built = reports[-1].model
        if pinned is not None and built.version != pinned:
            raise InvalidInputError(
                f"{path}: base_model {config.base_model!r} pins version {pinned}, but training "
                f"{recipe} gave {built.model_ref}; name the base without @v to use the latest"
            )
    return [*reports, trainer(config)]
