"""Self-reported categories from a CSV file, and the JSON shape of a bias audit.

The store records no demographic data; a bias audit joins the job's stored scores and decisions
with what candidates reported about themselves, collected by the employer's own (voluntary)
form and exported as CSV: ``candidate_id,sex,race_ethnicity``; an empty cell means not reported.
Nothing is ever inferred from names or text.
"""

import csv
from dataclasses import asdict
from pathlib import Path
from typing import Any

from cvmatch.audit.bias import BiasAudit
from cvmatch.errors import InvalidInputError

__all__ = ["audit_to_dict", "read_categories"]

DIMENSIONS = ("sex", "race_ethnicity")


def read_categories(path: Path) -> dict[int, dict[str, str]]:
    """Candidate id → reported categories (only the non-empty ones) from ``path``."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or "candidate_id" not in reader.fieldnames:
            raise InvalidInputError(f"{path}: needs a candidate_id column, then sex/race_ethnicity")
        found: dict[int, dict[str, str]] = {}
        for line, row in enumerate(reader, start=2):
            try:
                candidate = int(row["candidate_id"])
            except ValueError as error:
                raise InvalidInputError(f"{path}:{line}: candidate_id must be a number") from error
            found[candidate] = {d: row[d].strip() for d in DIMENSIONS if (row.get(d) or "").strip()}
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
