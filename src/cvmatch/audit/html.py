"""The candidate-pool report as one self-contained HTML file (charts inline, no network).

Sections: the score histogram over the calibrated bands, the requirements most often missing,
met / partial / missing per requirement, skills, years of experience, languages, and a table of
the CVs. Every text from a document is HTML-escaped.
"""

from html import escape

from cvmatch.audit import charts
from cvmatch.audit.pool import PoolSummary

__all__ = ["render_pool_report"]

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 2em; }
figure { margin: 0; } svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.9em; }
th, td { border-bottom: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; }
td.num { text-align: right; } .muted { color: #666; }
"""


def render_pool_report(summary: PoolSummary, redacted: bool = False) -> str:
    """The report's HTML for ``summary`` (``redacted``: the CVs were scored blind)."""
    bands = ", ".join(f"{name}: {count}" for name, count in summary.band_counts().items())
    sections = [
        _section("Scores", charts.score_histogram([r.score for r in summary.rows]), bands),
        _chart_or_note(
            "Requirements most often missing",
            summary.most_missing(),
            "CVs missing it",
            "No requirement is missing from any CV.",
        ),
        _section(
            "Requirements: met, partial, missing",
            charts.status_chart(summary.status_counts()) if summary.requirements else "",
            "" if summary.requirements else "No requirement was extracted from the job.",
        ),
        _chart_or_note("Skills", summary.skills(), "CVs naming it", "No known skill was found."),
        _section("Years of experience", charts.years_histogram([r.years for r in summary.rows])),
        _chart_or_note("Languages", summary.languages(), "CVs", "No language found."),
        _section("Candidates", _table(summary)),
    ]
    blind = " Scored blind: personal data was redacted first." if redacted else ""
    title = f"Candidate pool for {escape(summary.job_id)}"
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{title}</h1><p class='muted'>{len(summary.rows)} CVs.{blind}</p>"
        + "".join(sections)
        + "</body></html>\n"
    )


def _chart_or_note(title: str, counts: list[tuple[str, int]], xlabel: str, empty: str) -> str:
    if not counts:
        return _section(title, "", empty)
    return _section(title, charts.bar_chart(counts, xlabel))


def _section(title: str, body: str, note: str = "") -> str:
    paragraph = f"<p class='muted'>{escape(note)}</p>" if note else ""
    figure = f"<figure>{body}</figure>" if body.startswith("<svg") else body
    return f"<section><h2>{escape(title)}</h2>{paragraph}{figure}</section>"


def _table(summary: PoolSummary) -> str:
    head = "<tr><th>#</th><th>CV</th><th>score</th><th>band</th><th>years</th><th>missing</th></tr>"
    rows = []
    for rank, row in enumerate(summary.rows, start=1):
        missing = ", ".join(text for text, status in row.statuses if status == "missing")
        rows.append(
            f"<tr><td class='num'>{rank}</td><td>{escape(row.cv_id)}</td>"
            f"<td class='num'>{row.score:.1f}</td><td>{row.band}</td>"
            f"<td class='num'>{row.years:g}</td><td>{escape(missing)}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"
