"""Precision and recall of the CV redaction per kind of personal data (issue 22 item 1).

Protocol: two sets of short CV snippets written and labelled by hand (``tests/audit/data``):
``redaction_labelled.txt`` (42 snippets, EN/FR/DE/ES + KO/ZH contact lines), on which the rules
were developed, and ``redaction_heldout.txt`` (20 snippets) written afterwards and scored
once, never used to change a rule. Matching rules are in :mod:`cvmatch.audit.labelled` (a gold
span counts as recalled when fully masked; a predicted span as correct when at least half of it
is personal data).

Run (from the repository root; a second):
  PYTHONPATH=$PWD/src python -m bench.quality.redaction [--json]
"""

import argparse
import json
import sys
from pathlib import Path

from bench.common import ROOT
from cvmatch.audit.labelled import EntityScore, evaluate, load_snippets
from cvmatch.redaction import find_spans

SETS = ("redaction_labelled", "redaction_heldout")
DATA = ROOT / "tests" / "audit" / "data"


def _rows(path: Path) -> list[EntityScore]:
    return evaluate(load_snippets(path), find_spans)


def main() -> None:
    """Print a table (or JSON) of precision and recall per set and kind of personal data."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    results = {name: _rows(DATA / f"{name}.txt") for name in SETS}
    if args.json:
        payload = {
            name: {
                str(r.entity): {"gold": r.gold, "recall": r.recall, "precision": r.precision}
                for r in rows
            }
            for name, rows in results.items()
        }
        sys.stdout.write(json.dumps(payload, indent=2) + "\n")
        return
    for name, rows in results.items():
        sys.stdout.write(f"{name}\n{'entity':10}{'gold':>6}{'recall':>8}{'pred':>6}{'prec.':>7}\n")
        for r in rows:
            line = f"{r.entity!s:10}{r.gold:6d}{r.recall:8.2f}{r.predicted:6d}{r.precision:7.2f}"
            sys.stdout.write(line + "\n")


if __name__ == "__main__":
    main()
