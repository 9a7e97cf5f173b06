"""A taxonomy in one SQLite file: concepts, labels per language (indexed), descriptions.

Lookups go through the index on the normalised label, never a scan. The occupation side is kept
as complete as the skill side (codes, ISCO groups, labels and descriptions per language) for
consumers such as occupation recommendation.
"""

import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

from cvmatch.errors import TaxonomyError
from cvmatch.taxonomy.normalise import normalise
from cvmatch.types import Concept, ConceptKind, LocalisedText

_SCHEMA = """
CREATE TABLE IF NOT EXISTS concepts (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, source TEXT NOT NULL, code TEXT NOT NULL,
    isco_group TEXT NOT NULL, skill_type TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS labels (
    concept_id TEXT NOT NULL, language TEXT NOT NULL, label TEXT NOT NULL, norm TEXT NOT NULL,
    preferred INTEGER NOT NULL, UNIQUE (concept_id, language, label));
CREATE INDEX IF NOT EXISTS labels_norm ON labels (norm);
CREATE TABLE IF NOT EXISTS descriptions (
    concept_id TEXT NOT NULL, language TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (concept_id, language));
CREATE INDEX IF NOT EXISTS concepts_kind ON concepts (kind);
CREATE TABLE IF NOT EXISTS reuse (concept_id TEXT PRIMARY KEY, level TEXT NOT NULL);
"""


class TaxonomyStore:
    """Read and write a taxonomy SQLite file (created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path))
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            raise TaxonomyError(f"cannot open the taxonomy file {path}: {error}") from None

    def close(self) -> None:
        """Close the database."""
        self._db.close()

    def add(self, concepts: Iterable[Concept]) -> int:
        """Insert or merge concepts (labels and descriptions are added per language)."""
        count = 0
        with self._db:
            for concept in concepts:
                self._add_one(concept)
                count += 1
        return count

    def _add_one(self, c: Concept) -> None:
        self._db.execute(
            "INSERT INTO concepts VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "code = CASE WHEN excluded.code != '' THEN excluded.code ELSE code END, "
            "isco_group = CASE WHEN excluded.isco_group != '' THEN excluded.isco_group "
            "ELSE isco_group END",
            (c.id, c.kind.value, c.source, c.code, c.isco_group, c.skill_type),
        )
        if c.reuse_level:
            self._db.execute("INSERT OR REPLACE INTO reuse VALUES (?, ?)", (c.id, c.reuse_level))
        rows = [(c.id, x.language, x.text, normalise(x.text), 1) for x in c.preferred]
        rows += [(c.id, x.language, x.text, normalise(x.text), 0) for x in c.alternatives]
        self._db.executemany("INSERT OR IGNORE INTO labels VALUES (?, ?, ?, ?, ?)", rows)
        self._db.executemany(
            "INSERT OR REPLACE INTO descriptions VALUES (?, ?, ?)",
            [(c.id, d.language, d.text) for d in c.descriptions if d.text],
        )

    def lookup(self, norm: str, kind: ConceptKind = ConceptKind.SKILL) -> list[tuple[str, str]]:
        """``(concept id, preferred English label)`` of concepts with a label whose key is ``norm``.

        Preferred-label hits come first, then by id, so the order is deterministic.
        """
        rows = self._db.execute(
            "SELECT l.concept_id, MAX(l.preferred) FROM labels l JOIN concepts c "
            "ON c.id = l.concept_id WHERE l.norm = ? AND c.kind = ? GROUP BY l.concept_id "
            "ORDER BY MAX(l.preferred) DESC, l.concept_id",
            (norm, kind.value),
        ).fetchall()
        return [(concept_id, self._label(concept_id)) for concept_id, _ in rows]

    def _label(self, concept_id: str) -> str:
        row = self._db.execute(
            "SELECT label FROM labels WHERE concept_id = ? AND preferred = 1 "
            "ORDER BY language != 'en', language LIMIT 1",
            (concept_id,),
        ).fetchone()
        return str(row[0]) if row else concept_id

    def labels(self, concept_id: str, language: str) -> list[str]:
        """Every label of a concept in one language, the preferred ones first, then by text."""
        rows = self._db.execute(
            "SELECT label FROM labels WHERE concept_id = ? AND language = ? "
            "ORDER BY preferred DESC, label",
            (concept_id, language),
        ).fetchall()
        return [str(row[0]) for row in rows]

    def reuse_level(self, concept_id: str) -> str:
        """ESCO ``reuseLevel`` of a skill ("transversal", "cross-sector", ...), "" if unknown."""
        row = self._db.execute(
            "SELECT level FROM reuse WHERE concept_id = ?", (concept_id,)
        ).fetchone()
        return str(row[0]) if row else ""

    def get(self, concept_id: str) -> Concept | None:
        """The full concept, or None."""
        row = self._db.execute(
            "SELECT kind, source, code, isco_group, skill_type FROM concepts WHERE id = ?",
            (concept_id,),
        ).fetchone()
        if row is None:
            return None
        labels = self._db.execute(
            "SELECT language, label, preferred FROM labels WHERE concept_id = ? "
            "ORDER BY language, label",
            (concept_id,),
        ).fetchall()
        texts = self._db.execute(
            "SELECT language, text FROM descriptions WHERE concept_id = ? ORDER BY language",
            (concept_id,),
        ).fetchall()
        return Concept(
            id=concept_id,
            kind=ConceptKind(row[0]),
            preferred=tuple(LocalisedText(lang, text) for lang, text, p in labels if p),
            alternatives=tuple(LocalisedText(lang, text) for lang, text, p in labels if not p),
            descriptions=tuple(LocalisedText(lang, text) for lang, text in texts),
            source=row[1],
            code=row[2],
            isco_group=row[3],
            skill_type=row[4],
            reuse_level=self.reuse_level(concept_id),
        )

    def concepts(self, kind: ConceptKind) -> Iterator[Concept]:
        """Every concept of ``kind``, by id (e.g. all occupations for a recommender)."""
        ids = [
            r[0]
            for r in self._db.execute(
                "SELECT id FROM concepts WHERE kind = ? ORDER BY id", (kind.value,)
            )
        ]
        for concept_id in ids:
            concept = self.get(concept_id)
            if concept is not None:
                yield concept

    def counts(self) -> dict[str, int]:
        """Number of concepts per kind, and of labels per language."""
        result: dict[str, int] = {}
        for kind, n in self._db.execute("SELECT kind, COUNT(*) FROM concepts GROUP BY kind"):
            result[str(kind)] = int(n)
        for lang, n in self._db.execute("SELECT language, COUNT(*) FROM labels GROUP BY language"):
            result[f"labels_{lang}"] = int(n)
        return result
