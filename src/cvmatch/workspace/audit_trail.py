"""The audit trail's context and export (issue 22 item 5, docs/audit.md).

Exports (rankings, pool reports, bias audits) are logged with who and when (every audit row
has them) and with :func:`scoring_context`: the model ids behind the exported scores and the
settings that shaped them. :func:`export_audit` hands the whole trail (or one job's) out as
JSON lines or CSV, and logs that it did.
"""

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from cvmatch.errors import InvalidInputError
from cvmatch.types import Match
from cvmatch.workspace import feedback
from cvmatch.workspace.context import Context, audit
from cvmatch.workspace.records import User

__all__ = ["AUDIT_FORMATS", "export_audit", "log_export", "scoring_context"]

AUDIT_FORMATS = ("jsonl", "csv")
_COLUMNS = ("at", "user", "action", "job_id", "candidate_id", "detail")


def scoring_context(ctx: Context, matches: Iterable[Match] = ()) -> dict[str, Any]:
    """Model ids of ``matches`` (dense encoders, trained stages) and the scoring settings."""
    models: set[str] = set()
    for match in matches:
        models.add(match.signals.dense_model)
        models.update(stage.model for stage in match.stages)
    settings = ctx.settings
    return {
        "model_ids": sorted(m for m in models if m),
        "settings": {
            "redact": ctx.engine.redact,
            "english_encoder": settings.english_encoder,
            "multilingual_encoder": settings.multilingual_encoder,
            "feedback_encoder": settings.feedback_encoder,
            "dense_weight": settings.dense_weight,
            "lexical_weight": settings.lexical_weight,
            "star_weight": settings.star_weight,
        },
    }


def log_export(
    ctx: Context, user: User | None, job_id: int, fmt: str, matches: Iterable[Match] = ()
) -> None:
    """Record that ``user`` exported something of the job (``fmt``), with its scoring context."""
    with ctx.db.begin() as conn:
        detail = {"format": fmt} | scoring_context(ctx, matches)
        audit(conn, user, "exported", job_id, detail=detail)


def export_audit(ctx: Context, user: User | None, job_id: int | None, fmt: str) -> str:
    """The audit trail (one job's, or all) as JSON lines or CSV; the export itself is logged."""
    if fmt not in AUDIT_FORMATS:
        raise InvalidInputError(f"format must be one of {list(AUDIT_FORMATS)}, got {fmt!r}")
    rows = feedback.audit_log(ctx, job_id)
    with ctx.db.begin() as conn:
        detail = {"format": fmt, "rows": len(rows)}
        audit(conn, user, "audit_exported", job_id, detail=detail)
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(_COLUMNS)
    for row in rows:
        values = [row[c] for c in _COLUMNS]
        writer.writerow(["" if v is None else _cell(v) for v in values])
    return buffer.getvalue()


def _cell(value: object) -> str:
    """A CSV cell: JSON for the detail, text otherwise, neutralised against formulas (OWASP)."""
    text = (
        json.dumps(value, ensure_ascii=False, sort_keys=True)
        if isinstance(value, dict)
        else str(value)
    )
    return "'" + text if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text
