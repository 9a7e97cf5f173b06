"""Pick the occupation mix weights on ESCO-derived queries that no reported benchmark contains.

The queries are the ``split == "tune"`` rows of ``bench/out/recommend_tuning.jsonl`` (written by
``bench/data/recommend_pairs.py``): English ESCO v1.0 / v1.1.1 labels that ESCO v1.2 lacks, each with
its v1.2 occupation, never trained on and never indexed. A grid over the ingredient weights and
the ISCO smoothing is scored by MRR@100 on them; the best point is written as JSON, which
``python -m bench.quality.recommend_quality --weights`` reports next to the fixed mixes on the dev sets.

Usage::

    nice -n 10 .venv/bin/python -m bench.tuning.recommend_tune --encoder minilm-int8 \\
        --out bench/out/weights-minilm-int8.json
"""

import argparse
import itertools
import json
import time
from pathlib import Path

import numpy as np

from bench.common import TUNING, write_json
from cvmatch.encoders.base import DenseEncoder, normalise
from cvmatch.encoders.registry import load_encoder
from cvmatch.evaluation.datasets import default_data_dir
from cvmatch.occupations.index import LabelRows, OccupationIndex, build_index
from cvmatch.occupations.signals import (
    LabelCharIndex,
    LexicalIndex,
    RecommendWeights,
    combine,
    ingredient_scores,
)
from cvmatch.taxonomy.occupations import entries_from_esco

GRID = {
    "max_label": (0.0, 0.2, 0.4, 0.6),
    "centroid": (0.0, 0.2, 0.4),
    "text": (0.0, 0.2),
    "lexical": (0.0, 0.1, 0.2),
    "label_char": (0.0, 0.1, 0.2),
    "isco": (0.0, 0.1, 0.2, 0.3),
}


def read_split(path: Path, split: str) -> list[tuple[str, str]]:
    """``(query, occupation URI)`` rows of one split of the tuning file."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [(r["query"], r["occupation"]) for r in rows if r["split"] == split]


def mrr_at(scores: np.ndarray, gold: np.ndarray, k: int = 100) -> float:
    """Mean of 1/rank of each row's gold column (0 beyond ``k``; ties count against it)."""
    target = scores[np.arange(len(gold)), gold][:, None]
    rank = 1 + (scores > target).sum(axis=1)
    return float(np.where(rank <= k, 1.0 / rank, 0.0).mean())


def enrich(
    index: OccupationIndex, extra: list[tuple[str, str]], encoder: DenseEncoder
) -> OccupationIndex:
    """``index`` with ``extra`` (label, URI) rows added as labels of their occupations."""
    row_of = {e.uri: i for i, e in enumerate(index.entries)}
    known = [(t, row_of[u]) for t, u in extra if u in row_of]
    vectors = normalise(encoder.encode([t for t, _ in known], role="passage"))
    owner = np.concatenate([index.labels.owner, np.asarray([r for _, r in known], np.int64)])
    order = np.argsort(owner, kind="stable")
    texts = (*index.labels.texts, *(t for t, _ in known))
    langs = (*index.labels.languages, *("en" for _ in known))
    labels = LabelRows(tuple(texts[i] for i in order), tuple(langs[i] for i in order), owner[order])
    all_vectors = np.concatenate([index.label_vectors, vectors])[order]
    return OccupationIndex(index.entries, labels, all_vectors, index.text_vectors,
                           index.centroids, index.model_id, index.taxonomy_checksum)  # fmt: skip


def tune(index: OccupationIndex, encoder: DenseEncoder, queries: list[tuple[str, str]]) -> dict:
    """The grid point with the best MRR@100 on ``queries`` (ties: the earlier, simpler point)."""
    row_of = {e.uri: i for i, e in enumerate(index.entries)}
    queries = [(t, u) for t, u in queries if u in row_of]
    texts = [t for t, _ in queries]
    gold = np.asarray([row_of[u] for _, u in queries])
    vectors = encoder.encode(texts, role="query")
    parts = ingredient_scores(index, vectors, texts, LexicalIndex(index),
                              label_char=LabelCharIndex(index))  # fmt: skip
    groups = [e.isco_group for e in index.entries]
    alone = {k: round(mrr_at(v, gold), 4) for k, v in parts.items()}
    best: tuple[float, dict[str, float]] = (-1.0, {})
    for values in itertools.product(*GRID.values()):
        point = dict(zip(GRID, values, strict=True))
        if not any(v for k, v in point.items() if k != "isco"):
            continue
        score = mrr_at(combine(parts, RecommendWeights(**point), groups), gold)
        if score > best[0] + 1e-9:
            best = (score, point)
    return {"mrr@100": round(best[0], 4), "weights": best[1], "alone": alone,
            "queries": len(queries), "model_id": index.model_id}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--encoder", default="minilm-int8")
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--cache", type=Path, default=Path("bench/out/cache"))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    started = time.perf_counter()
    encoder = load_encoder(args.encoder, threads=1)  # more threads stall on a busy machine
    if not isinstance(encoder, DenseEncoder):
        raise SystemExit(f"{args.encoder} is not a dense encoder")
    entries = entries_from_esco(default_data_dir() / "esco_v1.2" / "ESCO_en", ("en",))
    index = build_index(entries, encoder, args.cache)
    result = tune(index, encoder, read_split(args.tuning, "tune"))
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_json(args.out, result)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
