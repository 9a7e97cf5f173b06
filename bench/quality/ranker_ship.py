"""Put the trained RJDB ranker into the package as the shipped stage ``rjdb-match-ranker``.

Copies the model folder ``python -m bench.quality.ranker_match`` registered into
``src/cvmatch/encoders/weights/rjdb-match-ranker/`` and writes its ``manifest.json``
(:func:`cvmatch.encoders.shipped_stage.write_stage_manifest`: recipe, data checksum and licence,
the sha256 of every file, and — with ``--results`` — the report-half figures of
``bench.quality.ranker_rjdb``). Protocol: docs/benchmarks/defaults.md.

    CVMATCH_MODELS_DIR=bench/out/models nice -n 10 .venv/bin/python -m bench.quality.ranker_ship \
        --model bench/out/models/rjdb-match-ranker/v1 [--results bench/out/ranker_rjdb.json]
"""

import argparse
import json
import shutil
from pathlib import Path

from bench.common import DATA_DIR
from cvmatch.encoders.shipped import WEIGHTS_DIR, HeldOutFigure
from cvmatch.encoders.shipped_stage import file_sha256, write_stage_manifest
from cvmatch.encoders.trained import read_manifest

NAME = "rjdb-match-ranker"
RECIPE = "recipes/rjdb-match-ranker.yaml"
LICENCE = "CC BY-SA 4.0 (an adaptation of RJDB, Megagon Labs); attribution: RJDB, Megagon Labs"
LOOKS = (
    "1 by this model; 2nd look at the report half by a ranker candidate (candidate 1 lost); "
    "hybrid: its 6th or 7th look (3 before this session, 1-2 by cross-encoder candidates, 1 by ranker candidate 1)"
)
COMMAND = "python -m bench.quality.ranker_rjdb --ranker rjdb-match-ranker"


def figures(results: dict[str, dict]) -> tuple[HeldOutFigure, ...]:
    """Report-half figures of the stage against ``hybrid`` (value = with the stage)."""
    rows = [
        ("pairwise accuracy (strict, shown scores)", results["pairwise_accuracy"]),
        ("MRR, pool of 30 CVs per job", results["ranking"]["mrr"]),
        ("nDCG@10, pool of 30 CVs per job", results["ranking"]["ndcg@10"]),
    ]
    return tuple(
        HeldOutFigure(
            set="RJDB dev report half (250 triples, never trained on)",
            metric=metric,
            value=row["staged"][0],
            baseline=f"hybrid {row['hybrid'][0]:.3f}",
            delta=row["delta"][0],
            ci95=(row["delta"][1], row["delta"][2]),
            looks=LOOKS,
            command=COMMAND,
        )
        for metric, row in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--results", type=Path, default=None)
    args = parser.parse_args()
    target = WEIGHTS_DIR / NAME
    if not target.exists():
        shutil.copytree(args.model, target)  # the weights are copied once, in final form
    trained = read_manifest(target)
    results = json.loads(args.results.read_text(encoding="utf-8")) if args.results else None
    data = DATA_DIR / "rjdb" / "rjdb_dev.jsonl"
    manifest = write_stage_manifest(
        target,
        name=NAME,
        kind="match-ranker",
        description="linear RankNet over the pipeline's 9 match features (hybrid's score, dense, "
        "lexical, coverage, experience, must-haves missed, years asked vs held, knock-out), "
        "trained on RJDB dev's calibration half",
        trained_as=f"{trained['name']}@v{trained['version']}",
        recipe=RECIPE,
        recipe_config=trained["config"],
        data=[
            {
                "source": "../shared/data/rjdb/rjdb_dev.jsonl (calibration half only: 250 "
                "triples of the seeded split 20261201; the report half is never read)",
                "sha256": file_sha256(data),
                "licence": "CC BY-SA 4.0",
                "attribution": "RJDB, Megagon Labs (github.com/megagonlabs/rjdb), fully synthetic",
            }
        ],
        licence=LICENCE,
        held_out=figures(results) if results else (),
        default_for=(),
    )
    print(f"wrote {target} ({len(manifest.files)} files, {len(manifest.held_out)} figures)")


if __name__ == "__main__":
    main()
