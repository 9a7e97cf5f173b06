"""Ad weights tuned on a sample of a large import: with or without the other ads as background.

Past :data:`~cvmatch.occupations.ad_weights.MAX_TUNING_ADS` imported ads, the weights are tuned on
a sample read as queries. Without background, each fold's index holds only the sample's other
folds: far fewer ads than the deployed index, so the nearest-ad vote looks weaker than it is.
With background (the product since this bench was written), the ads not sampled stay in every
fold.

Protocol: JobBERT's vacancy titles (needs ``../shared/data``) split 80/20 by a hash of the title;
the 80% are imported as labelled ads through ``cvmatch``'s own import; the 20% are scored by the
deployed index (all imported ads) with the weights each tuning picked. MRR@100 with a paired 95%
bootstrap interval of the difference.

Usage (the cache dir needs the ESCO taxonomy imported; it is written to, use a scratch copy)::

    CVMATCH_CACHE_DIR=/tmp/adsbench OMP_NUM_THREADS=1 nice -n 10 .venv/bin/python \\
        -m bench.tuning.ad_tuning_density
"""

import argparse
import csv
import hashlib
import json
import tempfile
import time
from pathlib import Path

from cvmatch.engine import Engine
from cvmatch.evaluation import bootstrap_ci
from cvmatch.evaluation.datasets.jobbert import load_jobbert_titles
from cvmatch.occupations.ad_store import load_ads
from cvmatch.occupations.ad_weights import (
    background_ads,
    tuned_for_ads,
    tuning_sample,
    without_ads,
)
from cvmatch.occupations.setup import default_weights
from cvmatch.occupations.tuning import GRIDS, reciprocal_ranks, score_with_ads


def _split() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(URI, title) of JobBERT: 80% imported as ads, 20% scored (by title hash)."""
    task = load_jobbert_titles()
    ads: list[tuple[str, str]] = []
    held: list[tuple[str, str]] = []
    for qid, title in task.queries.items():
        [uri] = [u for u, grade in task.qrels[qid].items() if grade > 0]
        digit = int(hashlib.sha256(title.casefold().encode()).hexdigest(), 16) % 5
        (held if digit == 0 else ads).append((uri, title))
    return ads, held


def main() -> None:
    """Import the ads, tune both ways, score the held-out titles, print one JSON object."""
    argparse.ArgumentParser(description=__doc__).parse_args()  # --help only
    engine = Engine()
    facade = engine.occupations
    ads, held = _split()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "ads.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["occupation", "text"])
            writer.writerows(ads)
        imported = facade.import_ads_report(path, skip_unknown=True)
    started = time.perf_counter()
    deployed = facade.recommender("en")  # tuned by the product: sample + background
    seconds = time.perf_counter() - started
    stored = load_ads(engine.settings.cache_dir)
    plain = without_ads(deployed, default_weights(deployed.index.model_id))
    sample = tuning_sample(deployed, stored)
    queries = facade.labelled_queries(plain, [t for _, t in sample], [r for r, _ in sample], "en")
    alone, alone_mrr = tuned_for_ads(deployed, plain, queries)
    _, background_mrr = tuned_for_ads(
        deployed, plain, queries, background_ads(deployed.index, sample)
    )
    row_of = {e.uri: i for i, e in enumerate(plain.index.entries)}
    held = [(u, t) for u, t in held if u in row_of]
    scored = facade.labelled_queries(
        plain, [t for _, t in held], [row_of[u] for u, _ in held], "en"
    )
    groups = [e.isco_group for e in plain.index.entries]
    ranks = {
        name: reciprocal_ranks(
            score_with_ads(deployed.index, r.weights, scored, groups), scored.gold
        )
        for name, r in (("background", deployed), ("sample alone", alone))
    }
    delta = bootstrap_ci(ranks["background"] - ranks["sample alone"], n_resamples=1000, seed=0)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "ads imported": imported.stored,
        "tuning sample": len(sample),
        "held-out titles": len(held),
        "product tuning seconds": round(seconds, 1),
        "weights": {
            name: {k: getattr(r.weights, k) for k in GRIDS}
            for name, r in (("background", deployed), ("sample alone", alone))
        },
        "tuning cv mrr": {"background": background_mrr, "sample alone": alone_mrr},
        "held-out mrr@100": {name: float(v.mean()) for name, v in ranks.items()},
        "delta (background - alone)": [delta.mean, delta.low, delta.high],
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
