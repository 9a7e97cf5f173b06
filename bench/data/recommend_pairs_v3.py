"""Input-shaped ESCO training pairs with self-mined hard negatives (issue 7, ``recommend-esco@v3``).

Built from ESCO v1.2 English only (``../shared/data``), per occupation (group = its URI), queries
shaped like the inputs the recommender sees, each → the occupation's preferred label:

* ``noisy-title``: an alternative label dressed as a vacancy title — a seniority word, a gender
  marker, a contract word or a location-like suffix (``"Senior <alt> (m/f)"``, ``"<alt> - full
  time"`` …; the template is picked by a seeded hash);
* ``ad``: ``"<alt label>. <first sentence of the description>"`` (a title + a body);
* ``cv``: the description's first sentence turned into the first person (``"As a <alt>, I …"``
  or, without the title, ``"I …"``): a CV-like sentence.

The *hard negative* of each pair is mined with the model being fine-tuned (``--model``, default
``recommend-esco@v2``): the best-scored other occupation of the query (cosine to its best label
and to its centroid, averaged), i.e. the mistake the model makes now.

Test-set texts (JobBERT titles, Hahu dev titles, TalentCLEF EN validation queries, via
``cvmatch.training.pairs.test_set_texts``) and the weight-tuning labels of
``bench/out/recommend_tuning.jsonl`` never appear in a query, a document or a negative.

Usage::

    CVMATCH_MODELS_DIR=models OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python \\
        -m bench.data.recommend_pairs_v3 --out bench/out/recommend_pairs_v3.jsonl
"""

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

import numpy as np

from bench.common import TUNING, normalise, rank_key
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.evaluation.datasets.base import default_data_dir
from cvmatch.occupations.index import build_index
from cvmatch.occupations.signals import max_over_labels
from cvmatch.taxonomy.occupations import entries_from_esco
from cvmatch.training.pairs import test_set_texts

TITLE_TEMPLATES = (
    "Senior {t}",
    "Junior {t}",
    "{t} (m/f/d)",
    "{t} (m/f)",
    "{T} - Full Time",
    "Experienced {t} | Permanent",
    "{t} - Contract",
    "Lead {t} (m/w/d)",
    "{t}, Part-time",
    "Trainee {t}",
    "{t} - North Region",
    "Head {t} - Immediate Start",
)


def _first_sentence(description: str) -> str:
    return re.split(r"(?<=[.!?])\s+", description.strip(), maxsplit=1)[0]


def first_person(sentence: str) -> str:
    """``"Nurses care for patients."`` → ``"care for patients."`` (drop the leading subject)."""
    words = sentence.split()
    for i, word in enumerate(words[:8]):
        if word.lower().endswith("s") and i + 1 < len(words) and words[i + 1].islower():
            rest = words[i + 1 :]
            if rest and rest[0].lower() in {"are", "do", "have"}:
                rest[0] = {"are": "am", "do": "do", "have": "have"}[rest[0].lower()]
            return " ".join(rest)
    return sentence[0].lower() + sentence[1:] if sentence else sentence


def shaped_queries(occ: dict[str, str]) -> list[tuple[str, str]]:
    """``(kind, query)`` of one occupation (see the module docstring)."""
    uri, label = occ["conceptUri"], occ["preferredLabel"]
    alts = [a.strip() for a in occ["altLabels"].split("\n") if a.strip()]
    alts = sorted(alts or [label], key=lambda a: rank_key("v3", uri, a))
    out = []
    for alt in alts[:2]:
        template = TITLE_TEMPLATES[int(rank_key("tpl", uri, alt)[:8], 16) % len(TITLE_TEMPLATES)]
        out.append(("noisy-title", template.format(t=alt, T=alt.title())))
    sentence = _first_sentence(occ["description"])
    if sentence:
        out.append(("ad", f"{alts[-1].title()}. {sentence}"))
        duties = first_person(sentence)
        with_title = int(rank_key("cv", uri)[:8], 16) % 2
        article = "an" if alts[0][:1].lower() in "aeiou" else "a"
        cv = f"As {article} {alts[0]}, I {duties}" if with_title else f"I {duties}"
        out.append(("cv", cv))
    return out


def mine_negatives(
    encoder: DenseEncoder, queries: list[str], gold: list[int], cache: Path, entries: list
) -> list[int]:
    """Per query, the best-scored occupation row other than its gold one."""
    index = build_index(entries, encoder, cache)
    vectors = encoder.encode(queries, role="query")
    scores = 0.5 * max_over_labels(index, vectors) + 0.5 * (vectors @ index.centroids.T)
    scores[np.arange(len(gold)), gold] = -np.inf
    return [int(i) for i in np.argmax(scores, axis=1)]


def _held(data: Path, tuning: Path) -> set[str]:
    held = test_set_texts(data)
    if tuning.is_file():
        held |= {json.loads(line)["query"] for line in tuning.read_text().splitlines()}
    return held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=Path("bench/out/recommend_pairs_v3.jsonl"))
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--model", default="recommend-esco@v2")
    parser.add_argument("--cache", type=Path, default=Path("bench/out/cache"))
    args = parser.parse_args()
    data = default_data_dir()
    with (data / "esco_v1.2" / "ESCO_en" / "occupations_en.csv").open(encoding="utf-8") as f:
        occupations = list(csv.DictReader(f))
    entries = entries_from_esco(data / "esco_v1.2" / "ESCO_en", ("en",))
    row_of = {e.uri: i for i, e in enumerate(entries)}
    held = _held(data, args.tuning)
    rows = []
    for occ in occupations:
        for kind, query in shaped_queries(occ):
            if held.isdisjoint({normalise(query), normalise(occ["preferredLabel"])}):
                rows.append({"query": query, "document": occ["preferredLabel"],
                             "group": occ["conceptUri"], "kind": kind})  # fmt: skip
    encoder = load_encoder(args.model, threads=1)
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{args.model} is not a dense encoder")
    gold = [row_of[r["group"]] for r in rows]
    negatives = mine_negatives(encoder, [r["query"] for r in rows], gold, args.cache, entries)
    kept = []
    for row, neg in zip(rows, negatives, strict=True):
        negative = entries[neg].label("en")
        if normalise(negative) not in held:
            kept.append(row | {"negative": negative})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
    print(f"{len(kept)} pairs {dict(Counter(r['kind'] for r in kept))} -> {args.out}")


if __name__ == "__main__":
    main()
