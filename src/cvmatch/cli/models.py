"""``cvmatch models`` (encoders and shipped stages, installed or not) and ``cvmatch build-models``.

``build-models`` builds the locally quantised models once (see docs/performance.md).
"""

import json
import sys
from typing import Annotated

import typer

from cvmatch.cli import render
from cvmatch.cli.errors import reports_errors
from cvmatch.cli.options import PairFormat
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine.public import build_minilm_int8, encoder_status


@reports_errors
def models(
    fmt: Annotated[PairFormat, typer.Option("--format", "-f")] = PairFormat.TABLE,
) -> None:
    """List the encoders and shipped stages cvmatch knows and whether each is installed."""
    infos = encoder_status()
    if fmt is PairFormat.JSON:
        rows = [
            {
                "name": i.name,
                "kind": i.kind,
                "installed": i.installed,
                "languages": list(i.languages),
                "dim": i.dim,
                "description": i.description,
                "active": list(i.active),
                "held_out": list(i.held_out),
                "stage": i.stage,
                "opt_in": i.opt_in,
            }
            for i in infos
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    stdout.print(render.models_table(infos))


@reports_errors
def build_models(
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when the model file exists.")
    ] = False,
) -> None:
    """Build the fast int8 MiniLM (``minilm-int8``) from the packaged weights, offline (~15 s)."""
    with stderr.status("building the int8 MiniLM from the packaged float32 weights"):
        path = build_minilm_int8(force=force)
    typer.echo(str(path))
