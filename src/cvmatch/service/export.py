"""A job's whole (re-)ranked list as the ``cvmatch.ranking/1`` JSON or its CSV (docs/output.md)."""

import csv
import io
from typing import Any

from cvmatch import output
from cvmatch.workspace.records import JobRecord, RankPage

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection)."""


def ranking_payload(job: JobRecord, page: RankPage) -> dict[str, Any]:
    """The ranking JSON of the CLI, with the service's extra fields per row.

    ``score`` is the list order (star blend when stars exist); ``job_score`` the job match alone.
    """
    results = []
    for item in page.items:
        c = item.candidate
        row = {"rank": item.rank, "id": c.name, "source": c.filename, "language": c.language}
        row |= output.match_to_dict(item.match)
        row |= {
            "score": item.score,
            "job_score": item.match.score,
            "candidate_id": c.id,
            "starred": item.starred,
            "decision": item.decision.value if item.decision else None,
        }
        if item.llm is not None:  # the job's LLM switch re-read it: as ``cvmatch rank --llm``
            row |= {"fused_score": item.llm.fused_score, "llm": item.llm.review}
        results.append(row)
    return {
        "schema": output.RANKING_SCHEMA,
        "query": {
            "id": f"job-{job.id}",
            "kind": "job",
            "source": job.title,
            "language": job.language,
        },
        "scale": output.SCORE_SCALE,
        "stars": list(page.stars),
        "star_weight": page.star_weight,
        "results": results,
        "skipped": [],
    }


def ranking_csv(payload: dict[str, Any]) -> str:
    """The CSV of :func:`ranking_payload` (columns of ``docs/output.md``), safe to open.

    Cells are neutralised against formula injection (:func:`neutralise`).
    """
    rows = csv.reader(io.StringIO(output.ranking_to_csv(payload)))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return buffer.getvalue()


def neutralise(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would run it as a formula (OWASP).

    Numbers stay as they are, so a negative value is still a number.

    >>> neutralise("=1+2"), neutralise("-1.5"), neutralise("@SUM(A1)"), neutralise("ok")
    ("'=1+2", '-1.5', "'@SUM(A1)", 'ok')
    """
    if not cell.startswith(_FORMULA_STARTS) or _is_number(cell):
        return cell
    return "'" + cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
