"""ESCO occupation labels per language, the occupation split, and head-training pairs.

Data (``../shared/data``, ESCO: free reuse with attribution, "ESCO, European Commission"):
``esco_v1.2/ESCO_{en,de,es}/occupations_xx.csv`` (3,039 occupations) and
``esco_v1.0_fr_es/occupations_fr.csv`` (2,942; ESCO v1.2 has no French file here). Each row gives
an occupation URI, its preferred label and its alternative labels (newline-separated).

The split is by occupation and shared by every language (docs/benchmarks/languages.md): a
occupation held out in German is held out in French and English too, so a head trained on
several languages never sees a test occupation through another language. Example::

    >>> occupation_split("http://data.europa.eu/esco/occupation/x") in SPLITS
    True
"""

import csv
import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cvmatch.training.records import TrainingPair

SPLITS = ("train", "validation", "test")
TEST_PERCENT = 15
VALIDATION_PERCENT = 10

ESCO_FILES = {
    "en": "esco_v1.2/ESCO_en/occupations_en.csv",
    "de": "esco_v1.2/ESCO_de/occupations_de.csv",
    "es": "esco_v1.2/ESCO_es/occupations_es.csv",
    "fr": "esco_v1.0_fr_es/occupations_fr.csv",
}
"""Occupation files per language, relative to the data folder."""


@dataclass(frozen=True)
class OccupationLabels:
    """The labels of one occupation in one language (``alt`` sorted, without ``preferred``)."""

    uri: str
    language: str
    preferred: str
    alt: tuple[str, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        """The preferred label, then the alternatives."""
        return (self.preferred, *self.alt)


def occupation_split(uri: str) -> str:
    """``train``, ``validation`` or ``test`` from a hash of the occupation URI (15 % / 10 % test / val)."""
    bucket = int(hashlib.sha256(uri.encode("utf-8")).hexdigest(), 16) % 100
    if bucket < TEST_PERCENT:
        return "test"
    if bucket < TEST_PERCENT + VALIDATION_PERCENT:
        return "validation"
    return "train"


def read_occupations(path: Path, language: str) -> dict[str, OccupationLabels]:
    """Occupations of one ESCO ``occupations_xx.csv`` by URI (rows without a label skipped)."""
    found: dict[str, OccupationLabels] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            preferred = (row.get("preferredLabel") or "").strip()
            if not preferred:
                continue
            alt = {a.strip() for a in (row.get("altLabels") or "").split("\n")} - {"", preferred}
            uri = row["conceptUri"].strip()
            found[uri] = OccupationLabels(uri, language, preferred, tuple(sorted(alt)))
    return found


def load_languages(
    data_dir: Path, languages: Iterable[str]
) -> dict[str, dict[str, OccupationLabels]]:
    """``{language: {uri: labels}}`` for the languages of :data:`ESCO_FILES`."""
    return {lang: read_occupations(data_dir / ESCO_FILES[lang], lang) for lang in languages}


def head_pairs(
    esco: Mapping[str, Mapping[str, OccupationLabels]],
    languages: Sequence[str],
    cross_language: str | None = None,
    max_per_occupation: int = 8,
    seed: int = 42,
) -> list[TrainingPair]:
    """Training pairs of the ``train`` occupations only; ``group`` = the occupation URI.

    Per language: (alternative label, preferred label) and (alternative, alternative) pairs of one
    occupation, at most ``max_per_occupation`` of them (seeded sample). With ``cross_language``
    (e.g. ``"en"``), up to half as many labels of another language are also paired with that
    language's preferred label, which keeps the languages in one space.
    """
    rng = random.Random(seed)  # noqa: S311 (a seeded sample, not a secret)
    pairs: list[TrainingPair] = []
    for lang in languages:
        for uri, occ in sorted(esco[lang].items()):
            if occupation_split(uri) != "train":
                continue
            same = [(a, occ.preferred) for a in occ.alt]
            same += [(a, b) for i, a in enumerate(occ.alt) for b in occ.alt[i + 1 :]]
            rng.shuffle(same)
            chosen = same[:max_per_occupation]
            target = esco.get(cross_language or "", {}).get(uri)
            if target is not None and lang != cross_language:
                cross = [(label, target.preferred) for label in occ.labels]
                rng.shuffle(cross)
                chosen += cross[: max_per_occupation // 2]
            pairs += [
                TrainingPair(query=q, document=d, group=uri, origin=f"esco-{lang}")
                for q, d in chosen
            ]
    return pairs
