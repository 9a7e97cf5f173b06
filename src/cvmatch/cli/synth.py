"""``cvmatch synth pairs``: synthetic job ↔ CV training pairs, leakage-checked (docs/llm.md)."""

from pathlib import Path
from typing import Annotated

import typer

from cvmatch.cli.errors import reports_errors
from cvmatch.cli.render import stderr, stdout
from cvmatch.engine import SynthOptions, SynthResult, write_synthetic_pairs
from cvmatch.settings import Settings

app = typer.Typer(no_args_is_help=True, help="Generate synthetic training data.")


@app.command("pairs")
@reports_errors
def pairs(
    out: Annotated[Path, typer.Option("--out", help="File to write (.jsonl or .csv).")],
    occupations: Annotated[
        int, typer.Option("--occupations", help="ESCO occupations to sample (4 pairs each).")
    ] = 200,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Evaluation data to check leakage against."),
    ] = None,
    llm: Annotated[
        bool, typer.Option("--llm", help="Write the texts through the configured LLM endpoint.")
    ] = False,
) -> None:
    """Job ↔ CV pairs and near misses from ESCO, deduplicated and leakage-checked."""
    options = SynthOptions(occupations=occupations, seed=seed, data_dir=data_dir)
    result = write_synthetic_pairs(Settings(), out, options, use_llm=llm)
    _report(result, out)


def _report(result: SynthResult, out: Path) -> None:
    leak = result.leakage
    stdout.print(
        f"wrote {len(result.pairs)} pairs to {out} ({result.mode}): generated "
        f"{result.generated}, {result.duplicates} duplicates and {result.leaking} leaking "
        f"dropped (texts: {len(leak.exact)} exact, {len(leak.near)} near-duplicate)",
        highlight=False,
    )
    if result.mode != "offline":
        stdout.print(
            f"llm: {result.requests} requests, {result.fallbacks} occupations written from "
            "templates instead",
            highlight=False,
        )
    checked = ", ".join(f"{name} ({n})" for name, n in leak.checked.items()) or "none"
    stdout.print(f"leakage checked against: {checked}", highlight=False)
    for name, why in leak.not_checked.items():
        stderr.print(f"[yellow]not checked[/] {name}: {why}", highlight=False)
