"""``cvmatch build-models``: build the locally quantised models once (see docs/performance.md)."""

from typing import Annotated

import typer
from rich.console import Console

from cvmatch.encoders.minilm_build import ensure_minilm_int8
from cvmatch.settings import get_settings

_err = Console(stderr=True)


def build_models_command(
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when the model file exists.")
    ] = False,
) -> None:
    """Build the fast int8 MiniLM (``minilm-int8``) from the packaged weights, offline (~15 s)."""
    with _err.status("building the int8 MiniLM from the packaged float32 weights"):
        path = ensure_minilm_int8(get_settings().built_models_dir, force=force)
    typer.echo(str(path))
