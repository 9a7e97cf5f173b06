"""Custom skills with aliases, from CSV or YAML, added on top of ESCO.

CSV: a header with ``label`` and ``aliases`` (aliases separated by ``|`` or ``;``), optional
``language`` (default ``en``) and ``description``. YAML: either a mapping ``label: [alias, ...]``
or a list of ``{label, aliases, language, description}`` objects.
A custom label equal to an existing label joins that concept's lookup key; its id is
``custom:<normalised label>``.
"""

import csv
import re
from pathlib import Path
from typing import Any

import yaml

from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy.normalise import normalise
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import Concept, ConceptKind, LocalisedText

_SPLIT = re.compile(r"\s*[|;]\s*")


def read_custom(path: Path) -> list[Concept]:
    """Custom skill concepts from a ``.csv``, ``.yaml`` or ``.yml`` file."""
    if not path.is_file():
        raise TaxonomyError(f"{path} is not a file")
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise TaxonomyError(f"cannot read {path}: {error}") from None
    if suffix == ".csv":
        entries = _csv_entries(text, path)
    elif suffix in {".yaml", ".yml"}:
        entries = _yaml_entries(text, path)
    else:
        raise TaxonomyError(f"{path}: custom skills must be .csv, .yaml or .yml")
    return [_concept(entry, path) for entry in entries]


def _csv_entries(text: str, path: Path) -> list[dict[str, Any]]:
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "label" not in reader.fieldnames:
        raise TaxonomyError(f"{path}: the CSV needs a header with a 'label' column")
    return [
        {
            "label": row.get("label") or "",
            "aliases": _SPLIT.split(row.get("aliases") or ""),
            "language": row.get("language") or "en",
            "description": row.get("description") or "",
        }
        for row in reader
    ]


def _yaml_entries(text: str, path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise TaxonomyError(f"{path}: invalid YAML ({error})") from None
    if isinstance(data, dict):
        return [{"label": k, "aliases": v or []} for k, v in data.items()]
    if isinstance(data, list) and all(isinstance(x, dict) for x in data):
        return data
    raise TaxonomyError(f"{path}: expected a mapping label → aliases or a list of objects")


def _concept(entry: dict[str, Any], path: Path) -> Concept:
    label = str(entry.get("label") or "").strip()
    aliases = entry.get("aliases") or []
    if isinstance(aliases, str):
        aliases = _SPLIT.split(aliases)
    if not label or not isinstance(aliases, list):
        raise TaxonomyError(f"{path}: every entry needs a label and a list of aliases: {entry!r}")
    language = str(entry.get("language") or "en")
    description = str(entry.get("description") or "")
    return Concept(
        id=f"custom:{normalise(label)}",
        kind=ConceptKind.SKILL,
        preferred=(LocalisedText(language, label),),
        alternatives=tuple(
            LocalisedText(language, str(a).strip()) for a in aliases if str(a).strip()
        ),
        descriptions=(LocalisedText(language, description),) if description else (),
        source="custom",
    )


def import_custom(store: TaxonomyStore, path: Path) -> dict[str, int]:
    """Add custom skills with aliases; return the store's counts."""
    store.add(read_custom(path))
    return store.counts()
