"""Title ↔ title training pairs from ESCO v1.2 English labels (TalentCLEF-style, issue 7).

Per occupation (group = its URI), up to ``--per-occupation`` pairs of two different labels of that
occupation (preferred or alternative), picked by a seeded hash; MNRL then uses in-batch
negatives only (no same-ISCO hard negatives: TalentCLEF counts neighbouring occupations' titles
as relevant). Texts equal (case-folded) to any TalentCLEF EN validation query *or corpus title*,
a JobBERT title or a Hahu dev ad title are dropped, so the title model never sees the test set
(``cvmatch.training.pairs.test_set_texts`` plus the validation corpus).

Usage: ``.venv/bin/python -m bench.data.talentclef_pairs`` → ``bench/out/title_pairs.jsonl``.
"""

import argparse
import csv
import itertools
import json
from pathlib import Path

from bench.common import normalise, rank_key
from cvmatch.evaluation.datasets.base import default_data_dir
from cvmatch.evaluation.datasets.registry import load_dataset
from cvmatch.training.pairs import test_set_texts


def main() -> None:
    """Write the pairs file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/out/title_pairs.jsonl"))
    parser.add_argument("--per-occupation", type=int, default=6)
    args = parser.parse_args()
    data = default_data_dir()
    banned = test_set_texts(data)
    banned |= {normalise(t) for t in load_dataset("talentclef_en_validation").corpus.values()}
    path = data / "esco_v1.2/ESCO_en/occupations_en.csv"
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for occ in csv.DictReader(handle):
            labels = [occ["preferredLabel"], *occ["altLabels"].split("\n")]
            kept = sorted({t.strip() for t in labels if t.strip() and normalise(t) not in banned})
            pairs = sorted(
                itertools.combinations(kept, 2), key=lambda p: rank_key(occ["conceptUri"], *p)
            )
            for first, second in pairs[: args.per_occupation]:
                rows.append({"query": first, "document": second, "group": occ["conceptUri"]})
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
