"""Read the official ESCO CSV download (any version from 1.0; one folder per language or mixed).

Files are recognised by name: ``skills_<lang>.csv``, ``<name>SkillsCollection_<lang>.csv`` (used
for a language that has no full skills file), ``occupations_<lang>.csv`` and
``ISCOGroups_<lang>.csv``, where ``<lang>`` is ``en``, ``de``, ``fr``, ``es``, ``en-us`` ... .
Alternative labels are newline- or ``|``-separated depending on the file; both are handled.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import Concept, ConceptKind, LocalisedText

_FILE = re.compile(
    r"^(?P<what>skills|occupations|ISCOGroups|[a-zA-Z]+SkillsCollection)_(?P<lang>[a-z]{2}(?:-[a-z]{2})?)\.csv$"
)
_ALT_SPLIT = re.compile(r"\s*(?:\n|\|)\s*")
_KINDS = {"skills": ConceptKind.SKILL, "occupations": ConceptKind.OCCUPATION}


@dataclass(frozen=True)
class EscoFile:
    """One recognised ESCO CSV file."""

    path: Path
    kind: ConceptKind
    language: str
    collection: bool


def find_files(root: Path) -> list[EscoFile]:
    """The ESCO files under ``root`` (a folder, searched recursively, or one CSV file).

    Skill collections are kept only for languages that have no full ``skills_<lang>.csv``.
    """
    if not root.exists():
        raise TaxonomyError(f"{root} does not exist: point at the unzipped ESCO CSV download")
    paths = [root] if root.is_file() else sorted(root.rglob("*.csv"))
    found: list[EscoFile] = []
    for path in paths:
        match = _FILE.match(path.name)
        if match is None:
            continue
        what, lang = match["what"], match["lang"]
        kind = _KINDS.get(
            what, ConceptKind.ISCO_GROUP if what == "ISCOGroups" else ConceptKind.SKILL
        )
        found.append(EscoFile(path, kind, lang, what.endswith("SkillsCollection")))
    full = {f.language for f in found if f.kind == ConceptKind.SKILL and not f.collection}
    found = [f for f in found if not (f.collection and f.language in full)]
    if not found:
        raise TaxonomyError(
            f"no ESCO CSV files (skills_xx.csv, occupations_xx.csv, ...) found in {root}"
        )
    return found


def read_concepts(file: EscoFile) -> Iterator[Concept]:
    """The concepts of one ESCO CSV file."""
    try:
        with file.path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not reader.fieldnames or "conceptUri" not in reader.fieldnames:
                raise TaxonomyError(f"{file.path}: not an ESCO CSV (no conceptUri column)")
            for row in reader:
                concept = _concept(row, file)
                if concept is not None:
                    yield concept
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise TaxonomyError(f"cannot read {file.path}: {error}") from None


def _concept(row: dict[str, str], file: EscoFile) -> Concept | None:
    uri = (row.get("conceptUri") or "").strip()
    label = (row.get("preferredLabel") or "").strip()
    if not uri or not label:
        return None
    lang = file.language
    alternatives = [a for a in _ALT_SPLIT.split(row.get("altLabels") or "") if a and a != label]
    description = (row.get("description") or row.get("definition") or "").strip()
    return Concept(
        id=uri,
        kind=file.kind,
        preferred=(LocalisedText(lang, label),),
        alternatives=tuple(LocalisedText(lang, a) for a in alternatives),
        descriptions=(LocalisedText(lang, description),) if description else (),
        source="esco",
        code=(row.get("code") or "").strip(),
        isco_group=(row.get("iscoGroup") or "").strip(),
        skill_type=(row.get("skillType") or "").strip(),
        reuse_level=(row.get("reuseLevel") or "").strip(),
    )


def import_esco(store: TaxonomyStore, root: Path) -> dict[str, int]:
    """Add every recognised ESCO file under ``root``; return the store's counts."""
    for file in find_files(root):
        store.add(read_concepts(file))
    return store.counts()
