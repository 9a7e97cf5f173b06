"""RJDB dev triples → (job, CV) pairs (Megagon Labs, CC BY-SA 4.0, fully synthetic by GPT-4).

Source: ``rjdb/rjdb_dev.jsonl``, 500 triples with keys Job-Description, Resume-matched,
Resume-unmatched, Skills, Experiences, Experiences-years and Filtered-information. The unmatched
resume is the matched one with some required skills removed and experience shortened;
Filtered-information says exactly what was removed.

Each triple ``i`` gives two pairs in group ``str(i)``: (job, matched CV, label 1) and
(job, unmatched CV, label 0), 1,000 pairs in all. The headline metric is pairwise accuracy with
*strict* wins (the matched CV must score strictly higher). ``group_info[str(i)]`` keeps skills,
experiences, experience years and filtered information for requirement-level analysis.
"""

import json
import random
from pathlib import Path
from typing import Any

from cvmatch.errors import InvalidInputError
from cvmatch.evaluation.datasets.base import PairsTask, data_file
from cvmatch.evaluation.formats import Pair

_FILE = "rjdb/rjdb_dev.jsonl"
SPLIT_SEED = 20261201
"""Seed of the calibration / report halves (``make bench-requirements`` splits with it)."""
_TEXTS = ("Job-Description", "Resume-matched", "Resume-unmatched")
_INFO = {
    "Skills": "skills",
    "Experiences": "experiences",
    "Experiences-years": "experiences_years",
    "Filtered-information": "filtered_information",
}


def _parse(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InvalidInputError(f"{where}: invalid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise InvalidInputError(f"{where}: expected a JSON object")
    for key in (*_TEXTS, *_INFO):
        if key not in record:
            raise InvalidInputError(f"{where}: missing key {key!r}")
    for key in _TEXTS:
        if not isinstance(record[key], str) or not record[key].strip():
            raise InvalidInputError(f"{where}: {key!r} must be a non-empty string")
    return record


def load_rjdb_pairs(data_dir: Path | None = None) -> PairsTask:
    """Job vs matched CV (label 1) and job vs near-miss CV (label 0), grouped per triple."""
    path = data_file(data_dir, _FILE)
    pairs: list[Pair] = []
    info: dict[str, dict[str, Any]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        record = _parse(line, f"{path}:{index + 1}")
        group = str(index)
        job = record["Job-Description"].strip()
        pairs.append(Pair(job=job, cv=record["Resume-matched"].strip(), label=1, group=group))
        pairs.append(Pair(job=job, cv=record["Resume-unmatched"].strip(), label=0, group=group))
        info[group] = {target: record[source] for source, target in _INFO.items()}
    return PairsTask(
        name="rjdb_pairs",
        pairs=tuple(pairs),
        language="en",
        description="RJDB dev: each job with its matched CV (1) and a near-miss copy (0); "
        "headline metric = strict pairwise accuracy within each triple",
        group_info=info,
        primary_metric="pairwise_accuracy",
    )


def rjdb_halves(count: int, seed: int = SPLIT_SEED) -> tuple[list[int], list[int]]:
    """(calibration half, report half) triple indices: a seeded shuffle cut in two, each sorted.

    The report half is the held-out set of every RJDB figure; only the calibration half may
    be trained or tuned on.

    >>> calibration, report = rjdb_halves(500)
    >>> len(calibration), len(report), set(calibration) & set(report)
    (250, 250, set())
    """
    order = list(range(count))
    random.Random(seed).shuffle(order)  # noqa: S311 - a reproducible split, not a secret
    half = count // 2
    return sorted(order[:half]), sorted(order[half:])
