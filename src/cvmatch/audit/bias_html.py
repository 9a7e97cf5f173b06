"""The bias-audit report as one self-contained HTML page (the service's audit page shows it).

The layout of a Local Law 144 summary: a heading with the job, the number of applicants and of
those decided, then one table per dimension (sex, race/ethnicity, their intersection) with, per
category, applicants, selected, selection rate and impact ratio, scoring rate (share above the
pool's median score) and scoring impact ratio, and the score quartiles. A category with too few
applicants shows its note instead of numbers. Every text is HTML-escaped.

>>> html = render_bias_report({"job_id": 3, "applicants": 0, "decided": 0, "median_score": 0.0,
...                            "rows": []}, "Nurse")
>>> "No candidate of this job has reported a category yet" in html
True
"""

from html import escape
from itertools import groupby
from typing import Any

__all__ = ["render_bias_report"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 64em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; }
td.num { text-align: right; } .muted { color: #666; }
"""
_HEAD = (
    "category", "applicants", "selected", "selection rate", "impact ratio",
    "scoring rate", "scoring impact ratio", "scores (q1 / median / q3)",
)  # fmt: skip
_TITLES = {"sex": "Sex", "race_ethnicity": "Race/ethnicity"}


def render_bias_report(payload: dict[str, Any], job_title: str) -> str:
    """The page for a ``cvmatch.audit.bias/v1`` payload of the job called ``job_title``."""
    title = f"Bias audit: {escape(job_title)} (job {int(payload['job_id'])})"
    summary = (
        f"{payload['applicants']} applicants scored, {payload['decided']} with a decision; "
        f"median score {payload['median_score']:.1f} (0–100). Selected: shortlisted. "
        "Categories are what candidates reported about themselves, never inferred."
    )
    tables = [
        f"<h2>{escape(_TITLES.get(dimension, dimension.replace('_', '/')))}</h2>"
        + _table(list(rows))
        for dimension, rows in groupby(payload["rows"], key=lambda r: r["dimension"])
    ]
    if not tables:
        tables = ["<p>No candidate of this job has reported a category yet.</p>"]
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{_STYLE}</style></head><body><h1>{title}</h1>"
        f"<p class='muted'>{escape(summary)}</p>" + "".join(tables) + "</body></html>\n"
    )


def _table(rows: list[dict[str, Any]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in _HEAD)
    body = "".join(_row(row) for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _row(row: dict[str, Any]) -> str:
    q1, median, q3 = row["score_quartiles"]
    cells = [f"<td>{escape(row['category'])}</td>", _num(row["applicants"]), _num(row["selected"])]
    if row["note"]:
        cells.append(f"<td colspan='4' class='muted'>{escape(row['note'])}</td>")
    else:
        cells += [_num(row[k]) for k in ("selection_rate", "selection_impact")]
        cells += [_num(row[k]) for k in ("scoring_rate", "scoring_impact")]
    cells.append(f"<td class='num'>{q1:.1f} / {median:.1f} / {q3:.1f}</td>")
    return "<tr>" + "".join(cells) + "</tr>"


def _num(value: float | None) -> str:
    if value is None:
        return "<td class='num'>–</td>"
    text = str(value) if isinstance(value, int) else f"{value:.2f}"
    return f"<td class='num'>{text}</td>"
