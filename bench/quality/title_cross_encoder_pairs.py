"""Build the title cross-encoder's training pairs and its 4-layer base (protocol: title-cross-encoder.md).

Reads the English ESCO v1.2 labels of the languages split's **train** occupations
(:func:`cvmatch.training.title_cross_encoder_pairs.title_pairs`), mines hard negatives with the
first stage of ``titles`` (``recommend-esco-int8``, labels embedded as queries, cosine top 20),
and writes ``bench/out/title_ce_pairs.jsonl`` (query, document, label, group, origin) with its
sha256, plus the 4-layer MiniLM base ``bench/out/minilm-l4/``.

Run from the repo root::

    CVMATCH_THREADS=1 nice -n 10 .venv/bin/python -m bench.quality.title_cross_encoder_pairs
"""

import argparse
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from bench.common import DATA_DIR, OUT
from cvmatch.training.language_data import load_languages
from cvmatch.training.mining import dense_encoder
from cvmatch.training.title_cross_encoder import truncated_base
from cvmatch.training.title_cross_encoder_pairs import PairMix, title_pairs

PAIRS = OUT / "title_ce_pairs.jsonl"
BASE = OUT / "minilm-l4"
FIRST_STAGE = "recommend-esco-int8"
_BLOCK = 1024


def cosine_neighbours(vectors: np.ndarray) -> Callable[[Sequence[str], int], list[list[int]]]:
    """``neighbours(texts, k)`` over precomputed unit ``vectors`` (rows in the texts' order)."""

    def neighbours(texts: Sequence[str], k: int) -> list[list[int]]:
        out: list[list[int]] = []
        for start in range(0, len(texts), _BLOCK):
            scores = vectors[start : start + _BLOCK] @ vectors.T
            top = np.argpartition(-scores, k, axis=1)[:, :k]
            for row, cols in zip(scores, top, strict=True):
                out.append([int(c) for c in sorted(cols, key=lambda c: (-row[c], c))])
        return out

    return neighbours


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=PAIRS)
    parser.add_argument("--base", type=Path, default=BASE)
    args = parser.parse_args()
    start = time.perf_counter()
    occupations = load_languages(DATA_DIR, ["en"])["en"]
    encoder = dense_encoder(FIRST_STAGE, threads=1)

    def neighbours(texts: Sequence[str], k: int) -> list[list[int]]:
        return cosine_neighbours(encoder.encode(list(texts), role="query"))(texts, k)

    pairs = title_pairs(occupations, neighbours, PairMix())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        json.dumps(
            {
                "query": p.query,
                "document": p.document,
                "label": p.label,
                "group": p.group,
                "origin": p.origin,
            },
            ensure_ascii=False,
        )
        for p in pairs
    ]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    args.out.write_bytes(data)
    truncated_base(args.base, layers=4)
    counts: dict[str, int] = {}
    for p in pairs:
        counts[p.origin] = counts.get(p.origin, 0) + 1
    summary = {
        "pairs": len(pairs),
        "by_origin": counts,
        "occupations": len({p.group for p in pairs}),
        "sha256": hashlib.sha256(data).hexdigest(),
        "seconds": round(time.perf_counter() - start, 1),
    }
    print(json.dumps(summary, indent=2))
    (args.out.with_suffix(".summary.json")).write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
