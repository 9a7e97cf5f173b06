"""Real vacancy titles → ESCO labels as training pairs for a title model (issue 7, TalentCLEF).

ESCO's own labels are tidy; job-board titles are not ("Sr. Java Dev (m/w/d) – Remote"). JobBERT's
15,462 vacancy titles, each tagged by its employer with an ESCO occupation, are real title
paraphrases. Pairs: a title → its occupation's preferred English label (ESCO v1.2) (with
``--title-pairs`` also each title ↔ another title of its occupation: TalentCLEF's form), and the
ESCO label ↔ label pairs of ``bench/data/talentclef_pairs.py`` mixed in so the model keeps the
taxonomy's vocabulary. Texts equal (case-folded) to a TalentCLEF EN validation query or corpus
title, or to a Hahu dev ad title, are dropped. A model trained on these pairs has seen JobBERT:
never report JobBERT figures with it. ``--hold-out`` leaves out every pair (JobBERT or ESCO) of
the 10% of occupations whose URI hash ends in 0: ``python -m bench.quality.talentclef_titles --tasks jobbert``
measures title ↔ title matching on their vacancy titles, so recipes can be compared on real
vacancy titles no model saw, without looking at TalentCLEF.

Usage: ``.venv/bin/python -m bench.data.talentclef_pairs`` first, then
``.venv/bin/python -m bench.data.jobbert_title_pairs`` → ``bench/out/jobbert_title_pairs.jsonl``.
"""

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

from bench.common import normalise
from cvmatch.evaluation.datasets.base import default_data_dir
from cvmatch.evaluation.datasets.esco import load_occupations
from cvmatch.evaluation.datasets.registry import load_dataset


def _banned(data: Path) -> set[str]:
    talentclef = load_dataset("talentclef_en_validation", data)
    texts = {normalise(t) for t in talentclef.queries.values()}
    texts |= {normalise(t) for t in talentclef.corpus.values()}
    hahu = load_dataset("hahu_ads", data).queries.values()
    return texts | {normalise(q.split(". ", 1)[0]) for q in hahu}


def held_out(uri: str) -> bool:
    """The 10% of occupations kept out of training for the ``jobbert`` comparison task."""
    return int(hashlib.sha256(uri.encode()).hexdigest(), 16) % 10 == 0


def _capped(rows: list[dict[str, str]], most: int) -> list[dict[str, str]]:
    """At most ``most`` rows per occupation, those with the smallest title hash."""
    ordered = sorted(rows, key=lambda r: hashlib.sha256(r["query"].encode()).digest())
    seen: Counter[str] = Counter()
    out = []
    for row in ordered:
        seen[row["group"]] += 1
        if seen[row["group"]] <= most:
            out.append(row)
    return out


def _title_pairs(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Each vacancy title ↔ another title of its occupation (the next one in hash order)."""
    by_uri: dict[str, list[str]] = {}
    for row in rows:
        by_uri.setdefault(row["group"], []).append(row["query"])
    pairs = []
    for uri, titles in by_uri.items():
        ordered = sorted(titles, key=lambda t: hashlib.sha256(t.encode()).digest())
        for first, second in zip(ordered, ordered[1:] + ordered[:1], strict=True):
            if first != second:
                pairs.append({"query": first, "document": second, "group": uri})
    return pairs


def main() -> None:
    """Write the pairs file (JobBERT titles first, then the ESCO label pairs, shuffled by hash)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--esco-pairs", type=Path, default=Path("bench/out/title_pairs.jsonl"))
    parser.add_argument("--out", type=Path, default=Path("bench/out/jobbert_title_pairs.jsonl"))
    parser.add_argument(
        "--title-pairs", action="store_true", help="also title ↔ title of one occupation"
    )
    parser.add_argument(
        "--hold-out", action="store_true", help="leave out 10%% of occupations (by URI hash)"
    )
    parser.add_argument(
        "--max-per-occupation",
        type=int,
        help="keep at most N vacancy titles per occupation (smallest hash first): the largest "
        "has 1,250, and a batch holds an occupation once, so big ones make tiny batches",
    )
    args = parser.parse_args()
    data = default_data_dir()
    banned = _banned(data)
    label_of = {o.uri: o.preferred_label for o in load_occupations(data, "en")}
    titles = load_dataset("jobbert_titles", data)
    rows = []
    for qid, title in titles.queries.items():
        [uri] = [u for u, grade in titles.qrels[qid].items() if grade > 0]
        if normalise(title) not in banned and uri in label_of:
            rows.append({"query": title, "document": label_of[uri], "group": uri})
    if args.max_per_occupation:
        rows = _capped(rows, args.max_per_occupation)
    if args.title_pairs:
        rows += _title_pairs(rows)
    jobbert = len(rows)
    rows.extend(json.loads(line) for line in args.esco_pairs.read_text("utf-8").splitlines())
    if args.hold_out:
        jobbert -= sum(held_out(r["group"]) for r in rows[:jobbert])
        rows = [r for r in rows if not held_out(r["group"])]
    rows.sort(key=lambda r: hashlib.sha256(f"{r['query']}\x1f{r['document']}".encode()).digest())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{jobbert} JobBERT + {len(rows) - jobbert} ESCO pairs -> {args.out}")


if __name__ == "__main__":
    main()
