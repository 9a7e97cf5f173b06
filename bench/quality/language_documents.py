"""Do the title heads help on longer texts? A document-level proxy for ``hybrid`` (issue 20).

The shipped heads (``use-m3-esco-de|es|fr``) were trained and measured on job titles. ``hybrid``
compares whole CVs and job ads, and no non-English CV ↔ job set is in ``../shared/data``; this
proxy uses ESCO's occupation **descriptions** (one to three sentences) of the **validation**
occupations (docs/benchmarks/languages.md's split), per language L = de, es, fr:

* ``desc-L-en``: each L description ranks the English descriptions (a German CV against English
  ads: the mixed case a head serves) — saturated (MAP 1.0: the descriptions are translations);
* ``desc-L-enlabels``: each L description ranks the English label lists (preferred +
  alternatives joined);
* ``desc-L-labels``: each L description ranks the L label lists (a short profile in the same
  language).

The French ESCO file here (v1.0) has no descriptions: French is not measured.

Relevant = the same occupation; MAP over the full ranking; ``use-m3`` vs ``use-m3`` + the shipped
head of L (applied to both sides, as a route would). Informational: it does not change a
default (see docs/languages.md for what else ``hybrid`` would need).

Run from the repo root::

    CVMATCH_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.language_documents
"""

import csv
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, OUT, write_json
from bench.quality.language_tasks import mean_average_precision
from cvmatch.encoders import DenseEncoder, EmbeddingCache, load_encoder
from cvmatch.encoders.shipped import WEIGHTS_DIR
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.bootstrap import paired_bootstrap_ci
from cvmatch.training.language_data import ESCO_FILES, occupation_split
from cvmatch.training.language_head import project

LANGUAGES = ("de", "es")


def read_documents(path: Path) -> dict[str, tuple[str, str]]:
    """``{uri: (description, "preferred, alt1, alt2 …")}`` of the validation occupations."""
    found: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            uri = row["conceptUri"].strip()
            description = " ".join((row.get("description") or "").split())
            preferred = (row.get("preferredLabel") or "").strip()
            if occupation_split(uri) != "validation" or not description or not preferred:
                continue
            alt = sorted({a.strip() for a in (row.get("altLabels") or "").split("\n")} - {""})
            found[uri] = (description, ", ".join([preferred, *alt]))
    return found


def average_precision(queries: np.ndarray, corpus: np.ndarray) -> np.ndarray:
    """AP of query ``i`` whose one relevant document is corpus row ``i``."""
    return mean_average_precision(queries @ corpus.T, np.eye(len(queries), dtype=bool))


def main() -> None:
    encoder = load_encoder("use-m3", threads=1, cache=EmbeddingCache(OUT / "embeddings.sqlite"))
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit("use-m3 is not dense")
    english = read_documents(DATA_DIR / ESCO_FILES["en"])
    results: dict[str, dict[str, object]] = {}
    for lang in LANGUAGES:
        own = read_documents(DATA_DIR / ESCO_FILES[lang])
        uris = sorted(set(own) & set(english))
        with np.load(WEIGHTS_DIR / f"use-m3-esco-{lang}" / "head.npz") as saved:
            head = dict(saved)
        base = {
            "query": encoder.encode([own[u][0] for u in uris], role="passage"),
            "en": encoder.encode([english[u][0] for u in uris], role="passage"),
            "enlabels": encoder.encode([english[u][1] for u in uris], role="passage"),
            "labels": encoder.encode([own[u][1] for u in uris], role="passage"),
        }
        for target in ("en", "enlabels", "labels"):
            values = {
                "use-m3": average_precision(base["query"], base[target]),
                "head": average_precision(
                    project(base["query"], head), project(base[target], head)
                ),
            }
            delta = paired_bootstrap_ci(values["head"], values["use-m3"], seed=0)
            row: dict[str, object] = {"queries": len(uris)}
            for name, per_query in values.items():
                ci = bootstrap_ci(per_query, seed=0)
                row[name] = [ci.mean, ci.low, ci.high]
            row["delta"] = [delta.mean, delta.low, delta.high]
            results[f"desc-{lang}-{target}"] = row
            print(f"desc-{lang}-{target}", row, flush=True)
    write_json(OUT / "languages" / "documents.json", results)


if __name__ == "__main__":
    main()
