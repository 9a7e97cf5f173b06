"""A job's whole (re-)ranked list as the ``cvmatch.ranking/1`` JSON or its CSV (docs/output.md)."""

from typing import Any

from cvmatch import output
from cvmatch.workspace.records import JobRecord, RankPage


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
    """The CSV of :func:`ranking_payload` (columns of ``docs/output.md``)."""
    return output.ranking_to_csv(payload)
