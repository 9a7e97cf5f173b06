"""Per-CV cost of the multilingual term and line preparation, on the shipped example CVs.

    .venv/bin/python -m bench.perf.requirements_cost

Times (ms per CV, mean over 20 passes): the CV's lexical terms in its own language only (the
previous rule), in every supported language (the current rule), its stemmed lines, and its lines
glossed with taxonomy labels (the requirement checks' view).
"""

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import ROOT
from cvmatch.engine import Engine
from cvmatch.scoring.cvlines import cv_lines
from cvmatch.scoring.lexical import cv_terms
from cvmatch.scoring.requirements import cv_view
from cvmatch.scoring.terms import key_terms
from cvmatch.settings import Settings
from cvmatch.types import Document

PASSES = 20


def per_cv_ms(cvs: list[Document], step: Callable[[int, Document], object]) -> float:
    start = time.perf_counter()
    for _ in range(PASSES):
        for index, cv in enumerate(cvs):
            step(index, cv)
    return round((time.perf_counter() - start) / PASSES / len(cvs) * 1000, 3)


def main() -> None:
    argparse.ArgumentParser(description=__doc__).parse_args()  # --help only
    cache = Path(tempfile.gettempdir()) / "cvmatch-bench-cache"
    engine = Engine(Settings(cache_dir=cache, reference_date="2026-01"))
    cvs = [engine.parse(p) for p in sorted((ROOT / "examples" / "cvs").iterdir())]
    matcher = engine.requirement_matcher()
    facts = [matcher.facts(cv) for cv in cvs]
    rows = {
        "terms, own language (previous)": lambda _i, c: frozenset(key_terms(c.text, c.language)),
        "terms, every language (now)": lambda _i, c: cv_terms(c),
        "lines, stemmed": lambda _i, c: cv_lines(c, "en"),
        "lines, glossed (now)": lambda i, c: cv_view(c, facts[i], "en"),
    }
    for name, step in rows.items():
        print(f"{name:34s} {per_cv_ms(cvs, step):7.3f} ms per CV")


if __name__ == "__main__":
    main()
