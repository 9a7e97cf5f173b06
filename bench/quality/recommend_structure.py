"""Input structure for occupation recommendation (issue 7): title ingredients and title normalisation.

Two modes.

``--tune``: picks the weights of the title ingredients (``title_label``, ``title_char`` of
``cvmatch.occupations.title_signals``) added to the encoder's default mix, on ESCO-derived
queries no benchmark reports, built from the 379 ``tune`` labels of
``bench/out/recommend_tuning.jsonl`` (ESCO v1.0/v1.1.1 labels that v1.2 lacks):

* ``title``: the label alone (its own title);
* ``ad``: ``"<label>. <description of its ISCO unit group>"``, title = the label;
* ``cv``: ``"As a <label>, I <the group description's first sentence, first person>"``, title =
  what ``cvmatch.extract.titles.role_phrases`` finds in it.

The grid point with the best mean MRR@100 over the three shapes is written as JSON.

Default mode: every ingredient row on the dev sets — Hahu ads (title column = the ad's title),
Hahu CV-like sentence (titles = ``role_phrases``), JobBERT (the title is the whole query; 1 in
``--sample-every``), TalentCLEF EN (normalised vs raw queries), with 95% bootstrap CIs.

Usage::

    CVMATCH_MODELS_DIR=models OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python \\
        -m bench.quality.recommend_structure --tune --encoder recommend-esco@v2 --out bench/out/tw-v2.json
    CVMATCH_MODELS_DIR=models OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python \\
        -m bench.quality.recommend_structure --encoder recommend-esco@v2 --title-weights \\
        bench/out/tw-v2.json --out bench/out/rs-v2.json
"""

import argparse
import csv
import dataclasses
import hashlib
import itertools
import json
import re
import time
from pathlib import Path

import numpy as np

from bench.common import TUNING, write_json
from bench.data.recommend_pairs_v3 import first_person
from bench.quality.recommend_quality import cell, evaluate, sample, tfidf_char
from bench.tuning.recommend_tune import mrr_at, read_split
from cvmatch.encoders.base import DenseEncoder
from cvmatch.encoders.registry import load_encoder
from cvmatch.evaluation.datasets import load_dataset
from cvmatch.evaluation.datasets.base import default_data_dir
from cvmatch.extract.titles import normalise_title, role_phrases
from cvmatch.occupations.index import OccupationIndex, build_index
from cvmatch.occupations.setup import cv_titles, default_weights
from cvmatch.occupations.signals import (
    LabelCharIndex,
    LexicalIndex,
    RecommendWeights,
    combine,
    ingredient_scores,
)
from cvmatch.occupations.title_signals import title_scores
from cvmatch.taxonomy.occupations import entries_from_esco

GRID = {"title_label": (0.0, 0.1, 0.2, 0.4, 0.6, 0.8), "title_char": (0.0, 0.1, 0.2, 0.4)}
METRICS = ["mrr@100", "recall@1", "recall@5", "recall@10"]


class Scorer:
    """One encoder's index, lexical indexes and query encoding (vectors cached on disk)."""

    def __init__(self, name: str, cache: Path) -> None:
        encoder = load_encoder(name, threads=1)
        if not isinstance(encoder, DenseEncoder):
            raise SystemExit(f"{name} is not a dense encoder")
        self.encoder, self.cache = encoder, cache
        entries = entries_from_esco(default_data_dir() / "esco_v1.2" / "ESCO_en", ("en",))
        self.index: OccupationIndex = build_index(entries, encoder, cache)
        self.lexical, self.chars = LexicalIndex(self.index), LabelCharIndex(self.index)
        self.groups = [e.isco_group for e in self.index.entries]
        self.base = default_weights(self.index.model_id)

    def encode(self, texts: list[str]) -> np.ndarray:
        """Query vectors, cached by text digest under ``cache``."""
        key = hashlib.sha256("\x1f".join([self.encoder.model_id, *texts]).encode()).hexdigest()
        path = self.cache / f"queries-structure-{key[:16]}.npy"
        if path.is_file():
            return np.asarray(np.load(path), dtype=np.float32)
        vectors = np.asarray(self.encoder.encode(texts, role="query"), dtype=np.float32)
        np.save(path, vectors)
        return vectors

    def parts(
        self, texts: list[str], titles: list[list[str]], normalise: bool = True
    ) -> dict[str, np.ndarray]:
        """Full-text and title ingredients of ``texts``."""
        vectors = self.encode(texts)
        out = ingredient_scores(self.index, vectors, texts, self.lexical, label_char=self.chars)
        out.update(title_scores(self.index, self.encode, texts, titles, self.chars, normalise))
        return out

    def mix(self, parts: dict[str, np.ndarray], weights: RecommendWeights) -> np.ndarray:
        """The weighted, ISCO-smoothed score."""
        return combine(parts, weights, self.groups)


def _group_descriptions() -> dict[str, str]:
    path = default_data_dir() / "esco_v1.2" / "ESCO_en" / "ISCOGroups_en.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {r["code"]: re.split(r"\s*Tasks include", r["description"])[0].strip() for r in rows}


def tuning_shapes(scorer: Scorer, tuning: Path) -> dict[str, tuple[list, list, np.ndarray]]:
    """The three ESCO-derived query shapes of the module docstring: texts, titles, gold rows."""
    row_of = {e.uri: i for i, e in enumerate(scorer.index.entries)}
    described = _group_descriptions()
    rows = [(q, row_of[u]) for q, u in read_split(tuning, "tune") if u in row_of]
    gold = np.asarray([r for _, r in rows])
    shapes: dict[str, tuple[list, list, np.ndarray]] = {"title": ([q for q, _ in rows],
                                                                  [[] for _ in rows], gold)}  # fmt: skip
    ads, cvs = [], []
    for query, row in rows:
        desc = described.get(scorer.index.entries[row].isco_group[:4], "")
        ads.append(f"{query}. {desc}")
        first = re.split(r"(?<=[.!?])\s+", desc, maxsplit=1)[0]
        article = "an" if query[:1].lower() in "aeiou" else "a"
        cvs.append(f"As {article} {query}, I {first_person(first)}")
    shapes["ad"] = (ads, [[q] for q, _ in rows], gold)
    shapes["cv"] = (cvs, [list(role_phrases(c)) for c in cvs], gold)
    return shapes


def tune(scorer: Scorer, tuning: Path) -> dict[str, object]:
    """The title weights (added to the encoder's default mix) with the best mean MRR@100."""
    shapes = tuning_shapes(scorer, tuning)
    parts = {k: (scorer.parts(t, ti), g) for k, (t, ti, g) in shapes.items()}
    best: tuple[float, dict[str, float], dict[str, float]] = (-1.0, {}, {})
    for values in itertools.product(*GRID.values()):
        weights = dataclasses.replace(scorer.base, **dict(zip(GRID, values, strict=True)))
        per = {k: mrr_at(scorer.mix(p, weights), g) for k, (p, g) in parts.items()}
        mean = float(np.mean(list(per.values())))
        if mean > best[0] + 1e-9:
            best = (mean, dict(zip(GRID, values, strict=True)), per)
    base = {k: round(mrr_at(scorer.mix(p, scorer.base), g), 4) for k, (p, g) in parts.items()}
    return {"mean_mrr@100": round(best[0], 4), "title_weights": best[1],
            "per_shape": {k: round(v, 4) for k, v in best[2].items()}, "base_per_shape": base,
            "base": scorer.base.__dict__, "queries": len(shapes["title"][2]),
            "model_id": scorer.index.model_id}  # fmt: skip


def _hahu_titles() -> dict[str, str]:
    path = default_data_dir() / "hahu_esco" / "hahu_dev.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["ID"].strip(): r["title"].strip() for r in csv.DictReader(handle)}


def occupation_rows(
    scorer: Scorer, name: str, titled: RecommendWeights, every: int = 1
) -> dict[str, object]:
    """Ablation rows of one occupation task (see the module docstring)."""
    task = sample(load_dataset(name), every)
    qids, texts = list(task.queries), list(task.queries.values())
    metrics = METRICS if name.startswith("hahu") else ["mrr@100", "recall@10"]
    product = [list(cv_titles(t, ())) for t in texts]  # what `cvmatch recommend` scores
    if name == "hahu_ads":
        given = _hahu_titles()
        titles = [[given[q]] for q in qids]
    else:
        titles = product
    docs = [e.uri for e in scorer.index.entries]
    raw, norm = scorer.parts(texts, titles, False), scorer.parts(texts, titles, True)
    no_title = dataclasses.replace(titled, title_label=0.0, title_char=0.0)
    rows = {
        "previous default mix (no title)": scorer.mix(raw, no_title),
        "title_label alone, raw title": raw["title_label"],
        "title_label alone, normalised title": norm["title_label"],
        "title_char alone, normalised title": norm["title_char"],
        "mix + title, raw titles": scorer.mix(raw, titled),
        "mix + title, normalised titles (new default)": scorer.mix(norm, titled),
        "mix + title, normalised, without isco": scorer.mix(
            norm, dataclasses.replace(titled, isco=0.0)
        ),
    }
    if name == "hahu_ads":
        found = scorer.parts(texts, product, True)
        rows["mix + title found in the text (leading_title), normalised"] = scorer.mix(
            found, titled
        )
    out: dict[str, object] = {k: evaluate(v, qids, docs, task, metrics) for k, v in rows.items()}
    out["titles_found"] = sum(bool(t) for t in product)
    return out


def talentclef_rows(scorer: Scorer) -> dict[str, object]:
    """TalentCLEF EN validation MAP: raw vs normalised queries (the corpus is left as it is)."""
    task = load_dataset("talentclef_en_validation")
    qids, docs = list(task.queries), list(task.corpus)
    corpus = list(task.corpus.values())
    out: dict[str, object] = {}
    for label, queries in (("raw", list(task.queries.values())),
                           ("normalised", [normalise_title(q) for q in task.queries.values()])):  # fmt: skip
        dense = scorer.encoder.similarity(queries, corpus)
        char = tfidf_char(queries, corpus)
        out[f"dense, {label} queries"] = evaluate(dense, qids, docs, task, ["map"], 3000)
        out[f"0.8 dense + 0.2 tfidf-char, {label} queries"] = evaluate(
            0.8 * dense + 0.2 * char, qids, docs, task, ["map"], 3000
        )
    return out


def render(paths: list[Path]) -> str:
    """Markdown tables (task → encoder × row) from result files of this script."""
    lines: list[str] = []
    results = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    for task in ("hahu_ads", "hahu_synthetic", "jobbert_titles", "talentclef_en"):
        rows, metrics = [], []
        for result in results:
            encoder = result["model_id"].split(":")[0]
            for row, values in result.get(task, {}).items():
                if isinstance(values, dict):
                    metrics = metrics or list(values)
                    cells = " | ".join(cell(values[m]) for m in metrics)
                    rows.append(f"| {encoder} | {row} | {cells} |")
        if rows:
            lines += [f"\n**{task}**\n", "| encoder | row | " + " | ".join(metrics) + " |",
                      "|---|---|" + "---|" * len(metrics), *rows]  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--encoder", default="minilm-int8")
    parser.add_argument("--tune", action="store_true")
    parser.add_argument("--tuning", type=Path, default=TUNING)
    parser.add_argument("--title-weights", type=Path, help="JSON written by --tune")
    parser.add_argument("--cache", type=Path, default=Path("bench/out/cache"))
    parser.add_argument("--out", type=Path)
    parser.add_argument("--render", nargs="+", type=Path, help="print tables of result files")
    parser.add_argument("--tasks", nargs="+",
                        default=["hahu_ads", "hahu_synthetic", "jobbert_titles", "talentclef_en"])  # fmt: skip
    parser.add_argument("--sample-every", type=int, default=5, help="JobBERT: every n-th title")
    args = parser.parse_args()
    if args.render:
        print(render(args.render))
        return
    if args.out is None:
        parser.error("--out is required")
    started = time.perf_counter()
    args.cache.mkdir(parents=True, exist_ok=True)
    scorer = Scorer(args.encoder, args.cache)
    if args.tune:
        result: dict[str, object] = tune(scorer, args.tuning)
    else:
        chosen = json.loads(args.title_weights.read_text(encoding="utf-8"))["title_weights"]
        titled = dataclasses.replace(scorer.base, **chosen)
        result = {"model_id": scorer.index.model_id, "weights": titled.__dict__,
                  "date": time.strftime("%Y-%m-%d"), "sample_every": args.sample_every}  # fmt: skip
        for name in args.tasks:
            if name == "talentclef_en":
                result[name] = talentclef_rows(scorer)
            else:
                every = args.sample_every if name == "jobbert_titles" else 1
                result[name] = occupation_rows(scorer, name, titled, every)
            print(name, json.dumps(result[name]), flush=True)
    result["seconds"] = round(time.perf_counter() - started, 1)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_json(args.out, result)
    print(json.dumps(result)[:3000])


if __name__ == "__main__":
    main()
