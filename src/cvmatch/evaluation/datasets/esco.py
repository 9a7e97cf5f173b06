"""ESCO v1.2 occupations as a retrieval corpus (the candidates of the occupation benchmarks).

Source: ``esco_v1.2/ESCO_{lang}/occupations_{lang}.csv`` (3,039 occupations; columns conceptUri,
preferredLabel, altLabels newline-separated, description, code, ...). Two corpus shapes:

* one text per occupation: ``preferredLabel. altLabel1, altLabel2, …. description`` (empty parts
  are left out), keyed by the concept URI;
* one document per label (preferred label first, then alternative labels, exact duplicates
  removed), keyed ``<uri>#<n>`` and grouped by the concept URI (scored by max over labels).
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import data_file

_REQUIRED_COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description", "code")


@dataclass(frozen=True)
class Occupation:
    """One ESCO occupation."""

    uri: str
    code: str
    preferred_label: str
    alt_labels: tuple[str, ...]
    description: str

    @property
    def labels(self) -> tuple[str, ...]:
        """Preferred label then alternative labels, without exact duplicates."""
        return tuple(dict.fromkeys((self.preferred_label, *self.alt_labels)))

    @property
    def one_text(self) -> str:
        """``preferredLabel. altLabel1, altLabel2, …. description`` (empty parts left out)."""
        parts = (self.preferred_label, ", ".join(self.alt_labels), self.description)
        return ". ".join(part for part in parts if part)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InvalidInputError(f"{path}: missing columns {missing}; is this an ESCO CSV?")
        return list(reader)


def load_occupations(data_dir: Path | None = None, language: str = "en") -> list[Occupation]:
    """Read the ESCO v1.2 occupations of ``language`` (en, de or es) in file order.

    Raises:
        InvalidInputError: The file is missing or lacks an expected column.
    """
    path = data_file(data_dir, f"esco_v1.2/ESCO_{language}/occupations_{language}.csv")
    occupations = []
    for row in _read_csv(path):
        alt = (label.strip() for label in row["altLabels"].split("\n"))
        occupations.append(
            Occupation(
                uri=row["conceptUri"].strip(),
                code=row["code"].strip(),
                preferred_label=row["preferredLabel"].strip(),
                alt_labels=tuple(label for label in alt if label),
                description=row["description"].strip(),
            )
        )
    return occupations


def one_text_corpus(occupations: list[Occupation]) -> dict[str, str]:
    """Concept URI → one text per occupation."""
    return {occupation.uri: occupation.one_text for occupation in occupations}


def label_corpus(occupations: list[Occupation]) -> tuple[dict[str, str], dict[str, str]]:
    """One document per label: (``<uri>#<n>`` → label, ``<uri>#<n>`` → concept URI)."""
    corpus: dict[str, str] = {}
    groups: dict[str, str] = {}
    for occupation in occupations:
        for index, label in enumerate(occupation.labels):
            doc_id = f"{occupation.uri}#{index}"
            corpus[doc_id] = label
            groups[doc_id] = occupation.uri
    return corpus, groups
