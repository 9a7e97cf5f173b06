"""Self-reported categories from CSV, and the JSON shape of a bias audit.

A bias audit joins the job's stored scores and decisions with what candidates reported about
themselves, collected by the employer's own (voluntary) form: recorded in the workspace (API or
CSV import, ``candidate_categories``) or given as a CSV file ``candidate_id,sex,race_ethnicity``;
an empty cell means not reported. Nothing is ever inferred from names or text.

>>> parse_categories("candidate_id,sex,race_ethnicity\\n3,female,\\n4,, Asian\\n")
{3: {'sex': 'female'}, 4: {'race_ethnicity': 'Asian'}}
"""

import csv
import io
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cvmatch.audit.bias import BiasAudit
from cvmatch.errors import InvalidInputError

__all__ = ["DIMENSIONS", "MAX_CATEGORY", "audit_to_dict", "parse_categories", "read_categories"]

DIMENSIONS = ("sex", "race_ethnicity")
MAX_CATEGORY = 64
"""Longest category label stored (the column's width)."""


def read_categories(path: Path) -> dict[int, dict[str, str]]:
    """Candidate id → reported categories (only the non-empty ones) from the CSV at ``path``."""
    return parse_categories(path.read_text(encoding="utf-8-sig"), str(path))


def parse_categories(text: str, source: str = "categories.csv") -> dict[int, dict[str, str]]:
    """Candidate id → reported categories (only the non-empty ones) from CSV ``text``."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None or "candidate_id" not in reader.fieldnames:
        raise InvalidInputError(f"{source}: needs a candidate_id column, then sex/race_ethnicity")
    found: dict[int, dict[str, str]] = {}
    for line, row in enumerate(reader, start=2):
        try:
            candidate = int(row["candidate_id"])
        except (TypeError, ValueError) as error:
            raise InvalidInputError(f"{source}:{line}: candidate_id must be a number") from error
        reported = {d: (row.get(d) or "").strip() for d in DIMENSIONS}
        if any(len(value) > MAX_CATEGORY for value in reported.values()):
            raise InvalidInputError(
                f"{source}:{line}: a category holds at most {MAX_CATEGORY} characters"
            )
        found[candidate] = {d: value for d, value in reported.items() if value}
    return found


def audit_to_dict(audit: BiasAudit, job_id: int) -> dict[str, Any]:
    """The JSON of ``cvmatch audit report --format json`` (docs/audit.md)."""
    return {
        "schema": "cvmatch.audit.bias/v1",
        "job_id": job_id,
        "applicants": audit.applicants,
        "decided": audit.decided,
        "median_score": audit.median_score,
        "rows": [asdict(row) for row in audit.rows],
    }
