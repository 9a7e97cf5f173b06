"""An ESCO occupation taxonomy made of a ``memory_scaling`` corpus: ``recommend`` at that size.

``cvmatch recommend`` ranks occupations by their labels (every language), so its index grows
with the labels of the imported taxonomy. To measure it at the corpus sizes of
:mod:`bench.perf.memory_scaling`, the first N labels of the same shuffled pool (same seed, same
order: 10k ⊂ 30k ⊂ 100k) are written back as ESCO occupation files, one per source file, each
occupation with the labels of it that were drawn (its preferred label when drawn, else the first
drawn one, as ``preferredLabel``; the others as ``altLabels``) and its ISCO group, code and
description. ``cvmatch taxonomy import esco FOLDER`` reads them as it reads the download.
Skills are not written: the index holds labels and one text per occupation, not skills.
"""

import csv
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_LANGUAGE = re.compile(r"occupations_(?P<lang>[a-z]{2}(?:-[a-z]{2})?)\.csv$")
COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description", "code", "iscoGroup")


@dataclass(frozen=True)
class LabelRecord:
    """One label of one ESCO file and what its occupation row says."""

    source: int
    """Index of the file in the pool's files (corpus files, then extra files)."""
    uri: str
    label: str
    preferred: bool
    row: tuple[str, str, str]
    """``(description, code, iscoGroup)`` of the occupation in that file."""


def records(path: Path, source: int) -> list[LabelRecord]:
    """Every preferred and alternative label of an ESCO CSV, in the order ``labels`` reads them."""
    rows: list[LabelRecord] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            about = (
                (record.get("description") or "").strip(),
                (record.get("code") or "").strip(),
                (record.get("iscoGroup") or "").strip(),
            )
            texts = [record["preferredLabel"], *(record.get("altLabels") or "").split("\n")]
            rows.extend(
                LabelRecord(source, record["conceptUri"], t.strip(), i == 0, about)
                for i, t in enumerate(texts)
                if t.strip()
            )
    return rows


@dataclass(frozen=True)
class Pool:
    """The label pool of ``memory_scaling.write_task``: its files and shuffle seed."""

    data: Path
    files: Sequence[str]
    extra: Sequence[str]
    """Shuffled on their own and appended after ``files``."""
    seed: int

    @property
    def names(self) -> tuple[str, ...]:
        """Every file, in source-index order."""
        return (*self.files, *self.extra)


def drawn(pool: Pool, size: int) -> list[LabelRecord]:
    """The first ``size`` labels of the pool, in ``write_task``'s order (same shuffles)."""
    names = pool.names
    head = [r for i in range(len(pool.files)) for r in records(pool.data / names[i], i)]
    tail = [r for i in range(len(pool.files), len(names)) for r in records(pool.data / names[i], i)]
    random.Random(pool.seed).shuffle(head)  # noqa: S311 - the permutation write_task uses
    random.Random(pool.seed).shuffle(tail)  # noqa: S311
    return (head + tail)[:size]


def write_taxonomy(folder: Path, pool: Pool, size: int) -> int:
    """Write the taxonomy of the first ``size`` labels under ``folder``; return the label count."""
    names = pool.names
    chosen = drawn(pool, size)
    by_file: dict[int, dict[str, list[LabelRecord]]] = {}
    for record in chosen:
        by_file.setdefault(record.source, {}).setdefault(record.uri, []).append(record)
    for source, occupations in sorted(by_file.items()):
        match = _LANGUAGE.search(names[source])
        if match is None:
            raise SystemExit(f"not an ESCO occupations file name: {names[source]}")
        out = folder / str(source) / f"occupations_{match['lang']}.csv"
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            for uri, found in sorted(occupations.items()):
                first = next((r for r in found if r.preferred), found[0])
                alts = [r.label for r in found if r is not first]
                writer.writerow((uri, first.label, "\n".join(alts), *first.row))
    return len(chosen)
