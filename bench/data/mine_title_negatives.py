"""One mined hard negative per title pair, for MNRL recipes (issue 7, TalentCLEF).

Reads a pairs file of ``bench/data/jobbert_title_pairs.py`` (``query``, ``document``, ``group`` = the
ESCO occupation) and adds ``negative``: the text of another occupation that ``--encoder`` ranks
highest for the query, among every text of the file, *positive-aware* (NV-Retriever, Moreira et
al. 2024: a candidate whose cosine reaches ``--margin`` × the pair's own cosine is skipped as a
likely unlabelled positive: neighbouring ESCO occupations share titles). Rows with no candidate
left keep no negative; the trainer then uses in-batch negatives only for batches holding one.
Ties are broken by text order, so one file and encoder always give the same negatives.

Usage (after ``bench/data/jobbert_title_pairs.py``)::

    CVMATCH_MODELS_DIR=models OMP_NUM_THREADS=1 .venv/bin/python -m bench.data.mine_title_negatives \\
        bench/out/jobbert_title_pairs_v2_ho_cap100.jsonl --encoder recommend-esco@v2 \\
        --out bench/out/jobbert_title_pairs_v2_ho_cap100_neg.jsonl
"""

import argparse
import json
from pathlib import Path

import numpy as np

from cvmatch.training.mining import dense_encoder

_CHUNK = 2048


def _unit(vectors: np.ndarray) -> np.ndarray:
    # The encoder's rows are unit already; renormalising in float32 keeps the exact cosines the
    # recipes' pairs files were mined with (candidates at the 0.95 margin flip otherwise).
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


def mine(rows: list[dict[str, str]], vectors: dict[str, np.ndarray], margin: float) -> int:
    """Set ``row["negative"]`` in place; returns how many rows got one."""
    texts = sorted(vectors)
    matrix = np.stack([vectors[t] for t in texts])
    groups_of: dict[str, set[str]] = {}
    for row in rows:
        for text in (row["query"], row["document"]):
            groups_of.setdefault(text, set()).add(row["group"])
    found = 0
    for start in range(0, len(rows), _CHUNK):
        chunk = rows[start : start + _CHUNK]
        queries = np.stack([vectors[r["query"]] for r in chunk])
        scores = queries @ matrix.T
        order = np.argsort(-scores, axis=1, kind="stable")
        for row, ranked, row_scores in zip(chunk, order, scores, strict=True):
            ceiling = margin * float(vectors[row["query"]] @ vectors[row["document"]])
            for index in ranked:
                if row_scores[index] >= ceiling or row["group"] in groups_of[texts[index]]:
                    continue
                row["negative"] = texts[index]
                found += 1
                break
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("pairs", type=Path)
    parser.add_argument("--encoder", default="recommend-esco@v2")
    parser.add_argument("--margin", type=float, default=0.95)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.pairs.read_text("utf-8").splitlines()]
    texts = sorted({t for r in rows for t in (r["query"], r["document"])})
    encoder = dense_encoder(args.encoder, threads=1)
    matrix = _unit(np.asarray(encoder.encode(texts, role="query"), dtype=np.float32))
    found = mine(rows, dict(zip(texts, matrix, strict=True)), args.margin)
    with args.out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{found} of {len(rows)} pairs got a negative ({len(texts)} texts) -> {args.out}")


if __name__ == "__main__":
    main()
