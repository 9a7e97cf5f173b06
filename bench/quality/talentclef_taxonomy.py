"""Taxonomy-assisted TalentCLEF EN figures (issue 7), reported apart from the pure-model ones.

Two ESCO-based signals, with a-priori parameters (nothing is tuned: the tuning sets are built
from ESCO, where these signals would find their own gold):

* ``profile``: each title → occupation distribution (softmax, T 0.05, top 20 of the
  recommender's scores, ``cvmatch.occupations.signals``); query side soft; corpus side soft, or a
  hard lookup when the title *is* an ESCO v1.2 English label (exact, normalised). The profile
  cosine is fused with the title score by per-query z-scores, equal weights.
* ``expand``: query and corpus title vectors each move towards their 3 nearest ESCO v1.2
  English labels (weight 1, the corpus-feedback defaults), then cosine / the title steps.

Usage (the first step needs ``cvmatch taxonomy import esco ../shared/data/esco_v1.2`` in
``CVMATCH_CACHE_DIR``; it writes ``bench/out/tc/occ-en-MODEL.npz``)::

    CVMATCH_MODELS_DIR=models OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python \
        -m bench.quality.talentclef_taxonomy --model recommend-esco@v2
"""

import argparse
import csv
from pathlib import Path

import numpy as np

from bench.common import normalise, write_json
from bench.quality.talentclef_titles import OFF, map_ci, vectors
from cvmatch.encoders.registry import load_encoder
from cvmatch.engine.core import Engine
from cvmatch.evaluation.datasets import RetrievalTask, default_data_dir, load_dataset
from cvmatch.occupations.signals import occupation_profile, profile_similarity
from cvmatch.scoring.title_similarity import (
    TitleSimilarityParams,
    feedback_queries,
    fuse_title_scores,
    title_scores,
)

CACHE = Path("bench/out/tc")


def esco_labels() -> dict[str, set[str]]:
    """Normalised ESCO v1.2 English label → its occupation URIs."""
    path = default_data_dir() / "esco_v1.2/ESCO_en/occupations_en.csv"
    labels: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for occ in csv.DictReader(handle):
            for text in [occ["preferredLabel"], *occ["altLabels"].split("\n")]:
                if text.strip():
                    labels.setdefault(normalise(text), set()).add(occ["conceptUri"])
    return labels


def occupation_scores(task: RetrievalTask, model: str) -> tuple[np.ndarray, np.ndarray, list]:
    """The recommender's occupation scores of every query and corpus title (cached)."""
    path = CACHE / f"occ-en-{model}.npz"
    if not path.is_file():
        rec = Engine().occupations.recommender("en", model)
        queries, corpus = list(task.queries.values()), list(task.corpus.values())
        _, q = rec.scores(queries, "en", [[t] for t in queries])
        _, d = rec.scores(corpus, "en", [[t] for t in corpus])
        np.savez(path, q=q, d=d, uris=np.asarray([e.uri for e in rec.index.entries]))
    saved = np.load(path)
    return saved["q"], saved["d"], list(saved["uris"])


def profile_rows(task: RetrievalTask, model: str) -> dict[str, np.ndarray]:
    """Soft/soft and soft/lookup profile cosines."""
    q, d, uris = occupation_scores(task, model)
    column = {uri: i for i, uri in enumerate(uris)}
    labels = esco_labels()
    query_profile, corpus_profile = occupation_profile(q), occupation_profile(d)
    hard = corpus_profile.copy()
    for row, title in enumerate(task.corpus.values()):
        if occupations := labels.get(normalise(title)):
            hard[row] = 0
            for uri in occupations:
                hard[row, column[uri]] = 1 / len(occupations)
    return {
        "soft": profile_similarity(query_profile, corpus_profile),
        "lookup": profile_similarity(query_profile, hard),
    }


def expanded(task: RetrievalTask, model: str) -> tuple[np.ndarray, np.ndarray]:
    """Query and corpus vectors moved towards their 3 nearest ESCO labels."""
    labels = sorted(set(esco_labels()))
    path = CACHE / f"esco-labels-{model}.npy"
    if not path.is_file():
        np.save(path, load_encoder(model, threads=1).encode(labels, role="query"))
    unit = [
        m / np.linalg.norm(m, axis=1, keepdims=True)
        for m in (np.load(path), *vectors(task, model, CACHE))
    ]
    return feedback_queries(unit[1], unit[0], 3, 1.0), feedback_queries(unit[2], unit[0], 3, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--model", default="recommend-esco@v2")
    parser.add_argument("--out", type=Path, default=CACHE / "taxonomy_en.json")
    args = parser.parse_args()
    task = load_dataset("talentclef_en_validation")
    q, d = vectors(task, args.model, CACHE)
    base = {
        "cosine": title_scores(q, d, OFF),
        "titles": title_scores(q, d, TitleSimilarityParams()),
    }
    res = {}
    for name, profile in profile_rows(task, args.model).items():
        res[f"profile {name} alone"] = map_ci(profile, task)
        for kind, scores in base.items():
            res[f"{kind} + profile {name} (z-sum)"] = map_ci(
                fuse_title_scores([scores, profile]), task
            )
    qe, de = expanded(task, args.model)
    res["ESCO-expanded cosine"] = map_ci(title_scores(qe, de, OFF), task)
    res["ESCO-expanded titles"] = map_ci(title_scores(qe, de, TitleSimilarityParams()), task)
    for key, value in res.items():
        print(args.model, key, value, flush=True)
    write_json(args.out, res, indent=1)


if __name__ == "__main__":
    main()
