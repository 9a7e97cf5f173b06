"""The memory table of ``docs/benchmarks/memory.md`` from ``memory_scaling`` JSON results.

Per method and corpus size: peak RSS, wall and CPU time of the full run (the largest query
count), the corpus-side CPU (the run with ``--baseline-queries``: start-up, model load,
encoding or fitting the corpus, its index) and the search CPU (full − corpus side, the part
that grows with corpus × queries); then each method's growth from its smallest to its largest
corpus as CPU ratios (load-robust, unlike wall time). Several JSON files (runs of one code
state, e.g. methods run side by side) are read as one.

Run from the repository root::

    python -m bench.perf.memory_table bench/out/titles.json bench/out/lex.json
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    """One method at one corpus size: the full run and its baseline (None when not run)."""

    method: str
    corpus: int
    queries: int
    rss: float
    wall: float
    cpu: float
    load: float
    base_cpu: float | None
    complete: bool = True
    """False: only the baseline ran (fewer queries than the others; not a growth figure)."""

    @property
    def search(self) -> float | None:
        """CPU seconds of the search: the full run minus the corpus-side baseline."""
        if self.base_cpu is None or not self.complete:
            return None
        return self.cpu - self.base_cpu


def rows(results: list[dict[str, object]]) -> list[Row]:
    """The successful full runs, each with the CPU of its baseline (fewer queries, same size)."""
    done = [r for r in results if r["exit_code"] == 0]
    most = max((int(str(r["queries"])) for r in done), default=0)
    out: list[Row] = []
    for key in dict.fromkeys((str(r["method"]), int(str(r["corpus"]))) for r in done):
        runs = sorted(
            (r for r in done if (r["method"], r["corpus"]) == key),
            key=lambda r: int(str(r["queries"])),
        )
        full = runs[-1]
        complete = int(str(full["queries"])) == most
        base = float(str(runs[0]["cpu_seconds"])) if len(runs) > 1 or not complete else None
        out.append(
            Row(
                key[0],
                key[1],
                int(str(full["queries"])),
                float(str(full["peak_rss_mib"])),
                float(str(full["seconds"])),
                float(str(full["cpu_seconds"])),
                float(str(full["load"])),
                base,
                complete,
            )
        )
    return out


def _ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or a <= 0 else f"×{b / a:.1f}"


def render(table: list[Row]) -> str:
    """The markdown table, then one growth line per method (smallest → largest corpus)."""
    lines = [
        "| method | corpus | queries | peak RSS (MiB) | wall (s) | CPU (s) | corpus-side CPU (s) "
        "| search CPU (s) | corpus-side share | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in table:
        base = "–" if r.base_cpu is None else f"{r.base_cpu:,.1f}"
        search = "–" if r.search is None else f"{r.search:,.1f}"
        share = "–" if r.search is None else f"{r.base_cpu / max(r.cpu, 0.1):.0%}"
        lines.append(
            f"| {r.method} | {r.corpus:,} | {r.queries:,} | {r.rss:,.0f} | {r.wall:,.0f} "
            f"| {r.cpu:,.1f} | {base} | {search} | {share} | {r.load:.1f} |"
        )
    lines.append("")
    for method in dict.fromkeys(r.method for r in table):
        runs = sorted(
            (r for r in table if r.method == method and r.complete), key=lambda r: r.corpus
        )
        if len(runs) > 1:
            a, b = runs[0], runs[-1]
            lines.append(
                f"- {method}: corpus ×{b.corpus / a.corpus:.1f} → peak RSS "
                f"×{b.rss / a.rss:.2f}, CPU {_ratio(a.cpu, b.cpu)}, corpus-side CPU "
                f"{_ratio(a.base_cpu, b.base_cpu)}, search CPU {_ratio(a.search, b.search)}"
            )
    return "\n".join(lines)


def main() -> None:
    """Read the JSON files, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", type=Path, nargs="+")
    options = parser.parse_args()
    results = [r for f in options.files for r in json.loads(f.read_text(encoding="utf-8"))]
    sys.stdout.write(render(rows(results)) + "\n")


if __name__ == "__main__":
    main()
