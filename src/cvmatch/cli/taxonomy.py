"""``cvmatch taxonomy``: import ESCO or custom skill lists, look labels up."""

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from cvmatch.cli.errors import reports_errors
from cvmatch.cli.render import stdout
from cvmatch.engine import Engine

app = typer.Typer(no_args_is_help=True, help="Skills and occupations: import and look up.")
import_app = typer.Typer(no_args_is_help=True, help="Import a taxonomy into the cache's SQLite.")
app.add_typer(import_app, name="import")


@import_app.command("esco")
@reports_errors
def import_esco(
    path: Annotated[Path, typer.Argument(help="Unzipped ESCO CSV download (folder or file).")],
) -> None:
    """Import ESCO skills, occupations and ISCO groups in every language present."""
    counts = Engine().taxonomy.import_esco(path)
    stdout.print(json.dumps(counts, indent=2), highlight=False)


@import_app.command("custom")
@reports_errors
def import_custom(
    file: Annotated[Path, typer.Argument(help="CSV (label,aliases) or YAML (label: [aliases]).")],
) -> None:
    """Import custom skills with aliases (k8s → Kubernetes) on top of ESCO."""
    counts = Engine().taxonomy.import_custom_skills(file)
    stdout.print(json.dumps(counts, indent=2), highlight=False)


@app.command("lookup")
@reports_errors
def lookup(label: Annotated[str, typer.Argument(help="A skill label or alias.")]) -> None:
    """Show the concept a label maps to (JSON, null when unknown)."""
    hit = Engine().requirement_matcher().gazetteer.lookup(label)
    payload = {"concept_id": hit.concept_id, "label": hit.label} if hit else None
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
