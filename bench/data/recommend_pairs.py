"""Training pairs and a weight-tuning set for the occupation recommender (issue 7).

Writes two JSONL files from ESCO only (``../shared/data``):

* ``--pairs`` (default ``../shared/data/derived/recommend_pairs.jsonl``, beside the data it is
  built from and outside git: the product recipe ``recipes/recommend-bi-encoder.yaml`` reads it
  there, so it never depends on the scratch ``bench/out/``): per ESCO v1.2 English occupation
  (group = its URI)

  - alternative label → preferred label (at most ``--alts`` per occupation, seeded hash pick);
  - description → preferred label (an ad-like text to its title);
  - preferred label → description;

  each with a *hard negative*: the same kind of text of another occupation of the same ISCO
  unit group (4 digits; else minor group, else any), picked by a seeded hash. MNRL then sees the
  in-batch negatives and one close sibling per pair.
* ``--tuning`` (default ``bench/out/recommend_tuning.jsonl``): English labels of ESCO v1.0
  (``esco_v1.0_fr_es/occupations_en*.csv``) and v1.1.1 (``hahu_esco/occupations_augmented.csv``)
  that ESCO v1.2 does not have, with their v1.2 occupation URI. They are neither trained on nor
  indexed. Half of them (``split: tune``, by a hash of the text) is where
  ``bench/tuning/recommend_tune.py`` picks the mix weights, never on a set it reports; the other half
  (``split: enrich``) is the "richer occupation texts" ingredient: extra labels added to the
  index by ``bench/quality/recommend_quality.py``.

A pair or tuning query whose text equals (case-folded) a query of JobBERT titles, a Hahu dev ad
title or a TalentCLEF EN validation query is dropped (``cvmatch.training.pairs.test_set_texts``),
and tuning queries never appear in a training pair.

Usage: ``.venv/bin/python -m bench.data.recommend_pairs`` (a few seconds).
"""

import argparse
import csv
import json
from collections import defaultdict
from pathlib import Path

from bench.common import DERIVED, TUNING, normalise, rank_key
from cvmatch.evaluation.datasets.base import default_data_dir
from cvmatch.training.pairs import test_set_texts


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _sibling(occ: dict[str, str], groups: dict[str, list[dict[str, str]]], kind: str) -> dict:
    """Another occupation of the same ISCO unit group (else minor group, else any), seeded."""
    for key in (occ["iscoGroup"], occ["iscoGroup"][:3], ""):
        others = [o for o in groups[key] if o["conceptUri"] != occ["conceptUri"]]
        if others:
            return min(others, key=lambda o: rank_key(kind, occ["conceptUri"], o["conceptUri"]))
    raise ValueError("a taxonomy with a single occupation has no negatives")


def _pair(query: str, document: str, negative: str, group: str, kind: str) -> dict[str, str]:
    return {"query": query, "document": document, "negative": negative, "group": group,
            "kind": kind}  # fmt: skip


def training_pairs(occupations: list[dict[str, str]], alts: int) -> list[dict[str, str]]:
    """Alt label → label, description → label, label → description, each with a sibling negative."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for occ in occupations:
        for key in (occ["iscoGroup"], occ["iscoGroup"][:3], ""):
            groups[key].append(occ)
    pairs = []
    for occ in occupations:
        uri, label, desc = occ["conceptUri"], occ["preferredLabel"], occ["description"]
        neg = _sibling(occ, groups, "label")["preferredLabel"]
        labels = [a.strip() for a in occ["altLabels"].split("\n") if a.strip()]
        labels = [a for a in labels if normalise(a) != normalise(label)]
        labels.sort(key=lambda a: rank_key("alt", uri, a))
        pairs.extend(_pair(alt, label, neg, uri, "alt->label") for alt in labels[:alts])
        if desc:
            pairs.append(_pair(desc, label, neg, uri, "description->label"))
            neg_desc = _sibling(occ, groups, "description")["description"]
            if neg_desc:
                pairs.append(_pair(label, desc, neg_desc, uri, "label->description"))
    return pairs


def tuning_queries(data: Path, occupations: list[dict[str, str]]) -> list[dict[str, str]]:
    """Labels of ESCO v1.0 / v1.1.1 that v1.2 lacks, with their v1.2 URI (deduplicated)."""
    known = {normalise(occ["preferredLabel"]) for occ in occupations}
    for occ in occupations:
        known |= {normalise(a) for a in occ["altLabels"].split("\n") if a.strip()}
    uris = {occ["conceptUri"] for occ in occupations}
    by_code = {occ["code"]: occ["conceptUri"] for occ in occupations}
    found: dict[str, str] = {}
    for name in ("occupations_en.csv", "occupations_en-us.csv"):
        for row in _rows(data / "esco_v1.0_fr_es" / name):
            for text in (row["preferredLabel"], *row["altLabels"].split("\n")):
                if text.strip() and row["conceptUri"] in uris:
                    found.setdefault(normalise(text), row["conceptUri"])
    for row in _rows(data / "hahu_esco" / "occupations_augmented.csv"):
        if row["esco_code"] in by_code:
            found.setdefault(normalise(row["occupation"]), by_code[row["esco_code"]])
    return [
        {"query": q, "occupation": u, "split": "tune" if int(rank_key(q)[:8], 16) % 2 else "enrich"}
        for q, u in sorted(found.items())
        if q not in known
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pairs", type=Path, default=DERIVED / "recommend_pairs.jsonl")
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--alts", type=int, default=4)
    args = parser.parse_args()
    data = default_data_dir()
    occupations = _rows(data / "esco_v1.2" / "ESCO_en" / "occupations_en.csv")
    banned = test_set_texts(data)
    tuning = [t for t in tuning_queries(data, occupations) if t["query"] not in banned]
    held = {t["query"] for t in tuning} | banned
    pairs = training_pairs(occupations, args.alts)
    kept = [p for p in pairs if normalise(p["query"]) not in held]
    kept = [p for p in kept if normalise(p["document"]) not in held]
    kept = [p for p in kept if normalise(p["negative"]) not in held]
    for path, rows in ((args.pairs, kept), (args.tuning, tuning)):
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    kinds: dict[str, int] = defaultdict(int)
    for p in kept:
        kinds[p["kind"]] += 1
    print(f"{len(kept)} pairs ({dict(kinds)}; {len(pairs) - len(kept)} dropped as test/tuning "
          f"texts) -> {args.pairs}; {len(tuning)} tuning queries -> {args.tuning}")  # fmt: skip


if __name__ == "__main__":
    main()
