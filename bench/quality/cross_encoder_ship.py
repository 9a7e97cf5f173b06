"""Ship the RJDB cross-encoder as an opt-in stage: its int8 folder into the package, with a manifest.

Copies the folder ``bench.quality.cross_encoder_fit`` exported (``--model``: ``model.onnx``,
``onnx-embeddings.json``, ``cvmatch-model.json``, ``rerank-stage.json``,
``stage-calibration.json``; not ``tokenizer.json``, the base package's is used:
:func:`cvmatch.encoders.cross_encoder_onnx.tokenizer_file`) into
``src/cvmatch/encoders/weights/<name>/`` and writes its ``manifest.json`` in the shipped-stage
format (``kind``, recipe, data checksums and licences, the weights' licence, the sha256 of every
other file, the held-out figures of ``--report`` — the JSON ``bench.quality.cross_encoder_rjdb``
wrote — with their looks, ``default_for`` empty: opt-in). Protocol and figures:
docs/benchmarks/cross-encoder.md.

    .venv/bin/python -m bench.quality.cross_encoder_ship --model FOLDER --report JSON \\
        --trained-as REF --looks TEXT
"""

import argparse
import hashlib
import json
import shutil
from pathlib import Path

from bench.common import DATA_DIR, ROOT
from bench.quality.cross_encoder_pairs import DEFAULT_OUT
from cvmatch.encoders.cross_encoder_onnx import TOKENIZER_FILE
from cvmatch.training.config import load_config

NAME = "rjdb-cross-encoder-int8"
RECIPE = "recipes/experiments/rjdb-cross-encoder.yaml"
LICENCE = "CC BY-SA 4.0"
ATTRIBUTION = "RJDB, Megagon Labs (CC BY-SA 4.0)"
_RJDB = "rjdb/rjdb_dev.jsonl"
_METRICS = (
    ("pairwise_accuracy", None, "pairwise accuracy (strict, shown scores)"),
    ("ranking", "mrr", "MRR, pool of 30 CVs"),
    ("ranking", "ndcg@10", "nDCG@10, pool of 30 CVs"),
    ("ranking", "p@1", "precision@1, pool of 30 CVs"),
)


def sha256(path: Path) -> str:
    """Full sha256 (hex) of a file."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def held_out(report: dict, looks: str, command: str) -> list[dict[str, object]]:
    """The report-half figures of one ``cross_encoder_rjdb`` result, fused stage vs ``hybrid``."""
    out: list[dict[str, object]] = []
    for section, key, metric in _METRICS:
        figure = report[section] if key is None else report[section][key]
        staged, delta = figure["staged"], figure["delta"]
        out.append(
            {
                "set": f"RJDB dev report half ({report['triples_done']} triples)",
                "metric": metric,
                "value": staged[0],
                "baseline": f"hybrid {figure['hybrid'][0]}",
                "delta": delta[0],
                "ci95": [delta[1], delta[2]],
                "looks": looks,
                "command": command,
            }
        )
    return out


def manifest(target: Path, report: dict, trained_as: str, looks: str) -> dict[str, object]:
    """The shipped-stage manifest of ``target`` (every file but ``manifest.json`` checksummed)."""
    command = f"python -m bench.quality.cross_encoder_rjdb --model {report['model']}"
    files = {p.name: sha256(p) for p in sorted(target.iterdir()) if p.name != "manifest.json"}
    pairs = "built by python -m bench.quality.cross_encoder_pairs, calibration half only"
    return {
        "format": 1,
        "name": NAME,
        "kind": "cross-encoder",
        "description": (
            "all-MiniLM-L6-v2 cross-encoder fine-tuned on RJDB dev calibration-half job/CV pairs "
            "(evidence view), int8 ONNX, fused with the first stage's score"
        ),
        "languages": ["en"],
        "trained_as": trained_as,
        "recipe": RECIPE,
        "recipe_config": json.loads(load_config(ROOT / RECIPE).model_dump_json()),
        "data": [
            {
                "source": f"../shared/data/{_RJDB}",
                "sha256": sha256(DATA_DIR / _RJDB),
                "licence": LICENCE,
                "attribution": ATTRIBUTION,
            },
            {
                "source": f"bench/out/{DEFAULT_OUT.name}: {pairs}",
                "sha256": sha256(DEFAULT_OUT),
                "licence": f"{LICENCE} (derived from RJDB)",
                "attribution": ATTRIBUTION,
            },
        ],
        "licence": f"{LICENCE}: an adaptation of RJDB (ShareAlike), attribution {ATTRIBUTION}",
        "files": files,
        "held_out": held_out(report, looks, command),
        "default_for": [],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True)
    parser.add_argument("--report", type=Path, required=True)
    parser.add_argument("--trained-as", required=True)
    parser.add_argument("--looks", required=True)
    parser.add_argument("--to", type=Path, default=ROOT / "src/cvmatch/encoders/weights")
    args = parser.parse_args()
    target = args.to / NAME
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for source in sorted(args.model.iterdir()):
        if source.is_file() and source.name != TOKENIZER_FILE:
            shutil.copyfile(source, target / source.name)
    report = json.loads(args.report.read_text(encoding="utf-8"))
    data = manifest(target, report, args.trained_as, args.looks)
    text = json.dumps(data, indent=2, ensure_ascii=False)
    (target / "manifest.json").write_text(text + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in target.iterdir())
    print(json.dumps({"folder": str(target), "bytes": size, "files": data["files"]}, indent=2))


if __name__ == "__main__":
    main()
